import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The source name of the simulator's events. */
export const DEMO_SOURCE = 'demo';

/** Real events sent to a database the demo has written into: refused, so that no figure mixes the two. */
export class DemoDatabaseError extends Error {
	constructor() {
		super(
			'this database holds the built-in demo’s simulated calls (VIGIE_DEMO, on by default with the embedded ' +
				'database): real events would be mixed with them. Start Vigie with VIGIE_DEMO=0 on a new data directory ' +
				'(VIGIE_DATA_DIR) or a new database, then send them again'
		);
		this.name = 'DemoDatabaseError';
	}
}

/** Whether the simulator has ever written into this database. */
export async function demoHasRun(db: Kysely<Database>): Promise<boolean> {
	const result = await sql<{ ran: boolean }>`SELECT EXISTS (SELECT 1 FROM demo_runs) AS ran`.execute(db);
	return result.rows[0]!.ran;
}

/** Whether this database holds events from anything but the simulator (a real site's). */
export async function realEventsPresent(db: Kysely<Database>): Promise<boolean> {
	const result = await sql<{ real: boolean }>`
		SELECT EXISTS (SELECT 1 FROM events WHERE source <> ${DEMO_SOURCE}) AS real`.execute(db);
	return result.rows[0]!.real;
}

export async function recordDemoRun(db: Kysely<Database>): Promise<void> {
	await sql`INSERT INTO demo_runs DEFAULT VALUES ON CONFLICT DO NOTHING`.execute(db);
}
