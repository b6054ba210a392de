import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { CLAIMED } from '../worker/claimed-batch.ts';
import { DEFAULT_MAX_STATE_H } from '../../domain/live-bounds.ts';
import { deletePeriodRows, PERIOD, periodOf } from './buckets.ts';

/**
 * Rebuilds the time-in-state of the agents whose states this batch brought, over the periods those states can
 * have changed. An agent stays in a state until its next one, so a new state (even an hour late) changes the
 * span of the state before it and its own: the window runs from the period of the previous state to the period
 * of the next one. Every span overlapping the window is cut again at period boundaries; the last, still open
 * state of an agent counts once its next state arrives. Logged-out time is not kept.
 *
 * A state counts for at most `maxStateHours` (contract §3, `VIGIE_MAX_STATE_H`): a forgotten logout followed by
 * the next morning's login is closed at the limit, not counted as a night of "ready". NOTE: the limit applies to
 * the periods a batch rebuilds; changing it leaves periods already built as they were.
 */
export async function rebuildAgentStateIntervals(
	trx: Transaction<Database>,
	maxStateHours: number = DEFAULT_MAX_STATE_H
): Promise<void> {
	const windows = await sql<{ agent: string; from_period: Date; to_period: Date }>`
		SELECT t.agent,
			${periodOf(sql`coalesce(
				(SELECT max(s.at) FROM agent_states s WHERE s.agent = t.agent AND s.at < t.first_at), t.first_at)`)} AS from_period,
			${periodOf(sql`coalesce(
				(SELECT min(s.at) FROM agent_states s WHERE s.agent = t.agent AND s.at > t.last_at), t.last_at)`)}
				+ ${PERIOD} AS to_period
		FROM (
			SELECT agent, min(at) AS first_at, max(at) AS last_at
			FROM ${CLAIMED} WHERE type = 'agent.state'
			GROUP BY 1
		) t`.execute(trx);
	if (windows.rows.length === 0) return;
	const agents = windows.rows.map((w) => w.agent);
	const froms = windows.rows.map((w) => w.from_period.toISOString());
	const tos = windows.rows.map((w) => w.to_period.toISOString());
	const windowRows = sql`SELECT * FROM unnest(${agents}::text[], ${froms}::timestamptz[], ${tos}::timestamptz[])
		AS w(agent, from_period, to_period)`;

	await deletePeriodRows({ table: 'agent_state_intervals', key: 'agent' }, windowRows).execute(trx);

	await sql`
		WITH bounded AS (
			-- The states that can reach into the window: from the one in force at its start to the first one after it.
			SELECT w.*,
				coalesce((SELECT max(s.at) FROM agent_states s WHERE s.agent = w.agent AND s.at <= w.from_period), '-infinity') AS states_from,
				coalesce((SELECT min(s.at) FROM agent_states s WHERE s.agent = w.agent AND s.at >= w.to_period), 'infinity') AS states_to
			FROM (${windowRows}) w
		), spans AS (
			SELECT b.agent, b.from_period, b.to_period, s.state,
				CASE WHEN s.state = 'not_ready' THEN coalesce(s.reason, '') ELSE '' END AS reason,
				s.at AS span_start,
				lead(s.at) OVER (PARTITION BY s.agent ORDER BY s.at, s.event_id) AS next_at
			FROM bounded b
			JOIN agent_states s ON s.agent = b.agent AND s.at >= b.states_from AND s.at <= b.states_to
		), counted AS MATERIALIZED (
			-- Each span's part inside the window. An open state (no next one yet) has no end: it counts later.
			SELECT agent, state, reason,
				GREATEST(span_start, from_period) AS piece_from, LEAST(span_end, to_period) AS piece_to
			FROM (
				-- Closed at the limit when the next state comes later than that (LEAST would drop a missing next state).
				SELECT *, CASE WHEN next_at IS NOT NULL
					THEN LEAST(next_at, span_start + ${maxStateHours} * interval '1 hour') END AS span_end
				FROM spans
			) capped
			WHERE span_end > span_start AND state <> 'logged_out'
				AND span_end > from_period AND span_start < to_period
		), pieces AS (
			-- NOTE: most spans lie within one period and are kept whole; only those that cross a boundary are cut
			-- by generate_series, whose call for every span was a third of this statement (measured, 6,092 spans).
			SELECT agent, state, reason, ${periodOf(sql.ref('piece_from'))} AS period_start, piece_to - piece_from AS duration
			FROM counted
			WHERE piece_to <= ${periodOf(sql.ref('piece_from'))} + ${PERIOD}
			UNION ALL
			SELECT agent, state, reason, period AS period_start,
				LEAST(piece_to, period + ${PERIOD}) - GREATEST(piece_from, period) AS duration
			FROM counted,
				generate_series(${periodOf(sql.ref('piece_from'))}, piece_to - interval '1 microsecond', ${PERIOD}) AS period
			WHERE piece_to > ${periodOf(sql.ref('piece_from'))} + ${PERIOD}
		)
		INSERT INTO agent_state_intervals (agent, period_start, state, reason, duration_ms)
		SELECT agent, period_start, state, reason, round(sum(extract(epoch FROM duration)) * 1000)::bigint
		FROM pieces
		GROUP BY agent, period_start, state, reason
		-- Kept in milliseconds: a state that lasted less (a source ordering two changes of the same millisecond by
		-- a microsecond, as the UCCX translation does) leaves no row of 0 seconds.
		HAVING round(sum(extract(epoch FROM duration)) * 1000) > 0`.execute(trx);
}
