import { DateTime } from 'luxon';

/**
 * Report periods in the site's zone. 15-minute periods are stored; 30 and 60-minute periods, days, ISO weeks (from
 * Monday) and calendar months are made of them in the zone, so a DST day has 23 or 25 hours, its week 167 or 169,
 * and each of its intervals is still exact.
 */
export const INTERVALS = ['15', '30', '60', 'day', 'week', 'month'] as const;
export type ReportInterval = (typeof INTERVALS)[number];

/** The intervals that are whole calendar periods, each made of whole local days. */
export type CalendarInterval = Extract<ReportInterval, 'day' | 'week' | 'month'>;

/** The calendar period whose whole days a request's queries read at a time: a week or month for those, else a day. */
export function calendarUnit(interval: ReportInterval): CalendarInterval {
	return interval === 'week' || interval === 'month' ? interval : 'day';
}

export function isReportInterval(value: string): value is ReportInterval {
	return (INTERVALS as readonly string[]).includes(value);
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const FRENCH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * A local day as people type it, `2026-11-26` or the French `26/11/2026`, written `YYYY-MM-DD`; the text as it was
 * (trimmed) when it is neither, for the caller to refuse by name.
 */
export function normalizeLocalDate(text: string): string {
	const trimmed = text.trim();
	const french = FRENCH_DATE.exec(trimmed);
	return french ? `${french[3]}-${french[2]!.padStart(2, '0')}-${french[1]!.padStart(2, '0')}` : trimmed;
}

/** The instant a local calendar day starts in `zone`, or null for a date that does not exist. */
export function startOfLocalDay(date: string, zone: string): Date | null {
	if (!LOCAL_DATE.test(date)) return null;
	const day = DateTime.fromISO(date, { zone });
	return day.isValid ? day.startOf('day').toJSDate() : null;
}

/**
 * The start instants of the local days (or ISO weeks, or months) from the one holding `from` to the one holding
 * `to` inclusive, and the start of the one after.
 */
export function localDayBoundaries(from: string, to: string, zone: string, unit: CalendarInterval = 'day'): Date[] {
	const boundaries: Date[] = [];
	let start = DateTime.fromISO(from, { zone }).startOf(unit);
	const end = DateTime.fromISO(to, { zone })
		.startOf(unit)
		.plus({ [`${unit}s`]: 1 });
	while (start <= end) {
		boundaries.push(start.toJSDate());
		start = start.plus({ [`${unit}s`]: 1 }).startOf(unit);
	}
	return boundaries;
}

/**
 * The whole weeks or months that hold `from` and `to` (local days, inclusive): a weekly or monthly report covers
 * its first and last periods whole, so that no week or month is counted from a part of its days.
 */
export function wholeCalendarPeriods(
	from: string,
	to: string,
	interval: ReportInterval,
	zone: string
): { from: string; to: string } {
	if (interval !== 'week' && interval !== 'month') return { from, to };
	return {
		from: DateTime.fromISO(from, { zone }).startOf(interval).toISODate()!,
		to: DateTime.fromISO(to, { zone }).endOf(interval).toISODate()!
	};
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

/**
 * An instant as a French spreadsheet reads a date: local `JJ/MM/AAAA HH:MM` (`HH:MM:SS` with `seconds`), which
 * Excel FR and LibreOffice in French turn into a date and time, and apart the zone's offset then (`+01:00`), which
 * tells the two 02:00 of an October night apart. Each instant is formatted once, as in `periodStartFormatter`.
 */
export function spreadsheetInstantFormatter(
	zone: string,
	seconds = false
): (instant: Date) => { local: string; offset: string } {
	const pattern = seconds ? 'dd/MM/yyyy HH:mm:ss' : 'dd/MM/yyyy HH:mm';
	let lastMs = NaN;
	let last = { local: '', offset: '' };
	return (instant) => {
		const ms = instant.getTime();
		if (ms !== lastMs) {
			lastMs = ms;
			const local = DateTime.fromMillis(ms, { zone });
			last = { local: local.toFormat(pattern), offset: local.toFormat('ZZ') };
		}
		return last;
	};
}
