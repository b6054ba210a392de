import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { PERIOD, periodOf } from './buckets.ts';
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

	await sql`
		DELETE FROM queue_intervals qi USING (${affected}) a
		WHERE qi.queue = a.queue AND qi.period_start = a.period_start`.execute(trx);

	// A leg's outcome, first that applies: answered, abandoned, dequeued. Its wait runs to that outcome.
	// A wait that comes out negative (clocks of two sources disagreeing) counts as zero.
	await sql`
		INSERT INTO queue_intervals (queue, period_start, offered, answered, abandoned, short_abandoned, dequeued,
			answered_within_sl, abandoned_within_sl, answered_wait_ms, talk_ms, talked, max_wait_ms, sl_threshold_s)
		SELECT a.queue, a.period_start,
			count(*),
			count(*) FILTER (WHERE l.outcome = 'answered'),
			count(*) FILTER (WHERE l.outcome = 'abandoned'),
			count(*) FILTER (WHERE l.outcome = 'abandoned' AND l.wait_ms < s.short_abandon_s * 1000),
			count(*) FILTER (WHERE l.outcome = 'dequeued'),
			count(*) FILTER (WHERE l.outcome = 'answered' AND l.wait_ms <= s.sl_threshold_s * 1000),
			count(*) FILTER (WHERE l.outcome = 'abandoned' AND l.wait_ms <= s.sl_threshold_s * 1000),
			coalesce(sum(l.wait_ms) FILTER (WHERE l.outcome = 'answered'), 0),
			coalesce(sum(l.talk_ms), 0),
			count(l.talk_ms),
			max(l.wait_ms) FILTER (WHERE l.outcome IN ('answered', 'abandoned')),
			s.sl_threshold_s
		FROM (${affected}) a
		JOIN queues q ON q.name = a.queue
		-- The settings in force when the period starts: a later change leaves this period as it was computed.
		${settingsInForce(sql`a.queue`, sql`a.period_start`, 'h')}
		CROSS JOIN LATERAL (
			SELECT coalesce(h.sl_threshold_s, q.sl_threshold_s) AS sl_threshold_s,
				coalesce(h.short_abandon_s, q.short_abandon_s) AS short_abandon_s
		) s
		JOIN LATERAL (
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
			FROM call_legs leg
			WHERE leg.queue = a.queue AND leg.queued_at >= a.period_start AND leg.queued_at < a.period_start + ${PERIOD}
		) l ON true
		GROUP BY a.queue, a.period_start, s.sl_threshold_s, s.short_abandon_s`.execute(trx);
}

/** Rebuilds the answered-call counts of these agent periods from the legs. */
export async function rebuildAgentAnswerIntervals(trx: Transaction<Database>, periods: AgentPeriod[]): Promise<void> {
	if (periods.length === 0) return;
	const agents = periods.map((p) => p.agent);
	const starts = periods.map((p) => p.periodStart.toISOString());
	const affected = sql`SELECT DISTINCT agent, period_start
		FROM unnest(${agents}::text[], ${starts}::timestamptz[]) AS a(agent, period_start)`;

	await sql`
		DELETE FROM agent_answer_intervals ai USING (${affected}) a
		WHERE ai.agent = a.agent AND ai.period_start = a.period_start`.execute(trx);
	await sql`
		INSERT INTO agent_answer_intervals (agent, period_start, answered)
		SELECT a.agent, a.period_start, count(*)
		FROM (${affected}) a
		JOIN call_legs leg ON leg.agent = a.agent
			AND leg.answered_at >= a.period_start AND leg.answered_at < a.period_start + ${PERIOD}
		GROUP BY a.agent, a.period_start`.execute(trx);
}
