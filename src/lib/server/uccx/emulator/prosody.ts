import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real XMPP server for the fake Finesse (tests and `VIGIE_DEMO=uccx`): Debian's Prosody, run as a child process
 * with a configuration of its own in a directory of its own, listening on free ports of 127.0.0.1 only. Finesse's
 * notification service is an XMPP server with publish/subscribe (XEP-0060) too; Prosody's `pubsub` component
 * plays it.
 *
 * No TLS: on loopback xmpp.js signs in with SCRAM-SHA-1 over plain TCP (it never sends PLAIN unencrypted), and
 * Prosody is told not to require encryption. Root may run it (`run_as_root`), as the tests do on CI.
 */

export const PROSODY_BIN = '/usr/bin/prosody';
export const PROSODYCTL_BIN = '/usr/bin/prosodyctl';
/** Few, for quick sign-ins on loopback (see `scramIterations`); the password never leaves the machine. */
const DEFAULT_SCRAM_ITERATIONS = 256;

export interface ProsodyOptions {
	/** Where its configuration, data and log go; a new temporary directory (removed at stop) when not given. */
	dir?: string;
	/** The XMPP domain; `localhost` by default. Its pubsub service is `pubsub.<domain>`. */
	domain?: string;
	/** Accounts (local parts) allowed to create pubsub nodes: the fake Finesse's publisher. */
	admins?: string[];
	/** Fixed ports (to restart a server where its clients expect it); free ones by default. */
	c2sPort?: number;
	httpPort?: number;
	/** How long to wait for it to listen. */
	startTimeoutMs?: number;
	/**
	 * SCRAM-SHA-1 iterations of new accounts (Prosody's default is 10,000). xmpp.js derives the key with one
	 * WebCrypto call per iteration, about a millisecond each on a busy machine: fewer keep sign-ins quick in tests.
	 */
	scramIterations?: number;
}

export interface ProsodyServer {
	/** XMPP over TCP: `xmpp://127.0.0.1:<port>`. */
	xmppUrl: string;
	/** XMPP over WebSocket: `ws://127.0.0.1:<port>/xmpp-websocket`. */
	websocketUrl: string;
	domain: string;
	pubsubService: string;
	c2sPort: number;
	httpPort: number;
	dir: string;
	/** The server's process id (to pause or kill it in a test). */
	pid: number;
	createUser(name: string, password: string): Promise<void>;
	/** Stops it (SIGTERM, then SIGKILL after 5 s) and removes its directory if it made it. */
	stop(): Promise<void>;
}

/** The account the fake Finesse publishes with; an admin of the server, so that it may create the team nodes. */
export const FINESSE_PUBLISHER = 'finesse';

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

function lua(text: string): string {
	return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

function configuration(o: {
	dir: string;
	domain: string;
	admins: string[];
	c2sPort: number;
	httpPort: number;
	scramIterations: number;
}): string {
	return `-- Written by Vigie's Prosody harness (src/lib/server/uccx/emulator/prosody.ts); rewritten at each start.
run_as_root = true
daemonize = false
data_path = ${lua(join(o.dir, 'data'))}
certificates = ${lua(join(o.dir, 'certs'))}
log = { { levels = { min = "info" }, to = "file", filename = ${lua(join(o.dir, 'prosody.log'))} } }
interfaces = { "127.0.0.1" }
c2s_ports = { ${o.c2sPort} }
c2s_interfaces = { "127.0.0.1" }
c2s_direct_tls_ports = { }
legacy_ssl_ports = { }
http_ports = { ${o.httpPort} }
http_interfaces = { "127.0.0.1" }
https_ports = { }
c2s_require_encryption = false
authentication = "internal_hashed"
default_iteration_count = ${o.scramIterations}
storage = "internal"
admins = { ${o.admins.map((name) => lua(`${name}@${o.domain}`)).join(', ')} }
modules_enabled = { "roster", "saslauth", "disco", "ping", "websocket", "bosh" }
modules_disabled = { "s2s" }
consider_websocket_secure = true
consider_bosh_secure = true
VirtualHost ${lua(o.domain)}
Component ${lua(`pubsub.${o.domain}`)} "pubsub"
`;
}

function listening(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function logTail(dir: string): Promise<string> {
	try {
		return (await readFile(join(dir, 'prosody.log'), 'utf8')).trim().split('\n').slice(-8).join('\n');
	} catch {
		return '(no log)';
	}
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('error', reject);
		child.once('close', (code) => resolve({ code, output }));
	});
}

export async function startProsody(options: ProsodyOptions = {}): Promise<ProsodyServer> {
	if (!existsSync(PROSODY_BIN))
		throw new Error(`Prosody is not installed (${PROSODY_BIN}): apt-get install prosody (Debian's XMPP server)`);
	const ownDir = options.dir === undefined;
	const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'vigie-prosody-')));
	const domain = options.domain ?? 'localhost';
	const c2sPort = options.c2sPort ?? (await freePort());
	const httpPort = options.httpPort ?? (await freePort());
	const configPath = join(dir, 'prosody.cfg.lua');
	await mkdir(join(dir, 'data'), { recursive: true });
	await mkdir(join(dir, 'certs'), { recursive: true });
	await writeFile(
		configPath,
		configuration({
			dir,
			domain,
			admins: options.admins ?? [FINESSE_PUBLISHER],
			c2sPort,
			httpPort,
			scramIterations: options.scramIterations ?? DEFAULT_SCRAM_ITERATIONS
		})
	);

	const child: ChildProcess = spawn(PROSODY_BIN, ['--config', configPath, '-F'], {
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
	let exited = false;
	const exit = new Promise<void>((resolve) =>
		child.once('exit', () => {
			exited = true;
			resolve();
		})
	);
	// A test runner that dies must not leave a server behind.
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);

	const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
	while (!(await listening(c2sPort))) {
		if (exited || Date.now() > deadline) {
			child.kill('SIGKILL');
			process.removeListener('exit', killOnExit);
			const why = exited ? `it exited (${child.exitCode ?? child.signalCode})` : 'it is not listening';
			throw new Error(`Prosody did not start: ${why}; ${stderr.trim()}\n${await logTail(dir)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}

	return {
		xmppUrl: `xmpp://127.0.0.1:${c2sPort}`,
		websocketUrl: `ws://127.0.0.1:${httpPort}/xmpp-websocket`,
		domain,
		pubsubService: `pubsub.${domain}`,
		c2sPort,
		httpPort,
		dir,
		pid: child.pid!,

		async createUser(name, password) {
			const result = await run(PROSODYCTL_BIN, ['--config', configPath, 'register', name, domain, password]);
			if (result.code !== 0) throw new Error(`prosodyctl could not create ${name}@${domain}: ${result.output.trim()}`);
		},

		async stop() {
			process.removeListener('exit', killOnExit);
			if (!exited) {
				child.kill('SIGCONT'); // a paused server (a test of dead connections) must be able to end
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
				await exit;
				clearTimeout(timer);
			}
			if (ownDir) await rm(dir, { recursive: true, force: true });
		}
	};
}
