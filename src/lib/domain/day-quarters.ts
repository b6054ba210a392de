/** The stored periods' length: every chart of the day has one point per quarter hour. */
export const QUARTER_MS = 15 * 60_000;

/** One quarter hour of a business day: its start instant and its label on the site's wall clock. */
export interface DayQuarter {
	start: number;
	label: string;
}

/**
 * The quarter hours of a business day, from its start to the next day's start: 96 on most days, 92 and 100 on
 * the days a daylight-saving change shortens or lengthens. Labels read the local clock of `zone`, so the hour
 * the autumn change repeats shows twice and the one the spring change skips is missing.
 * NOTE: Intl rather than luxon, so the kiosk's bundle stays small; `start`/`end` come from `businessDayOf`.
 */
export function dayQuarters(start: Date, end: Date, zone: string): DayQuarter[] {
	const format = new Intl.DateTimeFormat('fr-FR', {
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
		timeZone: zone
	});
	const count = Math.round((end.getTime() - start.getTime()) / QUARTER_MS);
	// Before the first snapshot there is no day yet.
	if (!(count > 0)) return [];
	return Array.from({ length: count }, (_, i) => {
		const at = start.getTime() + i * QUARTER_MS;
		return { start: at, label: format.format(at) };
	});
}
