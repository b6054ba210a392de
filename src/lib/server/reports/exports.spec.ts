import { describe, expect, it } from 'vitest';
import { EXPORTS, frenchTitles, QUEUE_COLUMNS } from './exports.ts';

describe('excel-fr titles', () => {
	it('name the machine columns, in their order, with the glossary’s words and units', () => {
		expect(frenchTitles(QUEUE_COLUMNS)).toEqual([
			'Début de période',
			'File',
			'Présentés',
			'Traités',
			'Abandonnés',
			'Abandons courts',
			'Sortis de file',
			'Traités dans le seuil',
			'Abandonnés dans le seuil',
			'Seuil NS (s)',
			'NS traités (%)',
			'NS hors abandons (%)',
			'NS abandons positifs (%)',
			'NS abandons négatifs (%)',
			'DMR (s)',
			'DMC (s)',
			'Attente max. (s)',
			'Taux d’abandon (%)'
		]);
	});

	it('give every export as many titles as columns, none twice', () => {
		for (const { columns } of Object.values(EXPORTS)) {
			const titles = frenchTitles(columns);
			expect(titles).toHaveLength(columns.length);
			expect(new Set(titles).size).toBe(titles.length);
		}
	});
});
