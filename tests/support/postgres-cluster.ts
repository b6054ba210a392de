/**
 * A PostgreSQL of the test's own, for the tests that stop it, crash it or fill its disk: `initdb` into a
 * temporary directory, `pg_ctl` on a free port of 127.0.0.1, trust authentication, user `postgres`.
 * PostgreSQL refuses to run as root: under root, its commands run as the `postgres` system user.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './vigie-process.ts';
import { waitFor } from './wait.ts';

/** The newest server installed by Debian's packages (override with `VIGIE_TEST_PG_BIN`). */
function postgresBinDir(): string {
	if (process.env.VIGIE_TEST_PG_BIN) return process.env.VIGIE_TEST_PG_BIN;
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
	if (!newest) throw new Error(`no PostgreSQL server under ${root}: install Debian's postgresql package`);
	return path.join(root, newest, 'bin');
}

export type StopMode = 'smart' | 'fast' | 'immediate';

export class PostgresCluster {
	readonly dir: string;
	readonly port: number;
	readonly bin: string;
	/** Where its log goes; a failing test prints it. */
	readonly logFile: string;
	readonly #asPostgres: boolean;

	private constructor(dir: string, port: number, bin: string) {
		this.dir = dir;
		this.port = port;
		this.bin = bin;
		this.logFile = path.join(dir, 'postgres.log');
		this.#asPostgres = process.getuid?.() === 0;
	}

	/** A new cluster, initialised and started. */
	static async create(settings: Record<string, string> = {}): Promise<PostgresCluster> {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-pg-'));
		const cluster = new PostgresCluster(dir, await freePort(), postgresBinDir());
		try {
			if (cluster.#asPostgres) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
			cluster.#run('initdb', [
				'-D',
				cluster.dataDir,
				'-U',
				'postgres',
				'-A',
				'trust',
				'-E',
				'UTF8',
				'--locale=C',
				'--no-sync'
			]);
			const conf = {
				listen_addresses: "'127.0.0.1'",
				port: String(cluster.port),
				unix_socket_directories: `'${dir}'`,
				// The tests crash it on purpose; durability against a real power cut is not what they check.
				fsync: 'off',
				shared_buffers: "'32MB'",
				max_connections: '50',
				...settings
			};
			fs.appendFileSync(
				path.join(cluster.dataDir, 'postgresql.conf'),
				Object.entries(conf)
					.map(([k, v]) => `${k} = ${v}\n`)
					.join('')
			);
			cluster.start();
			return cluster;
		} catch (error) {
			cluster.dispose();
			throw error;
		}
	}

	/**
	 * A streaming replica of `primary`, as a second site keeps one: `pg_basebackup -R` (which writes
	 * `primary_conninfo` and `standby.signal`) into a directory of its own, started on another free port, read-only
	 * until promoted. Resolves once the primary's `pg_stat_replication` shows it streaming.
	 */
	static async replicaOf(primary: PostgresCluster): Promise<PostgresCluster> {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-pg-replica-'));
		const replica = new PostgresCluster(dir, await freePort(), primary.bin);
		try {
			if (replica.#asPostgres) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
			replica.#run('pg_basebackup', [
				'-h',
				'127.0.0.1',
				'-p',
				String(primary.port),
				'-U',
				'postgres',
				'-D',
				replica.dataDir,
				'-R',
				'-X',
				'stream',
				'--checkpoint=fast',
				'--no-sync'
			]);
			// The copied postgresql.conf still names the primary's port and socket directory: later lines win.
			fs.appendFileSync(
				path.join(replica.dataDir, 'postgresql.conf'),
				`port = ${replica.port}\nunix_socket_directories = '${dir}'\n`
			);
			replica.start();
			await waitFor(
				'the replica to stream from its primary',
				() => primary.sql('SELECT state FROM pg_stat_replication') === 'streaming',
				30_000,
				200
			);
			return replica;
		} catch (error) {
			replica.dispose();
			throw error;
		}
	}

	/** One SQL statement through `psql` as `postgres`, its rows unaligned (`-At`). */
	sql(statement: string, database = 'postgres'): string {
		return this.#run('psql', [
			'-h',
			'127.0.0.1',
			'-p',
			String(this.port),
			'-U',
			'postgres',
			'-d',
			database,
			'-Atc',
			statement
		]).trim();
	}

	/** `pg_ctl promote`, as the operator does on the surviving site: the replica ends recovery and takes writes. */
	promote(): void {
		this.#run('pg_ctl', ['promote', '-D', this.dataDir, '-w', '-t', '60']);
	}

	get dataDir(): string {
		return path.join(this.dir, 'data');
	}

	/** A connection string to one of its databases. */
	url(database = 'postgres'): string {
		return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
	}

	/** Starts it and waits until it accepts connections. */
	start(): void {
		this.#run('pg_ctl', ['start', '-D', this.dataDir, '-l', this.logFile, '-w', '-t', '60']);
	}

	/**
	 * Stops it: `immediate` is what a crash or a power cut looks like to its clients (every connection cut at
	 * once, recovery from the WAL at the next start); `fast` is an administrator's stop.
	 */
	stop(mode: StopMode = 'fast'): void {
		this.#run('pg_ctl', ['stop', '-D', this.dataDir, '-m', mode, '-w', '-t', '60']);
	}

	get running(): boolean {
		try {
			this.#run('pg_ctl', ['status', '-D', this.dataDir]);
			return true;
		} catch {
			return false;
		}
	}

	/** The last lines of its log, to explain a failure. */
	logTail(lines = 40): string {
		try {
			return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
		} catch {
			return '';
		}
	}

	/** Stops it at once if it runs, and removes its files. */
	dispose(): void {
		try {
			if (fs.existsSync(path.join(this.dataDir, 'postmaster.pid'))) this.stop('immediate');
		} catch {
			// Already stopped, or never started: the files go anyway.
		}
		fs.rmSync(this.dir, { recursive: true, force: true });
	}

	#run(program: string, args: string[]): string {
		const command = path.join(this.bin, program);
		const [file, argv] = this.#asPostgres ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
		return execFileSync(file, argv, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
	}
}
