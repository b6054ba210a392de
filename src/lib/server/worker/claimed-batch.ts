import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The batch a worker is applying: claimed out of `pending_events` into a temporary table that empties itself at
 * commit, so that every statement of the batch reads these few rows rather than searching the event log.
 */
export const CLAIMED = sql.raw('claimed_events');

/** Moves up to `limit` of the oldest pending events into the claimed batch; returns how many. */
export async function claimBatch(trx: Transaction<Database>, limit: number): Promise<number> {
	await sql`
		CREATE TEMPORARY TABLE IF NOT EXISTS ${CLAIMED} (
			seq bigint PRIMARY KEY, id text NOT NULL, type text NOT NULL, at timestamptz NOT NULL, body jsonb NOT NULL
		) ON COMMIT DELETE ROWS`.execute(trx);
	const claimed = await sql<{ n: number }>`
		WITH claimed AS (
			DELETE FROM pending_events
			WHERE seq IN (SELECT seq FROM pending_events ORDER BY seq LIMIT ${limit})
			RETURNING seq, id, type, at, body
		), kept AS (
			INSERT INTO ${CLAIMED} (seq, id, type, at, body) SELECT * FROM claimed RETURNING 1
		)
		SELECT count(*)::int AS n FROM kept`.execute(trx);
	// NOTE: no ANALYZE: the planner sizes a never-analysed table from its actual pages when it plans each
	// statement, and the batch is already in it by then. Measured: ANALYZE cost a tenth of a batch for no gain.
	return claimed.rows[0]?.n ?? 0;
}
