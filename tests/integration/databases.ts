import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type VigieDatabase } from '../../src/lib/server/db/database.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';

/** The PostgreSQL that tests may create databases on. */
export const TEST_DATABASE_URL = process.env.VIGIE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type DatabaseKind = VigieDatabase['kind'];
export const DATABASE_KINDS: DatabaseKind[] = ['postgres', 'pglite'];

export interface TestDatabase {
	database: VigieDatabase;
	/** A connection string for more processes on the same database (PostgreSQL only). */
	url: string | null;
	dispose(): Promise<void>;
}

/** One statement on the test server as its administrator (create, drop, or cut a database). */
export async function adminQuery(sql: string): Promise<pg.QueryResult> {
	const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
	await client.connect();
	try {
		return await client.query(sql);
	} finally {
		await client.end();
	}
}

/** A fresh, migrated database of that kind, dropped by `dispose`. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
	if (kind === 'postgres') {
		const name = `vigie_it_${randomBytes(6).toString('hex')}`;
		await adminQuery(`CREATE DATABASE ${name}`);
		const url = new URL(TEST_DATABASE_URL);
		url.pathname = `/${name}`;
		const database = await openDatabase({ databaseUrl: url.href, dataDir: '' });
		await migrateToLatest(database.db);
		return {
			database,
			url: url.href,
			async dispose() {
				await database.close();
				await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			}
		};
	}
	const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vigie-it-'));
	const database = await openDatabase({ databaseUrl: null, dataDir });
	await migrateToLatest(database.db);
	return {
		database,
		url: null,
		async dispose() {
			await database.close();
			await fs.rm(dataDir, { recursive: true, force: true });
		}
	};
}

/** Waits until `condition` holds, checking often; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
	what: string,
	condition: () => Promise<T | false | null | undefined>,
	timeoutMs = 5000
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await condition();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Empties every table of figures and events (tokens stay), between tests sharing one database. */
export async function resetData(database: VigieDatabase): Promise<void> {
	await sql`TRUNCATE events, pending_events, dead_letters, call_legs, agent_states, queue_intervals,
		agent_state_intervals, agent_answer_intervals, queues`.execute(database.db);
}
