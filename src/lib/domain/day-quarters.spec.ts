import { describe, expect, it } from 'vitest';
import { businessDayOf } from './business-day.ts';
import { dayQuarters } from './day-quarters.ts';

const PARIS = 'Europe/Paris';
/** The quarters of the business day holding `now`, as the wall's charts draw them. */
const quartersOf = (now: string, dayStartMinutes = 0) => {
	const day = businessDayOf(new Date(now), PARIS, dayStartMinutes);
	return dayQuarters(day.start, day.end, PARIS);
};
const labels = (now: string, dayStartMinutes = 0) => quartersOf(now, dayStartMinutes).map((q) => q.label);

describe('dayQuarters', () => {
	it('has 96 quarters on a normal day, from the day start on the local clock', () => {
		const quarters = quartersOf('2026-03-02T12:00:00Z');
		expect(quarters).toHaveLength(96);
		expect(quarters[0]).toEqual({ start: Date.parse('2026-03-01T23:00:00Z'), label: '00:00' });
		expect(quarters[1]!.label).toBe('00:15');
		expect(quarters.at(-1)).toEqual({ start: Date.parse('2026-03-02T22:45:00Z'), label: '23:45' });
		expect(new Set(quarters.map((q) => q.label)).size).toBe(96);
	});

	it('has 100 quarters on the autumn day, the repeated hour shown twice', () => {
		// 25 October 2026: Paris goes back from 03:00 +02:00 to 02:00 +01:00.
		const quarters = quartersOf('2026-10-25T20:00:00Z');
		expect(quarters).toHaveLength(100);
		expect(quarters.map((q) => q.label).slice(7, 18)).toEqual([
			'01:45',
			'02:00',
			'02:15',
			'02:30',
			'02:45',
			'02:00',
			'02:15',
			'02:30',
			'02:45',
			'03:00',
			'03:15'
		]);
		// The last hour of the day is there: the chart reaches 23:45.
		expect(quarters.at(-1)).toEqual({ start: Date.parse('2026-10-25T22:45:00Z'), label: '23:45' });
		// Every quarter is exactly 15 minutes after the one before, through the change.
		expect(quarters.every((q, i) => i === 0 || q.start - quarters[i - 1]!.start === 15 * 60_000)).toBe(true);
	});

	it('has 92 quarters on the spring day, without the hour that does not exist', () => {
		// 29 March 2026: Paris jumps from 02:00 +01:00 to 03:00 +02:00.
		const day = labels('2026-03-29T10:00:00Z');
		expect(day).toHaveLength(92);
		expect(day.slice(6, 10)).toEqual(['01:30', '01:45', '03:00', '03:15']);
		expect(day.filter((label) => label.startsWith('02:'))).toEqual([]);
		expect(day.at(-1)).toBe('23:45');
	});

	it('follows VIGIE_DAY_START: the desk day holding the change is the long or short one', () => {
		const sixAm = 6 * 60;
		// The desk day from 24 October 06:00 holds the autumn night; the one from 25 October 06:00 does not.
		const autumn = labels('2026-10-25T01:30:00Z', sixAm);
		expect(autumn).toHaveLength(100);
		expect([autumn[0], autumn.at(-1)]).toEqual(['06:00', '05:45']);
		expect(autumn.filter((label) => label === '02:00')).toHaveLength(2);
		expect(labels('2026-10-25T12:00:00Z', sixAm)).toHaveLength(96);
		const spring = labels('2026-03-29T03:00:00Z', sixAm);
		expect(spring).toHaveLength(92);
		expect([spring[0], spring.at(-1)]).toEqual(['06:00', '05:45']);
	});
});
