import { describe, expect, it } from 'vitest';
import { formatDuration, formatPercent, NONE } from './format.ts';

describe('wall formats', () => {
	it('writes durations as m:ss, then h:mm:ss', () => {
		expect(formatDuration(0)).toBe('0:00');
		expect(formatDuration(83.7)).toBe('1:23');
		expect(formatDuration(3725)).toBe('1:02:05');
		expect(formatDuration(null)).toBe(NONE);
	});

	it('rounds percentages and keeps empty ones empty', () => {
		expect(formatPercent(87.5)).toBe('88');
		expect(formatPercent(null)).toBe(NONE);
	});
});
