/**
 * `vigie backup` and `vigie restore` as the site's backup robot runs them (contract §6, issue #11 item 4): a
 * backup of a database with a day of traffic, restored into an empty database, gives the same exports byte for
 * byte; every refusal is an exit code and one line that says what to do, and changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type VigieDatabase } from '../../src/lib/server/db/database.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { applyPendingBatch, countPendingEvents } from '../../src/lib/server/worker/apply-batch.ts';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.ts';
import { createTempDir } from '../support/temp-dir.ts';
import { simulatedTraffic } from '../support/traffic.ts';
import { runVigie, type Env } from '../support/vigie-process.ts';

const DAY = '2026-03-02';
const EXPORTS = [
	['queues', '15'],
	['agents', '60'],
	['not_ready', 'day'],
	['abandoned', 'day']
] as const;

/** A day of a simulated desk, accepted and applied as the worker would. */
async function fillWithADay(database: VigieDatabase): Promise<number> {
	const events = simulatedTraffic(`${DAY}T06:00:00Z`, `${DAY}T12:00:00Z`, 11);
	for (let i = 0; i < events.length; i += 5000)
		await acceptEvents(database.db, itemsFromValues(events.slice(i, i + 5000)), 'test');
	while ((await countPendingEvents(database.db)) > 0) await applyPendingBatch(database.db, 10_000);
	return events.length;
}

/** The exports of the day, as `vigie export` writes them (each run opens the database: a few for PGlite). */
async function exportsOf(env: Env, exports: readonly (typeof EXPORTS)[number][] = EXPORTS): Promise<string[]> {
	const out: string[] = [];
	for (const [name, interval] of exports) {
		const run = await runVigie(['export', name, '--from', DAY, '--to', DAY, '--interval', interval], env);
		expect(run.code, run.stderr).toBe(0);
		out.push(run.stdout);
	}
	return out;
}

describe('vigie backup and restore on PostgreSQL', () => {
	let source: PostgresDatabase;
	let empty: PostgresDatabase;
	let dir: Awaited<ReturnType<typeof createTempDir>>;
	let events = 0;

	beforeAll(async () => {
		source = await createPostgresDatabase('ops_backup');
		empty = await createPostgresDatabase('ops_restore');
		dir = await createTempDir('vigie-backup-');
		const database = await openDatabase({ databaseUrl: source.url, dataDir: '' });
		try {
			await migrateToLatest(database.db);
			events = await fillWithADay(database);
		} finally {
			await database.close();
		}
	});
	afterAll(async () => {
		await source?.drop();
		await empty?.drop();
		await dir?.remove();
	});

	it('restores into an empty database with the same exports, and refuses a database that is not empty', async () => {
		const file = path.join(dir.dir, 'vigie.dump');
		const backup = await runVigie(['backup', '--out', file], { DATABASE_URL: source.url });
		expect(backup.code, backup.stdout + backup.stderr).toBe(0);
		expect(backup.stdout.trim()).toMatch(new RegExp(`^VIGIE BACKUP OK - PostgreSQL .* sha256 [0-9a-f]{64} - ${file}$`));
		expect(fs.existsSync(`${file}.partial`)).toBe(false);
		// It holds the password and token hashes: for the service's account alone, whatever the umask.
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);

		const restore = await runVigie(['restore', file], { DATABASE_URL: empty.url });
		expect(restore.code, restore.stdout + restore.stderr).toBe(0);
		expect(restore.stdout.trim()).toMatch(new RegExp(`^VIGIE RESTORE OK - PostgreSQL, ${events} events from `));

		const original = await exportsOf({ DATABASE_URL: source.url });
		expect(original[0]!.split('\n').length).toBeGreaterThan(20);
		expect(await exportsOf({ DATABASE_URL: empty.url })).toEqual(original);

		// Restoring again, over what is now there: refused, nothing changed.
		const again = await runVigie(['restore', file], { DATABASE_URL: empty.url });
		expect(again.code).toBe(1);
		expect(again.stdout).toMatch(
			/^VIGIE RESTORE FAILED - the database of DATABASE_URL is not empty .* nothing was changed/
		);
		expect(await exportsOf({ DATABASE_URL: empty.url })).toEqual(original);
	});

	it('says what is missing when pg_dump cannot be found, and leaves no file', async () => {
		const file = path.join(dir.dir, 'nowhere.dump');
		const run = await runVigie(['backup', '--out', file], { DATABASE_URL: source.url, VIGIE_PG_BIN: dir.dir });
		expect(run.code).toBe(1);
		expect(run.stdout).toMatch(/^VIGIE BACKUP FAILED - pg_dump is not installed in VIGIE_PG_BIN .*postgresql-client/);
		expect(fs.existsSync(file)).toBe(false);
	});

	it('refuses a file that is not a backup', async () => {
		const file = path.join(dir.dir, 'notes.txt');
		fs.writeFileSync(file, 'not a backup\n');
		const run = await runVigie(['restore', file], { DATABASE_URL: empty.url });
		expect(run.code).toBe(1);
		expect(run.stdout).toMatch(/^VIGIE RESTORE FAILED - .* is not a Vigie backup/);
	});
});

describe('vigie backup and restore of the embedded database', () => {
	let dir: Awaited<ReturnType<typeof createTempDir>>;
	let sourceDir: string;
	let events = 0;

	beforeAll(async () => {
		dir = await createTempDir('vigie-backup-embedded-');
		sourceDir = path.join(dir.dir, 'data');
		const database = await openDatabase({ databaseUrl: null, dataDir: sourceDir });
		try {
			await migrateToLatest(database.db);
			events = await fillWithADay(database);
		} finally {
			await database.close();
		}
	});
	afterAll(() => dir?.remove());

	it('refuses while a process holds the database, then restores into an empty directory with the same exports', async () => {
		const file = path.join(dir.dir, 'vigie-embedded.tar.gz');
		// A running Vigie holds the embedded database: the backup asks for it to be stopped, and writes nothing.
		const holder = await openDatabase({ databaseUrl: null, dataDir: sourceDir });
		try {
			const refused = await runVigie(['backup', '--out', file], { VIGIE_DATA_DIR: sourceDir });
			expect(refused.code).toBe(1);
			expect(refused.stdout).toMatch(/^VIGIE BACKUP FAILED - .*in use by process \d+.*stop Vigie/);
			expect(fs.existsSync(file)).toBe(false);
		} finally {
			await holder.close();
		}

		const backup = await runVigie(['backup', '--out', file], { VIGIE_DATA_DIR: sourceDir });
		expect(backup.code, backup.stdout + backup.stderr).toBe(0);
		expect(backup.stdout).toMatch(/^VIGIE BACKUP OK - embedded database \(tar\.gz\)/);
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);

		const restoredDir = path.join(dir.dir, 'restored');
		const restore = await runVigie(['restore', file], { VIGIE_DATA_DIR: restoredDir });
		expect(restore.code, restore.stdout + restore.stderr).toBe(0);
		expect(restore.stdout).toMatch(new RegExp(`^VIGIE RESTORE OK - embedded database in .*, ${events} events`));

		const some = [EXPORTS[0], EXPORTS[1]];
		const original = await exportsOf({ VIGIE_DATA_DIR: sourceDir }, some);
		expect(await exportsOf({ VIGIE_DATA_DIR: restoredDir }, some)).toEqual(original);

		const over = await runVigie(['restore', file], { VIGIE_DATA_DIR: sourceDir });
		expect(over.code).toBe(1);
		expect(over.stdout).toMatch(/already holds a database: restore into a new, empty directory/);
		// A PostgreSQL target is not where an embedded backup goes.
		const wrongKind = await runVigie(['restore', file], { DATABASE_URL: 'postgres://postgres@127.0.0.1:9/none' });
		expect(wrongKind.stdout).toMatch(/backup of the embedded database: restore it without DATABASE_URL/);
	});
});
