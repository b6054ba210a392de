import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The batch a worker is applying: claimed out of `pending_events` into a temporary table that empties itself at
 * commit, so that every statement of the batch reads these few rows rather than searching the event log.
 */
export const CLAIMED = sql.raw('claimed_events');

/** The claimed batch's columns: those of `pending_events`. */
const BATCH_COLUMNS = sql.raw('seq, id, type, at, call, queue, agent, state, reason, queues, caller');

/**
 * Makes the session's (empty) batch table. NOTE: no primary key: every statement reads the whole batch, and an
 * index would only cost its upkeep.
 */
export async function createBatchTable(trx: Transaction<Database>): Promise<void> {
	await sql`
		CREATE TEMPORARY TABLE IF NOT EXISTS ${CLAIMED} (
			seq bigint NOT NULL, id text NOT NULL, type text NOT NULL, at timestamptz NOT NULL,
			call text, queue text, agent text, state text, reason text, queues text[], caller text
		) ON COMMIT DELETE ROWS`.execute(trx);
}

/** How many events a claimed batch holds, and of which kinds. */
export interface ClaimedCounts {
	events: number;
	callEvents: number;
	agentStates: number;
}

/** Moves up to `limit` of the oldest pending events into the claimed batch; says how many of each kind. */
export async function claimBatch(trx: Transaction<Database>, limit: number): Promise<ClaimedCounts> {
	await createBatchTable(trx);
	// NOTE: the batch is a range of `seq`, found once, rather than `seq IN (… LIMIT n)`: the range deletes in index
	// order without hashing the list first. Both of its ends are given, so that the planner, which cannot know
	// them in advance, still expects a small part of the table and reads it through the index: with one end only, it
	// expected a third of a large backlog and read all of it. One statement, one snapshot: an event committed
	// meanwhile with a lower `seq` is not seen here, and stays for the next batch.
	const claimed = await sql<ClaimedCounts>`
		WITH claimed AS (
			DELETE FROM pending_events
			WHERE seq >= (SELECT min(seq) FROM pending_events)
				AND seq <= coalesce(
					(SELECT seq FROM pending_events ORDER BY seq OFFSET ${limit - 1} LIMIT 1),
					(SELECT max(seq) FROM pending_events))
			RETURNING ${BATCH_COLUMNS}
		), kept AS (
			INSERT INTO ${CLAIMED} (${BATCH_COLUMNS}) SELECT ${BATCH_COLUMNS} FROM claimed RETURNING type
		)
		SELECT count(*)::int AS events,
			count(*) FILTER (WHERE type LIKE 'call.%')::int AS "callEvents",
			count(*) FILTER (WHERE type = 'agent.state')::int AS "agentStates"
		FROM kept`.execute(trx);
	// NOTE: no ANALYZE: the planner sizes a never-analysed table from its actual pages when it plans each
	// statement, and the batch is already in it by then. Measured: ANALYZE cost a tenth of a batch for no gain.
	return claimed.rows[0] ?? { events: 0, callEvents: 0, agentStates: 0 };
}
