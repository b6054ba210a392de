import { describe, expect, it } from 'vitest';
import { businessDayOf, startOfBusinessDay } from './business-day.ts';

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

describe('businessDayOf', () => {
	it('ends where the next day starts: 23, 24 or 25 hours', () => {
		const hours = (now: string) => {
			const day = businessDayOf(new Date(now), 'Europe/Paris', 0);
			return (day.end.getTime() - day.start.getTime()) / 3_600_000;
		};
		expect(hours('2026-03-02T12:00:00Z')).toBe(24);
		expect(hours('2026-03-29T12:00:00Z')).toBe(23);
		expect(hours('2026-10-25T12:00:00Z')).toBe(25);
	});

	it('tiles the DST weekends with no gap and no overlap, whatever the day start', () => {
		// Day starts inside the skipped and the repeated hour included (02:00, 02:30 and 02:45 in Paris).
		for (const dayStartMinutes of [0, 120, 150, 165, 180, 360]) {
			for (const from of ['2026-03-27T00:00:00Z', '2026-10-23T00:00:00Z']) {
				let previousStart = 0;
				for (let at = Date.parse(from); at < Date.parse(from) + 4 * 86_400_000; at += 15 * 60_000) {
					const day = businessDayOf(new Date(at), 'Europe/Paris', dayStartMinutes);
					// "Today" never goes back to yesterday as time moves on.
					expect(day.start.getTime()).toBeGreaterThanOrEqual(previousStart);
					previousStart = day.start.getTime();
					expect(day.start.getTime()).toBeLessThanOrEqual(at);
					expect(day.end.getTime()).toBeGreaterThan(at);
					expect(businessDayOf(day.end, 'Europe/Paris', dayStartMinutes).start).toEqual(day.end);
				}
			}
		}
	});
});
