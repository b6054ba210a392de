import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { CHANGES_CHANNEL } from '../worker/apply-batch.ts';

/** The `vigie_changes` payload that says screens, thresholds or ticker messages changed (figures send ''). */
export const CONFIG_CHANGED = 'config';

/** Tells every web process (through PostgreSQL) to read the screens' configuration again. */
export async function notifyConfigChanged(db: Kysely<Database>): Promise<void> {
	await sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${CONFIG_CHANGED})`.execute(db);
}
