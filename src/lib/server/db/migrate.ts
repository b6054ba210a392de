import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { openDatabase, type EmbeddedRole, type VigieDatabase } from './database.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../../migrations/', import.meta.url));

/** Each `migrations/NNNNNN_what.sql` file is one migration, applied in name order. */
class SqlFileMigrationProvider implements MigrationProvider {
	readonly #folder: string;

	constructor(folder: string) {
		this.#folder = folder;
	}

	async getMigrations(): Promise<Record<string, Migration>> {
		const files = (await fs.readdir(this.#folder)).filter((f) => f.endsWith('.sql')).sort();
		const migrations: Record<string, Migration> = {};
		for (const file of files) {
			const text = await fs.readFile(path.join(this.#folder, file), 'utf8');
			migrations[file.replace(/\.sql$/, '')] = {
				async up(db) {
					await sql.raw(text).execute(db);
				}
			};
		}
		return migrations;
	}
}

/**
 * Brings the schema up to date. Kysely's Migrator holds a lock row for the whole run, so several processes
 * starting at once apply each migration exactly once; any failure throws, so start-up fails loudly.
 */
export async function migrateToLatest(db: Kysely<any>, folder = MIGRATIONS_DIR): Promise<string[]> {
	// NOTE: migrations are numbered by area (000010 UCCX, 000030 access and audit, 000050 floor, 000060 reports…),
	// and areas land in any order: a database migrated up to 000061 must still take a later-landed 000030.
	// Each area's migrations touch its own tables, so applying a missing one out of order is safe.
	const migrator = new Migrator({
		db,
		provider: new SqlFileMigrationProvider(folder),
		allowUnorderedMigrations: true
	});
	const { error, results = [] } = await migrator.migrateToLatest();
	const failed = results.find((r) => r.status === 'Error');
	if (error || failed) {
		const name = failed ? ` ${failed.migrationName}` : '';
		throw new Error(`migration${name} failed: ${error instanceof Error ? error.message : String(error)}`, {
			cause: error
		});
	}
	return results.map((r) => r.migrationName);
}

/** Opens the database and brings its schema up to date: every start does this first, and fails loudly. */
export async function openMigratedDatabase(
	config: Config,
	log: Logger,
	embedded: EmbeddedRole = { role: 'command' }
): Promise<VigieDatabase> {
	const database = await openDatabase(config, embedded);
	try {
		const applied = await migrateToLatest(database.db);
		if (applied.length > 0) log.info({ applied }, 'database migrated');
		return database;
	} catch (error) {
		await database.close().catch(() => {}); // the failure below says more than a failed close
		throw database.explainFailure?.(error) ?? error;
	}
}
