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

describe('levelOf where less is worse', () => {
	const serviceLevel = { warn: 80, alarm: 70 };
	it('is ok from warn, warn below warn, alarm below alarm', () => {
		expect(levelOf(100, serviceLevel)).toBe('ok');
		expect(levelOf(80, serviceLevel)).toBe('ok');
		expect(levelOf(79.9, serviceLevel)).toBe('warn');
		expect(levelOf(70, serviceLevel)).toBe('warn');
		expect(levelOf(69.9, serviceLevel)).toBe('alarm');
		expect(levelOf(null, serviceLevel)).toBe('ok');
	});
});
