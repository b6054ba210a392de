/**
 * `vigie backup` and `vigie restore` (contract §6): a consistent copy of the database that the site's backup
 * robot takes and can load again into an empty database.
 *
 * - PostgreSQL: `pg_dump --format=custom`, one snapshot of the whole database whatever writes meanwhile, restored
 *   with `pg_restore` in one transaction. The PostgreSQL client programs are PostgreSQL's own, never imitated.
 * - Embedded (PGlite): the data directory, copied while this process holds the directory's lock (so no Vigie
 *   writes to it) and after PGlite has opened and closed it (so it is checkpointed, even after a crash), as a
 *   gzip'd tar whose root is the data directory. Beside a running server, the same copy is taken through the
 *   server's local channel while the backup holds PGlite's one session after a CHECKPOINT, so nothing writes
 *   (`whileHoldingSession`, embedded-channel.ts); the server's requests wait for the copy.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { channelPaths, EmbeddedChannelError, whileHoldingSession } from '../db/embedded-channel.ts';
import { EmbeddedDatabaseInUse, lockEmbeddedDataDir } from '../db/embedded-lock.ts';

export type BackupKind = 'postgres' | 'embedded';

export interface BackupTarget {
	databaseUrl: string | null;
	dataDir: string;
	/** `VIGIE_PG_BIN`: where PostgreSQL's client programs are, when not on the PATH. */
	pgBin: string | null;
}

export interface BackupSummary {
	kind: BackupKind;
	file: string;
	bytes: number;
	sha256: string;
	seconds: number;
}

/** A failure the operator can act on: its message says what to do, and no stack is needed. */
export class BackupError extends Error {}

/** pg_dump's custom format starts with these bytes; a gzip stream with 1f 8b. */
const PG_DUMP_MAGIC = Buffer.from('PGDMP');
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
/** The lock file is the running process's, not the database's. */
const LOCK_FILE = 'vigie.pid';
/** The running server's channel (a socket), never part of a backup. */
const channelDirName = path.basename(channelPaths('.').dir);

/** What a backup file holds, from its first bytes; `null` when it is neither kind. */
export function backupKindOf(file: string): BackupKind | null {
	const head = Buffer.alloc(5);
	const fd = fs.openSync(file, 'r');
	try {
		fs.readSync(fd, head, 0, head.length, 0);
	} finally {
		fs.closeSync(fd);
	}
	if (head.subarray(0, 5).equals(PG_DUMP_MAGIC)) return 'postgres';
	if (head.subarray(0, 2).equals(GZIP_MAGIC)) return 'embedded';
	return null;
}

/**
 * Where a PostgreSQL client program is: `VIGIE_PG_BIN`'s directory when set, else the PATH (Debian's
 * `/usr/bin/pg_dump` picks the newest installed version), else the newest `/usr/lib/postgresql/N/bin`.
 */
export function postgresProgram(name: 'pg_dump' | 'pg_restore', pgBin: string | null): string {
	const candidates: string[] = [];
	if (pgBin) candidates.push(path.join(pgBin, name));
	else {
		for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) candidates.push(path.join(dir, name));
		const root = '/usr/lib/postgresql';
		const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
		for (const v of versions.sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(root, v, 'bin', name));
	}
	const found = candidates.find((file) => {
		try {
			fs.accessSync(file, fs.constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});
	if (!found) {
		throw new BackupError(
			`${name} is not installed${pgBin ? ` in VIGIE_PG_BIN (${pgBin})` : ''}: install the ` +
				`PostgreSQL client of the server's version or newer (Debian: apt-get install postgresql-client-15), ` +
				'or set VIGIE_PG_BIN to the directory that holds it'
		);
	}
	return found;
}

/**
 * The connection for PostgreSQL's programs, with the password in the environment (`PGPASSWORD`) rather than on a
 * command line that any user of the host can read.
 */
function libpqConnection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
	const url = new URL(databaseUrl);
	const env: NodeJS.ProcessEnv = { ...process.env };
	if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
	url.password = '';
	return { dbname: url.href, env };
}

/** Runs a program to its end; its standard error becomes the error's message when it fails. */
async function run(program: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.once('error', (error) =>
			reject(new BackupError(`${path.basename(program)} could not run: ${error.message}`))
		);
		child.once('close', (code) => {
			if (code === 0) resolve(stdout);
			else
				reject(
					new BackupError(
						`${path.basename(program)} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`
					)
				);
		});
	});
}

async function sha256Of(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

/** An embedded data directory holds a database once PostgreSQL's version file is there. */
function holdsDatabase(dataDir: string): boolean {
	return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

/** Opens and closes PGlite on the directory: recovery after a crash, then a checkpoint, so the files are whole. */
async function settleEmbedded(dataDir: string): Promise<void> {
	const { PGlite } = await import('@electric-sql/pglite');
	const pglite = await PGlite.create(dataDir);
	await pglite.close();
}

/**
 * Writes a consistent backup of the configured database to `out`. The file appears only once complete (written
 * beside it, then renamed): a backup that fails half-way leaves no file that looks good.
 */
export async function backupDatabase(target: BackupTarget, out: string): Promise<BackupSummary> {
	const started = performance.now();
	const file = path.resolve(out);
	const partial = `${file}.partial`;
	fs.mkdirSync(path.dirname(file), { recursive: true });
	let kind: BackupKind;
	try {
		// A backup holds the people's password hashes and the tokens' hashes: made for the service's account alone,
		// whatever the umask (pg_dump and tar write into the file as it is, and keep its mode).
		fs.writeFileSync(partial, '', { mode: 0o600 });
		fs.chmodSync(partial, 0o600);
		if (target.databaseUrl) {
			kind = 'postgres';
			const { dbname, env } = libpqConnection(target.databaseUrl);
			await run(
				postgresProgram('pg_dump', target.pgBin),
				['--format=custom', '--no-owner', '--file', partial, '--dbname', dbname],
				env
			);
			// The archive reads back whole: pg_restore lists its table of contents.
			await run(postgresProgram('pg_restore', target.pgBin), ['--list', partial]);
		} else {
			kind = 'embedded';
			if (!holdsDatabase(target.dataDir)) {
				throw new BackupError(`there is no embedded database in ${target.dataDir} (VIGIE_DATA_DIR) to back up`);
			}
			const archive = (dir: string) =>
				promisify(execFile)('tar', [
					'--create',
					'--gzip',
					`--exclude=./${LOCK_FILE}`,
					`--exclude=./${channelDirName}`,
					'--file',
					partial,
					'--directory',
					dir,
					'.'
				]);
			const running = runningServer(target.dataDir);
			if (running !== null) {
				// A server holds it (#10 item 13): through its local channel, the server paused only while the files are
				// copied as they are, beside the backup (disk speed); compressing that copy waits for nobody.
				const staging = `${partial}.d`;
				fs.rmSync(staging, { recursive: true, force: true });
				try {
					await whileHoldingSession(target.dataDir, running, () =>
						promisify(execFile)('cp', ['--archive', `${target.dataDir}/.`, staging])
					);
					await archive(staging);
				} catch (error) {
					throw error instanceof EmbeddedChannelError ? new BackupError(error.message) : error;
				} finally {
					fs.rmSync(staging, { recursive: true, force: true });
				}
			} else {
				const unlock = lockOrExplain(target.dataDir, 'back it up');
				try {
					await settleEmbedded(target.dataDir);
					await archive(target.dataDir);
				} finally {
					unlock();
				}
			}
		}
		fs.chmodSync(partial, 0o600);
		fs.renameSync(partial, file);
	} catch (error) {
		fs.rmSync(partial, { force: true });
		throw error;
	}
	return {
		kind,
		file,
		bytes: fs.statSync(file).size,
		sha256: await sha256Of(file),
		seconds: (performance.now() - started) / 1000
	};
}

/**
 * The process holding the embedded database when it serves the command line's local channel (a running
 * `vigie start|web|worker`), else `null`: nobody holds it, or a process without a channel, which
 * `lockOrExplain` then names.
 */
function runningServer(dataDir: string): number | null {
	if (!fs.existsSync(channelPaths(dataDir).socket)) return null;
	try {
		lockEmbeddedDataDir(dataDir)();
		return null;
	} catch (error) {
		if (error instanceof EmbeddedDatabaseInUse) return error.holder;
		throw error;
	}
}

/** The embedded database's lock, or an error that tells the operator to stop Vigie first. */
function lockOrExplain(dataDir: string, what: string): () => void {
	try {
		return lockEmbeddedDataDir(dataDir);
	} catch (error) {
		throw new BackupError(
			`${error instanceof Error ? error.message : String(error)} The embedded database belongs to one process: ` +
				`stop Vigie (systemctl stop vigie) to ${what}, then start it again; it takes seconds.`
		);
	}
}

export interface RestoreSummary {
	kind: BackupKind;
	file: string;
	seconds: number;
}

/**
 * Loads a backup into an empty database: the configured PostgreSQL database, which must hold no table yet, or
 * the embedded data directory, which must hold no database yet. Nothing already there is ever overwritten.
 * The caller migrates afterwards, so that a backup of an older version comes up to date.
 */
export async function restoreDatabase(
	target: BackupTarget,
	file: string,
	countTables: () => Promise<number>
): Promise<RestoreSummary> {
	const started = performance.now();
	if (!fs.existsSync(file)) throw new BackupError(`there is no file ${file} to restore`);
	const kind = backupKindOf(file);
	if (kind === null)
		throw new BackupError(`${file} is not a Vigie backup (neither pg_dump's custom format nor a .tar.gz)`);
	if (target.databaseUrl) {
		if (kind !== 'postgres') {
			throw new BackupError(
				`${file} is a backup of the embedded database: restore it without DATABASE_URL, into VIGIE_DATA_DIR`
			);
		}
		const tables = await countTables();
		if (tables > 0) {
			throw new BackupError(
				`the database of DATABASE_URL is not empty (${tables} tables): restore into a new, empty database ` +
					'(createdb), then point DATABASE_URL at it; nothing was changed'
			);
		}
		const { dbname, env } = libpqConnection(target.databaseUrl);
		await run(
			postgresProgram('pg_restore', target.pgBin),
			['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', '--dbname', dbname, file],
			env
		);
	} else {
		if (kind !== 'embedded') {
			throw new BackupError(
				`${file} is a PostgreSQL backup (pg_dump): set DATABASE_URL to an empty database to restore it`
			);
		}
		if (holdsDatabase(target.dataDir)) {
			throw new BackupError(
				`${target.dataDir} (VIGIE_DATA_DIR) already holds a database: restore into a new, empty directory, ` +
					'then point VIGIE_DATA_DIR at it; nothing was changed'
			);
		}
		const unlock = lockOrExplain(target.dataDir, 'restore');
		try {
			await promisify(execFile)('tar', [
				'--extract',
				'--gzip',
				'--file',
				path.resolve(file),
				'--directory',
				target.dataDir
			]);
		} catch (error) {
			// Half a directory is worse than none: what the failed extraction left goes, the lock file stays ours.
			for (const entry of fs.readdirSync(target.dataDir))
				if (entry !== LOCK_FILE) fs.rmSync(path.join(target.dataDir, entry), { recursive: true, force: true });
			throw new BackupError(`${file} could not be extracted: ${error instanceof Error ? error.message : error}`);
		} finally {
			unlock();
		}
	}
	return { kind, file: path.resolve(file), seconds: (performance.now() - started) / 1000 };
}
