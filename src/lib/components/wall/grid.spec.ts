import { describe, expect, it } from 'vitest';
import { cardGrid } from './grid.ts';

describe('card grid', () => {
	it('fills a 16:9 screen with tiles of a queue’s proportions', () => {
		expect(cardGrid(1, 1860, 900, 1.8)).toEqual({ columns: 1, rows: 1 });
		expect(cardGrid(4, 1860, 900, 1.8)).toEqual({ columns: 2, rows: 2 });
		// 13 queues and the total: 14 tiles.
		expect(cardGrid(14, 1860, 900, 1.8)).toEqual({ columns: 4, rows: 4 });
		const forty = cardGrid(41, 1860, 900, 1.8);
		expect(forty.columns * forty.rows).toBeGreaterThanOrEqual(41);
		expect(forty.columns * forty.rows - 41).toBeLessThan(forty.columns);
	});

	it('is the same at 4K as at 1080p: sizes are proportions', () => {
		expect(cardGrid(14, 3720, 1800, 1.8)).toEqual(cardGrid(14, 1860, 900, 1.8));
	});

	it('survives an area not measured yet', () => {
		expect(cardGrid(5, 0, 0, 2)).toEqual({ columns: 1, rows: 1 });
	});
});
