import {
	addQueueCounters,
	EMPTY_QUEUE_COUNTERS,
	liveServiceLevels,
	type QueueCounters,
	type SlVariant
} from '../../domain/metrics.ts';
import { QUARTER_MS } from '../../domain/day-quarters.ts';
import type { IntervalFigures } from '../../protocol.ts';

/** What the intraday charts draw for one quarter hour: the screen's queues added together. */
export interface QuarterFigures {
	counters: QueueCounters;
	/** Calls of the quarter still waiting within the threshold: in no service-level denominator yet. */
	waitingWithinSl: number;
}

export const NO_QUARTER_FIGURES: QuarterFigures = { counters: EMPTY_QUEUE_COUNTERS, waitingWithinSl: 0 };

export function addQuarterFigures(a: QuarterFigures, b: QuarterFigures): QuarterFigures {
	return {
		counters: addQueueCounters(a.counters, b.counters),
		waitingWithinSl: a.waitingWithinSl + b.waitingWithinSl
	};
}

/** The interval rows put in the `count` quarters from `dayStartMs`, the queues of each added together. */
export function figuresByQuarter(intervals: IntervalFigures[], dayStartMs: number, count: number): QuarterFigures[] {
	const byQuarter = Array.from({ length: count }, () => NO_QUARTER_FIGURES);
	for (const row of intervals) {
		const index = Math.round((Date.parse(row.periodStart) - dayStartMs) / QUARTER_MS);
		if (index >= 0 && index < count) byQuarter[index] = addQuarterFigures(byQuarter[index]!, row);
	}
	return byQuarter;
}

/** The quarters counted in the recent service level: those that started less than this long ago. */
export const RECENT_WINDOW_MS = 30 * 60_000;

/**
 * The recent service level (glossary `service_level_recent_pct`): the same live formula as the day's, over the
 * quarters that started within the last 30 minutes (the current one and the one before), so a floor sees a
 * recovery or a slide long before the day's figure moves.
 */
export function recentServiceLevel(
	intervals: IntervalFigures[],
	variant: SlVariant,
	nowMs: number,
	windowMs: number = RECENT_WINDOW_MS
): number | null {
	let total = NO_QUARTER_FIGURES;
	for (const row of intervals)
		if (Date.parse(row.periodStart) > nowMs - windowMs && Date.parse(row.periodStart) <= nowMs)
			total = addQuarterFigures(total, row);
	return liveServiceLevels(total.counters, total.waitingWithinSl)[variant];
}

/**
 * The quarters the charts span: the desk's open hours rather than 00:00–24:00. From the hour of the first quarter
 * with a call to the hour after the later of now and the last quarter with a call; the whole day without calls.
 * Returned as [from, to) indices into the day's quarters.
 */
export function openSpan(quarters: QuarterFigures[], elapsed: number): { from: number; to: number } {
	const active = quarters.map((q, i) => (q.counters.offered > 0 ? i : -1)).filter((i) => i >= 0);
	if (active.length === 0) return { from: 0, to: quarters.length };
	const from = Math.floor(active[0]! / 4) * 4;
	const last = Math.max(active[active.length - 1]! + 1, Math.min(elapsed, quarters.length));
	const to = Math.min(quarters.length, Math.ceil(last / 4) * 4);
	return { from, to: Math.max(to, from + 4) };
}
