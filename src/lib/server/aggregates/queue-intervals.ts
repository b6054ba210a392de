import { sql, type RawBuilder, type Selectable, type Transaction } from 'kysely';
import type { Database, QueueIntervalsTable } from '../db/schema.ts';
import { deletePeriodRows, PERIOD, periodOf } from './buckets.ts';
import { settingsInForce } from './settings-in-force.ts';

/** A 15-minute period of one queue, or of one agent. */
export interface QueuePeriod {
	queue: string;
	periodStart: Date;
}
export interface AgentPeriod {
	agent: string;
	periodStart: Date;
}

/** A leg's queue period and answer period (either may be null), as the worker's merge returns them. */
export interface LegPeriodRow {
	queue: string;
	queue_period: Date | null;
	agent: string | null;
	answer_period: Date | null;
}

export interface LegPeriods {
	queuePeriods: QueuePeriod[];
	agentPeriods: AgentPeriod[];
}

/** The queue periods and agent answer periods to rebuild for these legs. */
export function legPeriodsOf(rows: readonly LegPeriodRow[]): LegPeriods {
	const queuePeriods: QueuePeriod[] = [];
	const agentPeriods: AgentPeriod[] = [];
	for (const row of rows) {
		if (row.queue_period) queuePeriods.push({ queue: row.queue, periodStart: row.queue_period });
		if (row.agent && row.answer_period) agentPeriods.push({ agent: row.agent, periodStart: row.answer_period });
	}
	return { queuePeriods, agentPeriods };
}

/** Single periods as the windows {@link deletePeriodRows} takes. */
const periodWindows = (periods: RawBuilder<unknown>) =>
	sql`SELECT p.*, p.period_start AS from_period, p.period_start + ${PERIOD} AS to_period FROM (${periods}) p`;

/**
 * Rebuilds the counters of these queue periods from their legs. Rebuilding from the legs, rather than adding
 * the batch's events to the counters, is what makes the figures independent of the order events arrive in.
 */
export async function rebuildQueueIntervals(trx: Transaction<Database>, periods: QueuePeriod[]): Promise<void> {
	if (periods.length === 0) return;
	const queues = periods.map((p) => p.queue);
	const starts = periods.map((p) => p.periodStart.toISOString());
	const affected = sql`SELECT DISTINCT queue, period_start
		FROM unnest(${queues}::text[], ${starts}::timestamptz[]) AS a(queue, period_start)`;

	await deletePeriodRows({ table: 'queue_intervals', key: 'queue' }, periodWindows(affected)).execute(trx);

	await sql`
		INSERT INTO queue_intervals (queue, period_start, offered, answered, abandoned, short_abandoned, dequeued,
			answered_within_sl, abandoned_within_sl, answered_wait_ms, talk_ms, talked, max_wait_ms, sl_threshold_s)
		${periodCounters(affected, null)}`.execute(trx);
}

/**
 * The legs as they stood at `asOf`: queued by then, with only the outcomes and ends known by then; `null`: as
 * they stand. A replayed instant (contract §3) reads the legs through this, and so counts what was known then.
 * NOTE: a plain subquery, which PostgreSQL flattens: the legs are still reached through (queue, queued_at).
 */
export function legsAsOf(asOf: Date | null): RawBuilder<unknown> {
	if (asOf === null) return sql`call_legs`;
	const known = (column: string) => sql`CASE WHEN ${sql.ref(column)} <= ${asOf} THEN ${sql.ref(column)} END`;
	return sql`(
		SELECT call, queue, queued_at, agent, ${known('answered_at')} AS answered_at,
			${known('abandoned_at')} AS abandoned_at, ${known('dequeued_at')} AS dequeued_at,
			${known('ended_at')} AS ended_at
		FROM call_legs WHERE queued_at <= ${asOf}
	)`;
}

/**
 * The SELECT of the 15-minute counters of the (queue, period_start) rows of `affected`, as `queue_intervals`
 * keeps them, from the legs as they stood at `asOf` (`null`: now). One home for the counting rules: the worker
 * stores its result, a replay (contract §3) reads it for a past instant.
 */
export function periodCounters(affected: RawBuilder<unknown>, asOf: Date | null): RawBuilder<PeriodCountersRow> {
	// A leg's outcome, first that applies: answered, abandoned, dequeued. Its wait runs to that outcome.
	// A wait that comes out negative (clocks of two sources disagreeing) counts as zero.
	// NOTE: each period is counted inside its own LATERAL subquery, which PostgreSQL cannot flatten into a join
	// (it aggregates): the legs are then always read through (queue, queued_at) for that period alone. Written as
	// a join, the planner, before the first statistics of a large import, read every leg of the queue for each
	// period and filtered them: this statement went from 2.1 to 12.1 µs of backend CPU an event over the first
	// 1.1 million events of a UCCX history (and kept growing with the table).
	return sql<PeriodCountersRow>`
		SELECT a.queue, a.period_start, c.offered::int, c.answered::int, c.abandoned::int, c.short_abandoned::int,
			c.dequeued::int, c.answered_within_sl::int, c.abandoned_within_sl::int, c.answered_wait_ms, c.talk_ms,
			c.talked::int, c.max_wait_ms, s.sl_threshold_s
		FROM (${affected}) a
		JOIN queues q ON q.name = a.queue
		-- The settings in force when the period starts: a later change leaves this period as it was computed.
		${settingsInForce(sql`a.queue`, sql`a.period_start`, 'h')}
		CROSS JOIN LATERAL (
			SELECT coalesce(h.sl_threshold_s, q.sl_threshold_s) AS sl_threshold_s,
				coalesce(h.short_abandon_s, q.short_abandon_s) AS short_abandon_s
		) s
		CROSS JOIN LATERAL (
			SELECT
				count(*) AS offered,
				count(*) FILTER (WHERE l.outcome = 'answered') AS answered,
				count(*) FILTER (WHERE l.outcome = 'abandoned') AS abandoned,
				count(*) FILTER (WHERE l.outcome = 'abandoned' AND l.wait_ms < s.short_abandon_s * 1000) AS short_abandoned,
				count(*) FILTER (WHERE l.outcome = 'dequeued') AS dequeued,
				count(*) FILTER (WHERE l.outcome = 'answered' AND l.wait_ms <= s.sl_threshold_s * 1000) AS answered_within_sl,
				count(*) FILTER (WHERE l.outcome = 'abandoned' AND l.wait_ms <= s.sl_threshold_s * 1000) AS abandoned_within_sl,
				coalesce(sum(l.wait_ms) FILTER (WHERE l.outcome = 'answered'), 0) AS answered_wait_ms,
				coalesce(sum(l.talk_ms), 0) AS talk_ms,
				count(l.talk_ms) AS talked,
				max(l.wait_ms) FILTER (WHERE l.outcome IN ('answered', 'abandoned')) AS max_wait_ms
			FROM (
				SELECT
					CASE
						WHEN leg.answered_at IS NOT NULL THEN 'answered'
						WHEN leg.abandoned_at IS NOT NULL THEN 'abandoned'
						WHEN leg.dequeued_at IS NOT NULL THEN 'dequeued'
					END AS outcome,
					GREATEST(0, round(extract(epoch FROM
						coalesce(leg.answered_at, leg.abandoned_at, leg.dequeued_at) - leg.queued_at) * 1000))::bigint AS wait_ms,
					-- NOTE: GREATEST ignores NULLs, so a call not ended yet must be kept out explicitly.
					CASE WHEN leg.ended_at IS NOT NULL AND leg.answered_at IS NOT NULL THEN
						GREATEST(0, round(extract(epoch FROM leg.ended_at - leg.answered_at) * 1000))::bigint
					END AS talk_ms
				FROM ${legsAsOf(asOf)} leg
				WHERE leg.queue = a.queue AND leg.queued_at >= a.period_start AND leg.queued_at < a.period_start + ${PERIOD}
			) l
		) c
		-- A period whose legs have all moved away keeps no row.
		WHERE c.offered > 0`;
}

/** One row of `periodCounters`, as read (int8 sums as text). */
export type PeriodCountersRow = Selectable<QueueIntervalsTable>;

/** Rebuilds the answered-call counts of these agent periods from the legs. */
export async function rebuildAgentAnswerIntervals(trx: Transaction<Database>, periods: AgentPeriod[]): Promise<void> {
	if (periods.length === 0) return;
	const agents = periods.map((p) => p.agent);
	const starts = periods.map((p) => p.periodStart.toISOString());
	const affected = sql`SELECT DISTINCT agent, period_start
		FROM unnest(${agents}::text[], ${starts}::timestamptz[]) AS a(agent, period_start)`;

	await deletePeriodRows({ table: 'agent_answer_intervals', key: 'agent' }, periodWindows(affected)).execute(trx);
	await sql`
		INSERT INTO agent_answer_intervals (agent, period_start, answered)
		SELECT a.agent, a.period_start, c.answered
		FROM (${affected}) a
		-- NOTE: counted per period in a LATERAL subquery, for the reason given in rebuildQueueIntervals.
		CROSS JOIN LATERAL (
			SELECT count(*) AS answered
			FROM call_legs leg
			WHERE leg.agent = a.agent AND leg.answered_at >= a.period_start AND leg.answered_at < a.period_start + ${PERIOD}
		) c
		WHERE c.answered > 0`.execute(trx);
}
