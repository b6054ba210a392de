import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { sql } from 'kysely';
import { openDatabase } from '../../src/lib/server/db/database.ts';
import { MIGRATIONS_DIR, migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

describe('migrations on postgres', () => {
	let t: TestDatabase;
	beforeAll(async () => (t = await createTestDatabase('postgres')));
	afterAll(() => t?.dispose());

	it('apply once when several processes start at the same moment', async () => {
		// The fixture migrated already; start from an empty schema again with five "processes" at once.
		await sql`DROP SCHEMA public CASCADE; CREATE SCHEMA public`.execute(t.database.db);
		const processes = await Promise.all(
			Array.from({ length: 5 }, () => openDatabase({ databaseUrl: t.url, dataDir: '' }))
		);
		try {
			const applied = await Promise.all(processes.map((p) => migrateToLatest(p.db)));
			const all = fs
				.readdirSync(MIGRATIONS_DIR)
				.map((f) => f.replace(/\.sql$/, ''))
				.sort();
			expect(all.length).toBeGreaterThan(1);
			expect(applied.flat().sort()).toEqual(all);
			expect(await migrateToLatest(t.database.db)).toEqual([]);
		} finally {
			await Promise.all(processes.map((p) => p.close()));
		}
	});
});
