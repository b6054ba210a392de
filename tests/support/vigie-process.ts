/**
 * The `vigie` command as an operator runs it: through `src/cli/vigie.js` and its shebang (the project's Node 24
 * first on the PATH, Vigie's heap settings), as child processes that a test starts, kills by PID and reads.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createPostgresDatabase, type PostgresDatabase } from './postgres.ts';
import { delay } from './wait.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The Node 24 pinned in the project, not the machine's. */
export const NODE = path.join(ROOT, 'node_modules/.bin/node');
export const CLI = path.join(ROOT, 'src/cli/vigie.js');

export type Env = Record<string, string>;

/**
 * The environment of a Vigie process: this one's, minus any Vigie or database setting that could leak in from
 * the shell, with the project's Node first on the PATH, plus `overrides`.
 */
export function vigieEnv(overrides: Env = {}): Env {
	const env: Env = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (value === undefined || name === 'DATABASE_URL' || name === 'PORT' || name === 'HOST') continue;
		if (name.startsWith('VIGIE_') || name === 'ORIGIN' || name === 'BODY_SIZE_LIMIT') continue;
		env[name] = value;
	}
	env.PATH = `${path.dirname(NODE)}:${env.PATH ?? '/usr/bin:/bin'}`;
	// The test PostgreSQL's address is not a Vigie setting: keep it for the helpers that read it.
	if (process.env.VIGIE_TEST_DATABASE_URL) env.VIGIE_TEST_DATABASE_URL = process.env.VIGIE_TEST_DATABASE_URL;
	return { ...env, HOST: '127.0.0.1', VIGIE_LOG_LEVEL: 'info', ...overrides };
}

/** A one-shot command (`migrate`, `token create`, …); its standard output, trimmed. Throws on a non-zero exit. */
export function vigieCli(args: string[], env: Env): string {
	return execFileSync(CLI, args, { cwd: ROOT, env: vigieEnv(env), stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 })
		.toString()
		.trim();
}

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** A one-shot command that may fail: its exit code and both outputs, e.g. `vigie check` as a scheduler sees it. */
export async function runVigie(args: string[], env: Env, input?: string): Promise<CliResult> {
	return new Promise((resolve) => {
		const child = execFile(
			CLI,
			args,
			{ cwd: ROOT, env: vigieEnv(env), timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({ code, stdout: String(stdout), stderr: String(stderr) });
			}
		);
		child.stdin!.end(input ?? '');
	});
}

/** `vigie token create`: the token is the whole of standard output. */
export async function createToken(env: Env, role: string, name: string): Promise<string> {
	const { stdout } = await promisify(execFile)(CLI, ['token', 'create', '--role', role, '--name', name], {
		cwd: ROOT,
		env: vigieEnv(env),
		timeout: 60_000
	});
	const token = stdout.trim();
	if (!token || /\s/.test(token))
		throw new Error(`vigie token create printed more than a token: ${JSON.stringify(stdout)}`);
	return token;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

export interface ServerOptions {
	/** `start` = web + worker (+ demo traffic when enabled); `web` = the web half; `worker` = the worker half. */
	command: 'start' | 'web' | 'worker';
	/** The whole environment (see `vigieEnv`); PORT is added. */
	env: Env;
	/** A fixed port, e.g. to start a server again where the previous one was. Default: a free one. */
	port?: number;
	/** A program to run instead of this checkout's `src/cli/vigie.js`, e.g. an installed release's `bin/vigie`. */
	executable?: string;
	/** Also copy the process's output to this one's standard error (benchmarks, scripts). */
	echo?: boolean;
}

const running = new Set<ChildProcess>();
// If the test runner itself goes away, no server outlives it.
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL');
});

/** Output kept per process: enough to explain a failure, bounded for a day-long soak. */
const OUTPUT_KEPT = 256 * 1024;

/**
 * One `vigie start|web|worker` process: up once `/healthz` answers (a worker: once it logs that it started,
 * which needs `VIGIE_LOG_LEVEL` at `info` or below).
 */
export class VigieServer {
	readonly url: string;
	readonly options: Required<ServerOptions>;
	private readonly child: ChildProcess;
	private readonly exited: Promise<void>;
	private exitCode: number | string | null = null;
	private log = '';

	private constructor(options: Required<ServerOptions>) {
		this.options = options;
		this.url = `http://127.0.0.1:${options.port}`;
		this.child = spawn(options.executable, [options.command], {
			cwd: ROOT,
			env: { ...options.env, PORT: String(options.port) },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		running.add(this.child);
		for (const stream of [this.child.stdout!, this.child.stderr!]) {
			stream.setEncoding('utf8');
			stream.on('data', (chunk: string) => {
				if (options.echo) process.stderr.write(chunk);
				this.log += chunk;
				if (this.log.length > 2 * OUTPUT_KEPT) this.log = this.log.slice(-OUTPUT_KEPT);
			});
		}
		this.exited = new Promise((resolve) =>
			this.child.once('exit', (code, signal) => {
				this.exitCode = code ?? signal;
				running.delete(this.child);
				resolve();
			})
		);
	}

	static async start(options: ServerOptions): Promise<VigieServer> {
		const server = new VigieServer({
			...options,
			port: options.port ?? (await freePort()),
			executable: options.executable ?? CLI,
			echo: options.echo ?? false
		});
		try {
			if (options.command === 'worker') await server.waitForOutput(/worker: started/);
			else await server.waitUntilHealthy();
		} catch (error) {
			await server.kill();
			throw error;
		}
		return server;
	}

	/** Another server with the same command, environment and port, e.g. after `kill()`. */
	startAgain(): Promise<VigieServer> {
		return VigieServer.start(this.options);
	}

	get pid(): number {
		return this.child.pid!;
	}

	/** Still running? */
	get alive(): boolean {
		return this.exitCode === null;
	}

	/** Everything the process wrote (the last few hundred kilobytes), stdout and stderr interleaved. */
	get output(): string {
		return this.log;
	}

	/** Waits for a line of output matching `pattern` and returns the match. */
	async waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const match = this.log.match(pattern);
			if (match) return match;
			if (this.exitCode !== null) throw this.failure(`exited (${this.exitCode}) before printing ${pattern}`);
			if (Date.now() > deadline) throw this.failure(`printed nothing matching ${pattern} within ${timeoutMs} ms`);
			await delay(100);
		}
	}

	/** A crash: SIGKILL, nothing cleaned up. */
	async kill(): Promise<void> {
		if (this.exitCode === null) this.child.kill('SIGKILL');
		await this.exited;
	}

	/** A clean stop (SIGTERM), forced after 15 s. */
	async stop(): Promise<void> {
		if (this.exitCode !== null) return;
		this.child.kill('SIGTERM');
		const forced = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
		await this.exited;
		clearTimeout(forced);
	}

	private async waitUntilHealthy(timeoutMs = 60_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (this.exitCode !== null) throw this.failure(`exited (${this.exitCode}) while starting`);
			try {
				const response = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) });
				if (response.ok) return;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline) throw this.failure(`did not answer /healthz within ${timeoutMs} ms`);
			await delay(100);
		}
	}

	private failure(what: string): Error {
		return new Error(
			`vigie ${this.options.command} on port ${this.options.port} ${what}; its output:\n${this.log.slice(-4000)}`
		);
	}
}

/** What most specs start from: `vigie start` on a fresh PostgreSQL database, with a token for each role asked. */
export interface VigieOnPostgres<Role extends string = string> {
	database: PostgresDatabase;
	server: VigieServer;
	/** A token per role, by role. */
	tokens: Record<Role, string>;
	stop(): Promise<void>;
}

export async function startVigieOnPostgres<Role extends string>(
	roles: readonly Role[],
	env: Env = {}
): Promise<VigieOnPostgres<Role>> {
	const database = await createPostgresDatabase('vigie_e2e');
	try {
		const serverEnv = vigieEnv({ DATABASE_URL: database.url, VIGIE_DEMO: '0', ...env });
		const tokens = {} as Record<Role, string>;
		for (const role of roles) tokens[role] = await createToken(serverEnv, role, `e2e-${role}`);
		const server = await VigieServer.start({ command: 'start', env: serverEnv });
		return {
			database,
			server,
			tokens,
			async stop() {
				await server.stop();
				await database.drop();
			}
		};
	} catch (error) {
		await database.drop();
		throw error;
	}
}
