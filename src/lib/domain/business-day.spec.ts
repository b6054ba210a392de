import { describe, expect, it } from 'vitest';
import { startOfBusinessDay } from './business-day.ts';

describe('startOfBusinessDay', () => {
	it('starts at local midnight by default, not UTC midnight', () => {
		expect(startOfBusinessDay(new Date('2026-03-02T23:30:00Z'), 'Europe/Paris', 0).toISOString()).toBe(
			'2026-03-02T23:00:00.000Z'
		);
	});

	it('keeps the night on the previous day for a desk that starts at 06:00', () => {
		expect(startOfBusinessDay(new Date('2026-03-03T02:00:00Z'), 'Europe/Paris', 360).toISOString()).toBe(
			'2026-03-02T05:00:00.000Z'
		);
		expect(startOfBusinessDay(new Date('2026-03-03T05:00:00Z'), 'Europe/Paris', 360).toISOString()).toBe(
			'2026-03-03T05:00:00.000Z'
		);
	});

	it('follows the wall clock across a daylight-saving change', () => {
		// 29 March 2026: Paris moves from +01:00 to +02:00 at 02:00.
		expect(startOfBusinessDay(new Date('2026-03-29T12:00:00Z'), 'Europe/Paris', 360).toISOString()).toBe(
			'2026-03-29T04:00:00.000Z'
		);
	});
});
