import { DateTime } from 'luxon';

/** A business day: from its start to the start of the next one (23, 24 or 25 hours). */
export interface BusinessDay {
	start: Date;
	end: Date;
}

/**
 * When the business day of a local calendar date starts: `dayStartMinutes` after midnight on that date's wall
 * clock. A start the spring change skips moves forward past the gap; a start the autumn change repeats is taken
 * at one of its two occurrences, always the same, so consecutive days meet with no gap and no overlap.
 */
function startOnDate(date: DateTime, dayStartMinutes: number): DateTime {
	return DateTime.fromObject(
		{
			year: date.year,
			month: date.month,
			day: date.day,
			hour: Math.floor(dayStartMinutes / 60),
			minute: dayStartMinutes % 60
		},
		{ zone: date.zone }
	);
}

/**
 * The business day holding `now` for a desk whose day starts `dayStartMinutes` after local midnight in `zone`:
 * a 24-hour desk starting at 06:00 still counts 03:00 as part of yesterday. Set on the wall clock, so a
 * daylight-saving night moves neither end, and the day holding it lasts 23 or 25 hours.
 */
export function businessDayOf(now: Date, zone: string, dayStartMinutes: number): BusinessDay {
	const local = DateTime.fromJSDate(now, { zone });
	const date = startOnDate(local, dayStartMinutes) > local ? local.minus({ days: 1 }) : local;
	return {
		start: startOnDate(date, dayStartMinutes).toJSDate(),
		end: startOnDate(date.plus({ days: 1 }), dayStartMinutes).toJSDate()
	};
}

/** The instant "today" began: the start of `businessDayOf(now, …)`. */
export function startOfBusinessDay(now: Date, zone: string, dayStartMinutes: number): Date {
	return businessDayOf(now, zone, dayStartMinutes).start;
}
