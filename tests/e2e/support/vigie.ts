/**
 * What the end-to-end specs need around the product: a fresh PostgreSQL database, the real built server
 * started as a child process (and killed by its PID), tokens made with the real CLI, and events posted to the
 * real intake. Nothing is mocked.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The Node 24 pinned in the project, not the machine's. */
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const CLI = path.join(ROOT, 'src/cli/vigie.js');

export type Env = Record<string, string>;

/**
 * The environment of a Vigie process: this one's, minus any Vigie or database setting that could leak in from
 * the shell, plus `overrides`.
 */
export function vigieEnv(overrides: Env): Env {
	const env: Env = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (value === undefined || name === 'DATABASE_URL' || name === 'PORT' || name === 'HOST') continue;
		if (name.startsWith('VIGIE_') || name === 'ORIGIN' || name === 'BODY_SIZE_LIMIT') continue;
		env[name] = value;
	}
	return { ...env, HOST: '127.0.0.1', VIGIE_LOG_LEVEL: 'info', ...overrides };
}

// ---------------------------------------------------------------------------------------------------------
// Databases

export interface TestDatabase {
	url: string;
	drop(): Promise<void>;
}

/** A new, empty database next to `VIGIE_TEST_DATABASE_URL`'s, dropped by `drop()`. */
export async function createTestDatabase(): Promise<TestDatabase> {
	const base = process.env.VIGIE_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
	const name = `vigie_e2e_${randomBytes(6).toString('hex')}`;
	await withAdmin(base, (admin) => admin.query(`CREATE DATABASE ${name}`));
	const url = new URL(base);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: () => withAdmin(base, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
	};
}

async function withAdmin(url: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await work(client);
	} finally {
		await client.end();
	}
}

export async function createTempDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vigie-e2e-'));
	return { dir, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------------------------------------
// The CLI

/** `vigie token create`: the token is the whole of standard output. */
export async function createToken(env: Env, role: string, name: string): Promise<string> {
	const { stdout } = await promisify(execFile)(NODE, [CLI, 'token', 'create', '--role', role, '--name', name], {
		cwd: ROOT,
		env,
		timeout: 60_000
	});
	const token = stdout.trim();
	if (!token || /\s/.test(token))
		throw new Error(`vigie token create printed more than a token: ${JSON.stringify(stdout)}`);
	return token;
}

// ---------------------------------------------------------------------------------------------------------
// The server

/** What most specs start from: `vigie start` on a fresh PostgreSQL database, with a token for each role asked. */
export interface VigieOnPostgres<Role extends string = string> {
	database: TestDatabase;
	server: VigieServer;
	/** A token per role, by role. */
	tokens: Record<Role, string>;
	stop(): Promise<void>;
}

export async function startVigieOnPostgres<Role extends string>(
	roles: readonly Role[],
	env: Env = {}
): Promise<VigieOnPostgres<Role>> {
	const database = await createTestDatabase();
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
	/** `start` = web + worker (+ demo traffic when enabled); `web` = the web half alone. */
	command: 'start' | 'web';
	env: Env;
	/** A fixed port, e.g. to start a server again where the previous one was. Default: a free one. */
	port?: number;
}

const running = new Set<ChildProcess>();
// If the test runner itself goes away, no server outlives it.
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL');
});

/** One `vigie start|web` process, up once `/healthz` answers. */
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
		this.child = spawn(NODE, [CLI, options.command], {
			cwd: ROOT,
			env: { ...options.env, PORT: String(options.port) },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		running.add(this.child);
		for (const stream of [this.child.stdout!, this.child.stderr!]) {
			stream.setEncoding('utf8');
			stream.on('data', (chunk: string) => (this.log += chunk));
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
		const server = new VigieServer({ ...options, port: options.port ?? (await freePort()) });
		try {
			await server.waitUntilHealthy();
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

	/** Everything the process wrote, stdout and stderr interleaved. */
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

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------------------
// Events (contract §1)

export interface CanonicalEvent {
	id: string;
	type: string;
	at: string;
	call?: string;
	queue?: string;
	agent?: string;
	state?: string;
	reason?: string;
	queues?: string[];
}

export interface IngestAnswer {
	accepted: number;
	duplicates: number;
	rejected: { line: number; error: string }[];
}

/** Posts events as NDJSON; fails unless every one of them is accepted. */
export async function postEvents(baseUrl: string, token: string, events: CanonicalEvent[]): Promise<IngestAnswer> {
	const response = await fetch(`${baseUrl}/api/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
		body: events.map((e) => JSON.stringify(e)).join('\n') + '\n'
	});
	const text = await response.text();
	if (response.status !== 200) throw new Error(`POST /api/events answered ${response.status}: ${text}`);
	const answer = JSON.parse(text) as IngestAnswer;
	if (answer.accepted !== events.length) throw new Error(`POST /api/events did not accept every event: ${text}`);
	return answer;
}

/** Calls of one test run: ids that never collide with another run's. */
export class Calls {
	readonly run = randomBytes(4).toString('hex');
	private next = 0;

	/** `count` new calls entering `queue` now; returns the events and the call ids. */
	queue(queue: string, count: number): { events: CanonicalEvent[]; calls: string[] } {
		const calls = Array.from({ length: count }, () => `e2e-${this.run}-${++this.next}`);
		const at = new Date().toISOString();
		return {
			calls,
			events: calls.map((call) => ({ id: `${call}/queued/${queue}`, type: 'call.queued', at, call, queue }))
		};
	}

	abandoned(queue: string, call: string): CanonicalEvent {
		return { id: `${call}/abandoned/${queue}`, type: 'call.abandoned', at: new Date().toISOString(), call, queue };
	}

	answered(queue: string, call: string, agent = 'agent.e2e'): CanonicalEvent {
		return { id: `${call}/answered/${queue}`, type: 'call.answered', at: new Date().toISOString(), call, queue, agent };
	}
}
