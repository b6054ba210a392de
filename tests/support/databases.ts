import { sql } from 'kysely';
import { openDatabase, type VigieDatabase } from '../../src/lib/server/db/database.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createPostgresDatabase } from './postgres.ts';
import { createTempDir } from './temp-dir.ts';

export type DatabaseKind = VigieDatabase['kind'];
export const DATABASE_KINDS: DatabaseKind[] = ['postgres', 'pglite'];

export interface TestDatabase {
	database: VigieDatabase;
	/** A connection string for more processes on the same database (PostgreSQL only). */
	url: string | null;
	dispose(): Promise<void>;
}

/** A fresh, migrated database of that kind, opened in this process and dropped by `dispose`. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
	if (kind === 'postgres') {
		const created = await createPostgresDatabase('vigie_it');
		const database = await openDatabase({ databaseUrl: created.url, dataDir: '' });
		await migrateToLatest(database.db);
		return {
			database,
			url: created.url,
			async dispose() {
				await database.close();
				await created.drop();
			}
		};
	}
	const dataDir = await createTempDir('vigie-it-');
	const database = await openDatabase({ databaseUrl: null, dataDir: dataDir.dir });
	await migrateToLatest(database.db);
	return {
		database,
		url: null,
		async dispose() {
			await database.close();
			await dataDir.remove();
		}
	};
}

/** Empties every table of figures and events (tokens stay), between tests sharing one database. */
export async function resetData(database: VigieDatabase): Promise<void> {
	await sql`TRUNCATE events, pending_events, dead_letters, call_legs, agent_states, queue_intervals,
		agent_state_intervals, agent_answer_intervals, queue_settings_history, queues, retention_horizons`.execute(database.db);
}
