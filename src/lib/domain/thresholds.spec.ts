import { describe, expect, it } from 'vitest';
import { levelOf } from './thresholds.ts';

describe('levelOf', () => {
	const thresholds = { warn: 5, alarm: 10 };
	it('is ok below warn, warn from warn, alarm from alarm', () => {
		expect(levelOf(0, thresholds)).toBe('ok');
		expect(levelOf(4, thresholds)).toBe('ok');
		expect(levelOf(5, thresholds)).toBe('warn');
		expect(levelOf(9, thresholds)).toBe('warn');
		expect(levelOf(10, thresholds)).toBe('alarm');
		expect(levelOf(42, thresholds)).toBe('alarm');
	});

	it('is ok for an empty value', () => {
		expect(levelOf(null, thresholds)).toBe('ok');
	});
});
