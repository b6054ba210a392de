import { DateTime } from 'luxon';

/** A range a supervisor picks in one click. */
export const QUICK_RANGES = ['today', 'yesterday', 'thisWeek', 'lastWeek', 'thisMonth', 'lastMonth'] as const;
export type QuickRange = (typeof QUICK_RANGES)[number];

/** The days of each quick range in the site's zone (weeks from Monday, as the ISO weeks of the reports). */
export function quickRanges(zone: string, now: Date = new Date()): Record<QuickRange, { from: string; to: string }> {
	const day = DateTime.fromJSDate(now, { zone }).startOf('day');
	const range = (from: DateTime, to: DateTime) => ({ from: from.toISODate()!, to: to.toISODate()! });
	const lastWeek = day.minus({ weeks: 1 });
	const lastMonth = day.minus({ months: 1 });
	return {
		today: range(day, day),
		yesterday: range(day.minus({ days: 1 }), day.minus({ days: 1 })),
		thisWeek: range(day.startOf('week'), day),
		lastWeek: range(lastWeek.startOf('week'), lastWeek.endOf('week')),
		thisMonth: range(day.startOf('month'), day),
		lastMonth: range(lastMonth.startOf('month'), lastMonth.endOf('month'))
	};
}
