import { sql } from 'kysely';
import type { Command } from 'commander';
import {
	backupDatabase,
	BackupError,
	restoreDatabase,
	type BackupSummary,
	type RestoreSummary
} from '../../lib/server/backup/backup.ts';
import { openDatabase } from '../../lib/server/db/database.ts';
import { openMigratedDatabase } from '../../lib/server/db/migrate.ts';
import { setup } from '../context.ts';

const size = (bytes: number) =>
	bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Backup and restore say how they went in one line on standard output, for the backup robot's log, and by their
 * exit code: 0 done, 1 failed (nothing half-written is left behind).
 */
async function reportOutcome(what: 'BACKUP' | 'RESTORE', work: () => Promise<string>): Promise<void> {
	try {
		console.log(`VIGIE ${what} OK - ${await work()}`);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		console.log(`VIGIE ${what} FAILED - ${message.replaceAll('\n', ' ')}`);
		if (!(error instanceof BackupError) && error instanceof Error && error.stack) console.error(error.stack);
		process.exitCode = 1;
	}
}

function describeBackup(s: BackupSummary): string {
	const kind = s.kind === 'postgres' ? 'PostgreSQL (pg_dump custom format)' : 'embedded database (tar.gz)';
	return `${kind}, ${size(s.bytes)} in ${s.seconds.toFixed(1)} s, sha256 ${s.sha256} - ${s.file}`;
}

export function registerBackup(program: Command): void {
	program
		.command('backup')
		.description(
			'write a consistent backup of the database (PostgreSQL: pg_dump; embedded: its directory, beside a running server too)'
		)
		.requiredOption('--out <file>', 'the backup file to write (replaced once the new one is complete)')
		.action(async (options: { out: string }) => {
			await reportOutcome('BACKUP', async () => {
				const { config } = setup();
				return describeBackup(await backupDatabase(config, options.out));
			});
		});
	program
		.command('restore')
		.description('load a backup into an empty database (DATABASE_URL, or an empty VIGIE_DATA_DIR), then migrate it')
		.argument('<file>', 'a file written by vigie backup')
		.action(async (file: string) => {
			await reportOutcome('RESTORE', async () => {
				const { config, log } = setup();
				const restored: RestoreSummary = await restoreDatabase(config, file, async () => {
					const database = await openDatabase(config);
					try {
						const { rows } = await sql<{ tables: number }>`
							SELECT count(*)::int AS tables FROM information_schema.tables
							WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`.execute(database.db);
						return rows[0]!.tables;
					} finally {
						await database.close();
					}
				});
				// A backup of an older version comes up to date here, as at any start.
				const database = await openMigratedDatabase(config, log);
				try {
					const { rows } = await sql<{ events: number; first: Date | null; last: Date | null; schema: string }>`
						SELECT (SELECT count(*)::int FROM events) AS events,
							(SELECT min(at) FROM events) AS first, (SELECT max(at) FROM events) AS last,
							(SELECT max(name) FROM kysely_migration) AS schema`.execute(database.db);
					const r = rows[0]!;
					const span = r.first && r.last ? ` from ${r.first.toISOString()} to ${r.last.toISOString()}` : '';
					const where = config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`;
					return `${where}, ${r.events} events${span}, schema ${r.schema}, in ${restored.seconds.toFixed(1)} s - ${restored.file}`;
				} finally {
					await database.close();
				}
			});
		});
}
