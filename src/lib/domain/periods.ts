import { DateTime } from 'luxon';

/**
 * Report periods in the site's zone. 15-minute periods are stored; 30 and 60-minute periods and days are made
 * of them in the zone, so a DST day has 23 or 25 hours and each of its intervals is still exact.
 */
export const INTERVALS = ['15', '30', '60', 'day'] as const;
export type ReportInterval = (typeof INTERVALS)[number];

export function isReportInterval(value: string): value is ReportInterval {
	return (INTERVALS as readonly string[]).includes(value);
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The instant a local calendar day starts in `zone`, or null for a date that does not exist. */
export function startOfLocalDay(date: string, zone: string): Date | null {
	if (!LOCAL_DATE.test(date)) return null;
	const day = DateTime.fromISO(date, { zone });
	return day.isValid ? day.startOf('day').toJSDate() : null;
}

/** The start instants of the local days from `from` to `to` inclusive, and the start of the day after. */
export function localDayBoundaries(from: string, to: string, zone: string): Date[] {
	const boundaries: Date[] = [];
	let day = DateTime.fromISO(from, { zone }).startOf('day');
	const end = DateTime.fromISO(to, { zone }).startOf('day').plus({ days: 1 });
	while (day <= end) {
		boundaries.push(day.toJSDate());
		day = day.plus({ days: 1 }).startOf('day');
	}
	return boundaries;
}

const LOCAL_INSTANT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2}))?$/;

/**
 * A local date (`2026-11-26`: its midnight) or date and time (`2026-11-26 14:30`) in `zone`, as a person types
 * it on the command line or in a form; null when it is neither or does not exist.
 */
export function localInstant(text: string, zone: string): Date | null {
	const match = LOCAL_INSTANT.exec(text.trim());
	if (!match) return null;
	const [, date, hour = '00', minute = '00'] = match;
	const instant = DateTime.fromISO(`${date}T${hour}:${minute}`, { zone });
	return instant.isValid ? instant.toJSDate() : null;
}

/** Number of local days from `from` to `to` inclusive (0 or less when `to` is before `from`). */
export function localDaysInclusive(from: string, to: string, zone: string): number {
	const a = DateTime.fromISO(from, { zone });
	const b = DateTime.fromISO(to, { zone });
	return Math.round(b.diff(a, 'days').days) + 1;
}

/** `period_start` as the contract writes it: RFC 3339 with the zone's offset at that instant. */
export function formatPeriodStart(instant: Date, zone: string): string {
	return DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true })!;
}

/**
 * `formatPeriodStart` for a stream of rows in period order, where every queue or agent of a period repeats its
 * start: each instant is formatted once. NOTE: finding a zone's offset goes through Intl and dominated the
 * time of a year's export before this.
 */
export function periodStartFormatter(zone: string): (instant: Date) => string {
	let lastMs = NaN;
	let last = '';
	return (instant) => {
		const ms = instant.getTime();
		if (ms !== lastMs) {
			lastMs = ms;
			last = formatPeriodStart(instant, zone);
		}
		return last;
	};
}
