import type { Kysely } from 'kysely';
import {
	addQueueCounters,
	EMPTY_QUEUE_COUNTERS,
	queueMetrics,
	type QueueCounters,
	type QueueMetrics
} from '../../domain/metrics.ts';
import { formatPeriodStart } from '../../domain/periods.ts';
import type { Database } from '../db/schema.ts';
import type { ExportRequest } from './export-request.ts';
import { readQueuePeriods, type QueuePeriodRow } from './period-rows.ts';

/** One line of a queue report: a queue's counters over a period (or the whole range) and their figures. */
export interface QueueReportLine extends QueueCounters {
	/** RFC 3339 with the zone's offset; null on a line that covers the whole range. */
	period: string | null;
	/** null on the line that adds every queue together. */
	queue: string | null;
	slThresholdS: number | null;
	metrics: QueueMetrics;
}

function line(
	period: string | null,
	queue: string | null,
	counters: QueueCounters,
	slThresholdS: number | null
): QueueReportLine {
	return { period, queue, slThresholdS, ...counters, metrics: queueMetrics(counters) };
}

function countersOf(row: QueuePeriodRow): QueueCounters {
	const { periodStart: _period, queue: _queue, slThresholdS: _threshold, ...counters } = row;
	return counters;
}

/** The queue figures per period of the request's interval, in period then queue order. */
async function queuePeriodLines(db: Kysely<Database>, request: ExportRequest): Promise<QueueReportLine[]> {
	const lines: QueueReportLine[] = [];
	for await (const rows of readQueuePeriods(db, request)) {
		for (const row of rows)
			lines.push(line(formatPeriodStart(row.periodStart, request.zone), row.queue, countersOf(row), row.slThresholdS));
	}
	return lines;
}

/**
 * Queue activity by interval: each queue per period, and every chosen queue together per period (what the
 * charts draw), both in period order.
 */
export async function queueIntervalReport(
	db: Kysely<Database>,
	request: ExportRequest
): Promise<{ lines: QueueReportLine[]; periods: QueueReportLine[] }> {
	const lines = await queuePeriodLines(db, request);
	const byPeriod = new Map<string, QueueCounters>();
	for (const l of lines) byPeriod.set(l.period!, addQueueCounters(byPeriod.get(l.period!) ?? EMPTY_QUEUE_COUNTERS, l));
	const periods = [...byPeriod.entries()].map(([period, counters]) => line(period, null, counters, null));
	return { lines, periods };
}

/**
 * The daily summary per queue (Cisco's "CSQ Activity"): each queue over the whole range, every queue together,
 * and each day of each queue. Ranges add the stored counters, never averages, so every figure stays exact.
 */
export async function queueDailyReport(
	db: Kysely<Database>,
	request: ExportRequest
): Promise<{ queues: QueueReportLine[]; total: QueueReportLine; days: QueueReportLine[] }> {
	const days = await queuePeriodLines(db, { ...request, interval: 'day' });
	const byQueue = new Map<string, { counters: QueueCounters; slThresholdS: number }>();
	let all = EMPTY_QUEUE_COUNTERS;
	for (const day of days) {
		const queue = day.queue!;
		const before = byQueue.get(queue) ?? { counters: EMPTY_QUEUE_COUNTERS, slThresholdS: 0 };
		byQueue.set(queue, {
			counters: addQueueCounters(before.counters, day),
			slThresholdS: Math.max(before.slThresholdS, day.slThresholdS ?? 0)
		});
		all = addQueueCounters(all, day);
	}
	const queues = [...byQueue.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([queue, { counters, slThresholdS }]) => line(null, queue, counters, slThresholdS));
	return { queues, total: line(null, null, all, null), days };
}
