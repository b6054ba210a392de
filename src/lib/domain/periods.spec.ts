import { describe, expect, it } from 'vitest';
import { formatPeriodStart, localDayBoundaries, localDaysInclusive, startOfLocalDay } from './periods.ts';

const PARIS = 'Europe/Paris';

describe('periods in the site zone', () => {
	it('starts days at local midnight, with the offset of the day', () => {
		expect(startOfLocalDay('2026-01-15', PARIS)?.toISOString()).toBe('2026-01-14T23:00:00.000Z');
		expect(startOfLocalDay('2026-07-15', PARIS)?.toISOString()).toBe('2026-07-14T22:00:00.000Z');
		expect(startOfLocalDay('2026-02-30', PARIS)).toBeNull();
		expect(startOfLocalDay('15/01/2026', PARIS)).toBeNull();
	});

	it('gives DST days 23 and 25 hours', () => {
		const spring = localDayBoundaries('2026-03-29', '2026-03-29', PARIS);
		expect((spring[1]!.getTime() - spring[0]!.getTime()) / 3_600_000).toBe(23);
		const autumn = localDayBoundaries('2026-10-25', '2026-10-25', PARIS);
		expect((autumn[1]!.getTime() - autumn[0]!.getTime()) / 3_600_000).toBe(25);
	});

	it('lists every day of an inclusive range plus the next midnight', () => {
		expect(localDayBoundaries('2026-03-28', '2026-03-30', PARIS).map((d) => formatPeriodStart(d, PARIS))).toEqual([
			'2026-03-28T00:00:00+01:00',
			'2026-03-29T00:00:00+01:00',
			'2026-03-30T00:00:00+02:00',
			'2026-03-31T00:00:00+02:00'
		]);
		expect(localDaysInclusive('2026-03-28', '2026-03-30', PARIS)).toBe(3);
		expect(localDaysInclusive('2026-03-30', '2026-03-28', PARIS)).toBe(-1);
	});

	it('writes the two 02:00 hours of the autumn change apart', () => {
		expect(formatPeriodStart(new Date('2026-10-25T00:00:00Z'), PARIS)).toBe('2026-10-25T02:00:00+02:00');
		expect(formatPeriodStart(new Date('2026-10-25T01:00:00Z'), PARIS)).toBe('2026-10-25T02:00:00+01:00');
	});
});
