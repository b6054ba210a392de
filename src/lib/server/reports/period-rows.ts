import { sql, type Kysely, type RawBuilder } from 'kysely';
import { localDayBoundaries, type ReportInterval } from '../../domain/periods.ts';
import { loggedInMs, type QueueCounters } from '../../domain/metrics.ts';
import type { Database } from '../db/schema.ts';
import type { ExportRequest } from './export-request.ts';

/**
 * The period a stored 15-minute row belongs to, for a report interval in the site's zone. Hours and half-hours
 * are cut on the local clock minute, straight from the instant, so the two 02:00 hours of an autumn DST change
 * stay two periods; a day starts at local midnight.
 */
function reportPeriod(interval: ReportInterval, zone: string): RawBuilder<Date> {
	switch (interval) {
		case '15':
			return sql<Date>`period_start`;
		case '30':
		case '60':
			return sql<Date>`period_start - make_interval(mins =>
				extract(minute FROM period_start AT TIME ZONE ${zone})::int % ${Number(interval)})`;
		case 'day':
			return sql<Date>`((period_start AT TIME ZONE ${zone})::date::timestamp AT TIME ZONE ${zone})`;
	}
}

/**
 * Runs `query` once per local day of the request and yields each day's rows: memory stays flat whatever the
 * range, and rows come out in period order since no report period spans two local days. The next day's query
 * runs while this day's rows are consumed, so a long export never waits on the database between days.
 * NOTE: a day at a time, not a row at a time: a year's export is millions of rows, and an await per row cost
 * more than everything else it does.
 */
export async function* dayByDay<Row>(
	request: ExportRequest,
	query: (dayStart: Date, nextDayStart: Date) => Promise<Row[]>
): AsyncGenerator<Row[]> {
	const boundaries = localDayBoundaries(request.from, request.to, request.zone);
	const day = (i: number) => (i + 1 < boundaries.length ? query(boundaries[i]!, boundaries[i + 1]!) : null);
	let next = day(0);
	try {
		for (let i = 0; next; i++) {
			const rows = await next;
			next = day(i + 1);
			yield rows;
		}
	} finally {
		// A reader that stops early (a closed download) leaves the prefetched day behind: its failure is moot.
		next?.catch(() => {});
	}
}

/** The rows of a day-by-day reader one by one, for a report that holds them all anyway. */
export async function* rowsOf<Row>(days: AsyncIterable<Row[]>): AsyncGenerator<Row> {
	for await (const rows of days) yield* rows;
}

/**
 * An instant as epoch milliseconds. NOTE: rows carry their period start this way, made a Date by `withDates`:
 * pg's parsing of timestamptz text cost twice as much as the rest of a row, and a year's export is millions.
 */
export function epochMs(instant: RawBuilder<Date> | RawBuilder<unknown>): RawBuilder<number> {
	return sql<number>`(extract(epoch FROM ${instant}) * 1000)::float8`;
}

type WithEpoch<Row, Key extends keyof Row> = Omit<Row, Key> & Record<Key, number>;

/** Turns the epoch milliseconds `epochMs` selected under `key` into Dates, in place. */
export function withDates<Row, Key extends keyof Row>(rows: WithEpoch<Row, Key>[], key: Key): Row[] {
	for (const row of rows) (row as Record<Key, unknown>)[key] = new Date(row[key] as number);
	return rows as unknown as Row[];
}

export interface QueuePeriodRow extends QueueCounters {
	periodStart: Date;
	queue: string;
	/** The highest service-level threshold in force during the period (the export's `sl_threshold_s`)… */
	slThresholdS: number;
	/** …and the lowest: they differ when the queue's setting changed within the period. */
	slThresholdMinS: number;
}

export function readQueuePeriods(db: Kysely<Database>, request: ExportRequest): AsyncGenerator<QueuePeriodRow[]> {
	const period = reportPeriod(request.interval, request.zone);
	const onlyQueues = request.queues.length > 0 ? sql`AND queue = ANY(${request.queues}::text[])` : sql``;
	return dayByDay(request, async (from, to) => {
		const result = await sql<WithEpoch<QueuePeriodRow, 'periodStart'>>`
			SELECT ${epochMs(period)} AS "periodStart", queue,
				sum(offered)::int AS offered, sum(answered)::int AS answered, sum(abandoned)::int AS abandoned,
				sum(short_abandoned)::int AS "shortAbandoned", sum(dequeued)::int AS dequeued,
				sum(answered_within_sl)::int AS "answeredWithinSl", sum(abandoned_within_sl)::int AS "abandonedWithinSl",
				sum(answered_wait_ms)::float8 AS "answeredWaitMs", sum(talk_ms)::float8 AS "talkMs",
				sum(talked)::int AS talked, max(max_wait_ms)::float8 AS "maxWaitMs",
				max(sl_threshold_s) AS "slThresholdS", min(sl_threshold_s) AS "slThresholdMinS"
			FROM queue_intervals
			WHERE period_start >= ${from} AND period_start < ${to} ${onlyQueues}
			GROUP BY 1, 2
			ORDER BY 1, 2`.execute(db);
		return withDates(result.rows, 'periodStart');
	});
}

export interface AgentPeriodRow {
	periodStart: Date;
	agent: string;
	readyMs: number;
	notReadyMs: number;
	reservedMs: number;
	talkingMs: number;
	workMs: number;
	answered: number;
}

/** An agent row's logged-in time, by the metrics module's rule (every state but logged out). */
export function loggedInMsOf(
	row: Pick<AgentPeriodRow, 'readyMs' | 'notReadyMs' | 'reservedMs' | 'talkingMs' | 'workMs'>
): number {
	return loggedInMs({
		ready: row.readyMs,
		not_ready: row.notReadyMs,
		reserved: row.reservedMs,
		talking: row.talkingMs,
		work: row.workMs
	});
}

export function readAgentPeriods(db: Kysely<Database>, request: ExportRequest): AsyncGenerator<AgentPeriodRow[]> {
	const period = reportPeriod(request.interval, request.zone);
	const onlyAgents = request.agents.length > 0 ? sql`AND agent = ANY(${request.agents}::text[])` : sql``;
	return dayByDay(request, async (from, to) => {
		const result = await sql<WithEpoch<AgentPeriodRow, 'periodStart'>>`
			WITH states AS (
				SELECT ${period} AS period, agent,
					sum(duration_ms) FILTER (WHERE state = 'ready') AS ready,
					sum(duration_ms) FILTER (WHERE state = 'not_ready') AS not_ready,
					sum(duration_ms) FILTER (WHERE state = 'reserved') AS reserved,
					sum(duration_ms) FILTER (WHERE state = 'talking') AS talking,
					sum(duration_ms) FILTER (WHERE state = 'work') AS work
				FROM agent_state_intervals
				WHERE period_start >= ${from} AND period_start < ${to} ${onlyAgents}
				GROUP BY 1, 2
			), answers AS (
				SELECT ${period} AS period, agent, sum(answered) AS answered
				FROM agent_answer_intervals
				WHERE period_start >= ${from} AND period_start < ${to} ${onlyAgents}
				GROUP BY 1, 2
			)
			SELECT ${epochMs(sql`period`)} AS "periodStart", agent,
				coalesce(ready, 0)::float8 AS "readyMs", coalesce(not_ready, 0)::float8 AS "notReadyMs",
				coalesce(reserved, 0)::float8 AS "reservedMs", coalesce(talking, 0)::float8 AS "talkingMs",
				coalesce(work, 0)::float8 AS "workMs", coalesce(answered, 0)::int AS answered
			FROM states FULL JOIN answers USING (period, agent)
			ORDER BY 1, 2`.execute(db);
		return withDates(result.rows, 'periodStart');
	});
}

export interface NotReadyPeriodRow {
	periodStart: Date;
	agent: string;
	reason: string;
	durationMs: number;
}

export function readNotReadyPeriods(db: Kysely<Database>, request: ExportRequest): AsyncGenerator<NotReadyPeriodRow[]> {
	const period = reportPeriod(request.interval, request.zone);
	const onlyAgents = request.agents.length > 0 ? sql`AND agent = ANY(${request.agents}::text[])` : sql``;
	return dayByDay(request, async (from, to) => {
		const result = await sql<WithEpoch<NotReadyPeriodRow, 'periodStart'>>`
			SELECT ${epochMs(period)} AS "periodStart", agent, reason, sum(duration_ms)::float8 AS "durationMs"
			FROM agent_state_intervals
			WHERE state = 'not_ready' AND period_start >= ${from} AND period_start < ${to} ${onlyAgents}
			GROUP BY 1, 2, 3
			ORDER BY 1, 2, 3`.execute(db);
		return withDates(result.rows, 'periodStart');
	});
}
