import { sql, type Kysely, type RawBuilder } from 'kysely';
import { localDayBoundaries, type ReportInterval } from '../../domain/periods.ts';
import type { QueueCounters } from '../../domain/metrics.ts';
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
 * Runs `query` once per local day of the request and yields its rows: memory stays flat whatever the range,
 * and rows come out in period order since no report period spans two local days.
 */
export async function* dayByDay<Row>(
	request: ExportRequest,
	query: (dayStart: Date, nextDayStart: Date) => Promise<Row[]>
): AsyncGenerator<Row> {
	const boundaries = localDayBoundaries(request.from, request.to, request.zone);
	for (let i = 0; i + 1 < boundaries.length; i++) yield* await query(boundaries[i]!, boundaries[i + 1]!);
}

export interface QueuePeriodRow extends QueueCounters {
	periodStart: Date;
	queue: string;
	slThresholdS: number;
}

export function readQueuePeriods(db: Kysely<Database>, request: ExportRequest): AsyncGenerator<QueuePeriodRow> {
	const period = reportPeriod(request.interval, request.zone);
	const onlyQueues = request.queues.length > 0 ? sql`AND queue = ANY(${request.queues}::text[])` : sql``;
	return dayByDay(request, async (from, to) => {
		const result = await sql<QueuePeriodRow>`
			SELECT ${period} AS "periodStart", queue,
				sum(offered)::int AS offered, sum(answered)::int AS answered, sum(abandoned)::int AS abandoned,
				sum(short_abandoned)::int AS "shortAbandoned", sum(dequeued)::int AS dequeued,
				sum(answered_within_sl)::int AS "answeredWithinSl", sum(abandoned_within_sl)::int AS "abandonedWithinSl",
				sum(answered_wait_ms)::float8 AS "answeredWaitMs", sum(talk_ms)::float8 AS "talkMs",
				sum(talked)::int AS talked, max(max_wait_ms)::float8 AS "maxWaitMs",
				max(sl_threshold_s) AS "slThresholdS"
			FROM queue_intervals
			WHERE period_start >= ${from} AND period_start < ${to} ${onlyQueues}
			GROUP BY 1, 2
			ORDER BY 1, 2`.execute(db);
		return result.rows;
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

export function readAgentPeriods(db: Kysely<Database>, request: ExportRequest): AsyncGenerator<AgentPeriodRow> {
	const period = reportPeriod(request.interval, request.zone);
	const onlyAgents = request.agents.length > 0 ? sql`AND agent = ANY(${request.agents}::text[])` : sql``;
	return dayByDay(request, async (from, to) => {
		const result = await sql<AgentPeriodRow>`
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
			SELECT period AS "periodStart", agent,
				coalesce(ready, 0)::float8 AS "readyMs", coalesce(not_ready, 0)::float8 AS "notReadyMs",
				coalesce(reserved, 0)::float8 AS "reservedMs", coalesce(talking, 0)::float8 AS "talkingMs",
				coalesce(work, 0)::float8 AS "workMs", coalesce(answered, 0)::int AS answered
			FROM states FULL JOIN answers USING (period, agent)
			ORDER BY 1, 2`.execute(db);
		return result.rows;
	});
}

export interface NotReadyPeriodRow {
	periodStart: Date;
	agent: string;
	reason: string;
	durationMs: number;
}

export function readNotReadyPeriods(db: Kysely<Database>, request: ExportRequest): AsyncGenerator<NotReadyPeriodRow> {
	const period = reportPeriod(request.interval, request.zone);
	const onlyAgents = request.agents.length > 0 ? sql`AND agent = ANY(${request.agents}::text[])` : sql``;
	return dayByDay(request, async (from, to) => {
		const result = await sql<NotReadyPeriodRow>`
			SELECT ${period} AS "periodStart", agent, reason, sum(duration_ms)::float8 AS "durationMs"
			FROM agent_state_intervals
			WHERE state = 'not_ready' AND period_start >= ${from} AND period_start < ${to} ${onlyAgents}
			GROUP BY 1, 2, 3
			ORDER BY 1, 2, 3`.execute(db);
		return result.rows;
	});
}
