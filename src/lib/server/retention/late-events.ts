import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The worker's guard, run on each claimed batch before it is applied: an event older than what the purge has made
 * final (its day's raw rows are gone or going) is set aside as a dead letter and leaves the ledger, rather than
 * rebuilding that day's figures from itself alone; a caller's number older than the callers' period is dropped.
 * NOTE: one statement on the batch's own temporary table and the three-row horizons table; nothing when no purge
 * has run.
 */
export async function setAsideExpiredEvents(trx: Transaction<Database>, claimed: RawBuilder<unknown>): Promise<number> {
	const result = await sql<{ late: number }>`
		WITH h AS (
			SELECT max(final_before) FILTER (WHERE kind IN ('events', 'agent_detail')) AS final,
				max(final_before) FILTER (WHERE kind = 'callers') AS callers
			FROM retention_horizons
		), late AS (
			DELETE FROM ${claimed} c USING h WHERE c.at < h.final
			RETURNING c.seq, c.id, c.type, c.at, c.call, c.queue, c.agent, c.state, c.reason, c.queues, h.final
		), forgotten AS (
			-- Through the primary key, whatever the size of the ledger (a join would read all of it).
			DELETE FROM events WHERE seq = ANY(ARRAY(SELECT seq FROM late))
		), kept AS (
			INSERT INTO dead_letters (source, raw, error)
			SELECT 'retention',
				json_strip_nulls(json_build_object('id', id, 'type', type, 'at', at, 'call', call, 'queue', queue,
					'agent', agent, 'state', state, 'reason', reason, 'queues', queues))::text,
				'older than the retention period: the figures before ' || to_char(final AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') ||
					' UTC are final and their detail is purged (VIGIE_RETAIN_EVENTS_DAYS, VIGIE_RETAIN_AGENT_DETAIL_DAYS)'
			FROM late
		), callers AS (
			UPDATE ${claimed} c SET caller = NULL FROM h
			WHERE c.caller IS NOT NULL AND c.at < h.callers AND (h.final IS NULL OR c.at >= h.final)
		)
		SELECT count(*)::int AS late FROM late`.execute(trx);
	return result.rows[0]?.late ?? 0;
}
