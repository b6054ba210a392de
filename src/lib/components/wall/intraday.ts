import { addQueueCounters, EMPTY_QUEUE_COUNTERS, type QueueCounters } from '../../domain/metrics.ts';
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
