import fs from 'node:fs';
import path from 'node:path';

/** The data directory is held by another running process, `holder`. */
export class EmbeddedDatabaseInUse extends Error {
	readonly holder: number;

	constructor(dataDir: string, holder: number) {
		super(
			`the embedded database in ${dataDir} is in use by process ${holder}. ` +
				'Stop that process first, or set DATABASE_URL to share a PostgreSQL between processes.'
		);
		this.holder = holder;
	}
}

/**
 * NOTE: PGlite is a database inside this process; two processes opening the same data directory would corrupt
 * it. A pid file taken with O_EXCL makes the second one fail with a clear message instead. A pid file left by
 * a process that no longer runs (kill -9, power cut) is taken over.
 */
export function lockEmbeddedDataDir(dataDir: string): () => void {
	fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	keepToOwner(dataDir);
	const lockFile = path.join(dataDir, 'vigie.pid');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
			return () => fs.rmSync(lockFile, { force: true });
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'EACCES' || code === 'EPERM') {
				throw new Error(
					`permission refusée sur la base embarquée de ${dataDir} : lancez la commande sous l'utilisateur du ` +
						'service Vigie (ou root).'
				);
			}
			if (code !== 'EEXIST') throw error;
			const holder = Number(fs.readFileSync(lockFile, 'utf8'));
			if (isRunning(holder) && holder !== process.pid) throw new EmbeddedDatabaseInUse(dataDir, holder);
			fs.rmSync(lockFile, { force: true });
		}
	}
	throw new Error(`could not lock the embedded database in ${dataDir}`);
}

/**
 * NOTE: PGlite writes its files world-writable (0666: PG_VERSION, base/*, pg_wal/*…), and a plain `mkdir` leaves
 * the directory 0755: any local account could have read the password hashes or rewritten the database. As
 * PostgreSQL requires of its own data directory, the directory is its owner's alone (0700), which keeps every file
 * inside out of others' reach whatever its mode. Done by whoever owns it (the service user, at each start and
 * command); root running a command leaves the owner's access as it is.
 */
function keepToOwner(dataDir: string): void {
	const stat = fs.statSync(dataDir);
	if (stat.uid === process.getuid!() && (stat.mode & 0o077) !== 0) fs.chmodSync(dataDir, 0o700);
}

function isRunning(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
