import { describe, expect, it } from 'vitest';
import {
	formatPeriodStart,
	localDayBoundaries,
	localDaysInclusive,
	startOfLocalDay,
	wholeCalendarPeriods
} from './periods.ts';

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

	it('cuts ISO weeks from Monday and calendar months at local midnight, DST weeks included', () => {
		const weeks = localDayBoundaries('2026-10-21', '2026-10-28', PARIS, 'week');
		expect(weeks.map((d) => formatPeriodStart(d, PARIS))).toEqual([
			'2026-10-19T00:00:00+02:00',
			'2026-10-26T00:00:00+01:00',
			'2026-11-02T00:00:00+01:00'
		]);
		// The week of the autumn change has 169 hours.
		expect((weeks[1]!.getTime() - weeks[0]!.getTime()) / 3_600_000).toBe(169);
		expect(
			localDayBoundaries('2026-03-15', '2026-04-02', PARIS, 'month').map((d) => formatPeriodStart(d, PARIS))
		).toEqual(['2026-03-01T00:00:00+01:00', '2026-04-01T00:00:00+02:00', '2026-05-01T00:00:00+02:00']);
	});

	it('widens a weekly or monthly range to whole weeks or months', () => {
		expect(wholeCalendarPeriods('2026-11-26', '2026-12-02', 'week', PARIS)).toEqual({
			from: '2026-11-23',
			to: '2026-12-06'
		});
		// 2027-01-01 is a Friday: its ISO week starts in 2026.
		expect(wholeCalendarPeriods('2027-01-01', '2027-01-01', 'week', PARIS)).toEqual({
			from: '2026-12-28',
			to: '2027-01-03'
		});
		expect(wholeCalendarPeriods('2026-11-26', '2027-02-10', 'month', PARIS)).toEqual({
			from: '2026-11-01',
			to: '2027-02-28'
		});
		expect(wholeCalendarPeriods('2026-11-26', '2026-11-27', 'day', PARIS)).toEqual({
			from: '2026-11-26',
			to: '2026-11-27'
		});
	});
});
