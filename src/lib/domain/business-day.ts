import { DateTime } from 'luxon';

/**
 * The instant "today" began for a desk whose day starts `dayStartMinutes` after local midnight in `zone`:
 * a 24-hour desk starting at 06:00 still counts 03:00 as part of yesterday.
 * Set on the wall-clock time, so a daylight-saving night moves nothing.
 */
export function startOfBusinessDay(now: Date, zone: string, dayStartMinutes: number): Date {
	const local = DateTime.fromJSDate(now, { zone });
	const at = (day: DateTime) =>
		day.set({ hour: Math.floor(dayStartMinutes / 60), minute: dayStartMinutes % 60, second: 0, millisecond: 0 });
	const start = at(local);
	return (start > local ? at(local.minus({ days: 1 })) : start).toJSDate();
}
