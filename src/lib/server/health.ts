import { sql, type Kysely } from 'kysely';
import type { Database } from './db/schema.ts';

/** What supervision reads: the backlog of the worker and the dead letters, from the database itself. */
export interface Readiness {
	pendingEvents: number;
	/** Age of the oldest event still waiting for the worker; 0 when none waits. */
	oldestPendingAgeS: number;
	deadLetters: number;
	/** Seconds since the oldest of the kinds' last purges finished (retention); null before any purge. */
	lastPurgeAgeS: number | null;
}

export async function readReadiness(db: Kysely<Database>): Promise<Readiness> {
	const result = await sql<{
		pending: number;
		oldest_age_s: number | null;
		dead_letters: number;
		last_purge_age_s: number | null;
	}>`
		SELECT
			(SELECT count(*)::int FROM pending_events) AS pending,
			(SELECT extract(epoch FROM now() - min(e.received_at))::float8
				FROM events e WHERE e.seq = (SELECT min(seq) FROM pending_events)) AS oldest_age_s,
			(SELECT count(*)::int FROM dead_letters) AS dead_letters,
			(SELECT extract(epoch FROM now() - min(finished_at))::float8 FROM retention_horizons) AS last_purge_age_s`.execute(db);
	const row = result.rows[0]!;
	return {
		pendingEvents: row.pending,
		oldestPendingAgeS: Math.max(0, row.oldest_age_s ?? 0),
		deadLetters: row.dead_letters,
		lastPurgeAgeS: row.last_purge_age_s === null ? null : Math.max(0, row.last_purge_age_s)
	};
}
