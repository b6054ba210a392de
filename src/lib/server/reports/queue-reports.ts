import type { Kysely } from 'kysely';
import {
	addQueueCounters,
	EMPTY_QUEUE_COUNTERS,
	queueMetrics,
	type QueueCounters,
	type QueueMetrics
} from '../../domain/metrics.ts';
import { formatPeriodStart, localDayBoundaries } from '../../domain/periods.ts';
import { settingsChangesBetween, type QueueSettings } from '../aggregates/queue-settings.ts';
import type { Database } from '../db/schema.ts';
import type { ExportRequest } from './export-request.ts';
import { readQueuePeriods, type QueuePeriodRow } from './period-rows.ts';

/** One line of a queue report: a queue's counters over a period (or the whole range) and their figures. */
export interface QueueReportLine extends QueueCounters {
	/** RFC 3339 with the zone's offset; null on a line that covers the whole range. */
	period: string | null;
	/** null on the line that adds every queue together. */
	queue: string | null;
	/**
	 * The service-level threshold the line was computed with; when the queue's setting changed within the line's
	 * period or range, `slThresholdMinS` is the lower and `slThresholdS` the higher of those in force. Null on the
	 * line that adds every queue together.
	 */
	slThresholdS: number | null;
	slThresholdMinS: number | null;
	metrics: QueueMetrics;
}

type Thresholds = Pick<QueueReportLine, 'slThresholdS' | 'slThresholdMinS'>;
const NO_THRESHOLD: Thresholds = { slThresholdS: null, slThresholdMinS: null };

function line(
	period: string | null,
	queue: string | null,
	counters: QueueCounters,
	thresholds: Thresholds
): QueueReportLine {
	return { period, queue, ...thresholds, ...counters, metrics: queueMetrics(counters) };
}

function countersOf(row: QueuePeriodRow): QueueCounters {
	const { periodStart: _period, queue: _queue, slThresholdS: _max, slThresholdMinS: _min, ...counters } = row;
	return counters;
}

/** The thresholds of two lines of the same queue taken together. */
function widen(a: Thresholds, b: Thresholds): Thresholds {
	const pick = (f: (...n: number[]) => number, x: number | null, y: number | null) =>
		x === null ? y : y === null ? x : f(x, y);
	return {
		slThresholdS: pick(Math.max, a.slThresholdS, b.slThresholdS),
		slThresholdMinS: pick(Math.min, a.slThresholdMinS, b.slThresholdMinS)
	};
}

/** A queue setting that changed within a report's range: each period keeps the one then in force. */
export interface SettingsChangeLine {
	queue: string;
	/** RFC 3339 with the zone's offset. */
	effectiveFrom: string;
	before: QueueSettings;
	after: QueueSettings;
}

/** The settings changes of the request's queues within its range, for the report to say which held when. */
async function settingsChanges(db: Kysely<Database>, request: ExportRequest): Promise<SettingsChangeLine[]> {
	const days = localDayBoundaries(request.from, request.to, request.zone);
	const changes = await settingsChangesBetween(db, request.queues, days[0]!, days.at(-1)!);
	return changes.map((c) => ({ ...c, effectiveFrom: formatPeriodStart(c.effectiveFrom, request.zone) }));
}

/** The queue figures per period of the request's interval, in period then queue order. */
async function queuePeriodLines(db: Kysely<Database>, request: ExportRequest): Promise<QueueReportLine[]> {
	const lines: QueueReportLine[] = [];
	for await (const rows of readQueuePeriods(db, request)) {
		for (const row of rows)
			lines.push(
				line(formatPeriodStart(row.periodStart, request.zone), row.queue, countersOf(row), {
					slThresholdS: row.slThresholdS,
					slThresholdMinS: row.slThresholdMinS
				})
			);
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
): Promise<{ lines: QueueReportLine[]; periods: QueueReportLine[]; settingsChanges: SettingsChangeLine[] }> {
	const lines = await queuePeriodLines(db, request);
	const byPeriod = new Map<string, QueueCounters>();
	for (const l of lines) byPeriod.set(l.period!, addQueueCounters(byPeriod.get(l.period!) ?? EMPTY_QUEUE_COUNTERS, l));
	const periods = [...byPeriod.entries()].map(([period, counters]) => line(period, null, counters, NO_THRESHOLD));
	return { lines, periods, settingsChanges: await settingsChanges(db, request) };
}

/**
 * The daily summary per queue (Cisco's "CSQ Activity"): each queue over the whole range, every queue together,
 * and each day of each queue. Ranges add the stored counters, never averages, so every figure stays exact.
 */
export async function queueDailyReport(
	db: Kysely<Database>,
	request: ExportRequest
): Promise<{
	queues: QueueReportLine[];
	total: QueueReportLine;
	days: QueueReportLine[];
	settingsChanges: SettingsChangeLine[];
}> {
	const days = await queuePeriodLines(db, { ...request, interval: 'day' });
	const byQueue = new Map<string, { counters: QueueCounters; thresholds: Thresholds }>();
	let all = EMPTY_QUEUE_COUNTERS;
	for (const day of days) {
		const queue = day.queue!;
		const before = byQueue.get(queue) ?? { counters: EMPTY_QUEUE_COUNTERS, thresholds: NO_THRESHOLD };
		byQueue.set(queue, {
			counters: addQueueCounters(before.counters, day),
			thresholds: widen(before.thresholds, day)
		});
		all = addQueueCounters(all, day);
	}
	const queues = [...byQueue.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([queue, { counters, thresholds }]) => line(null, queue, counters, thresholds));
	return {
		queues,
		total: line(null, null, all, NO_THRESHOLD),
		days,
		settingsChanges: await settingsChanges(db, request)
	};
}
