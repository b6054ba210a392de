import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Shared by the benchmarks: a fresh database, a real server process, its memory. */
export const BENCH_BASE_URL = process.env.VIGIE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function adminQuery(sql: string, url = BENCH_BASE_URL): Promise<pg.QueryResult> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await client.query(sql);
	} finally {
		await client.end();
	}
}

export async function createBenchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
	const name = `vigie_bench_${randomBytes(4).toString('hex')}`;
	await adminQuery(`CREATE DATABASE ${name}`);
	const url = new URL(BENCH_BASE_URL);
	url.pathname = `/${name}`;
	return {
		url: url.href,
		drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined)
	};
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

/**
 * The CLI as an operator runs it: executed through its shebang, which picks the project's Node (first on the PATH,
 * as under npm) and Vigie's heap settings, so the figures measured are those of a real installation.
 */
export const VIGIE = 'src/cli/vigie.js';
export const PROJECT_PATH = { PATH: `${path.resolve('node_modules/.bin')}:${process.env.PATH}` };

export function vigieCli(args: string[], env: Record<string, string>): string {
	return execFileSync(VIGIE, args, {
		env: { ...process.env, ...PROJECT_PATH, ...env },
		stdio: ['ignore', 'pipe', 'ignore']
	})
		.toString()
		.trim();
}

export interface ServerProcess {
	url: string;
	process: ChildProcess;
	stop(): Promise<void>;
}

/** `vigie <command>` on 127.0.0.1, once /healthz answers. */
export async function startServer(command: 'start' | 'web', env: Record<string, string>): Promise<ServerProcess> {
	const port = await freePort();
	const child = spawn(VIGIE, [command], {
		env: {
			...process.env,
			...PROJECT_PATH,
			HOST: '127.0.0.1',
			PORT: String(port),
			VIGIE_DEMO: '0',
			VIGIE_LOG_LEVEL: 'warn',
			...env
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`vigie ${command} exited with ${child.exitCode}`);
		const ok = await fetch(`${url}/healthz`).then(
			(r) => r.ok,
			() => false
		);
		if (ok) break;
		if (Date.now() > deadline) throw new Error('the server did not start in 30 s');
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		url,
		process: child,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

/** Resident memory of a process, in MiB (Linux). */
export function rssMiB(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Samples a process's memory every `ms` until stopped; returns the peak. */
export function watchPeakRss(pid: number, ms = 100): { peak(): number; stop(): number } {
	let peak = rssMiB(pid);
	const timer = setInterval(() => {
		try {
			peak = Math.max(peak, rssMiB(pid));
		} catch {
			// The process has exited: the last sample stands.
		}
	}, ms);
	return {
		peak: () => peak,
		stop() {
			clearInterval(timer);
			return peak;
		}
	};
}

export const fmt = (n: number, digits = 0) =>
	n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** CPU seconds (user + system) used so far by the processes whose command name matches. */
export function cpuSecondsOf(matches: (name: string, pid: number) => boolean): number {
	const ticksPerSecond = 100;
	let ticks = 0;
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
			if (!matches(name, Number(entry))) continue;
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			ticks += Number(fields[11]) + Number(fields[12]);
		} catch {
			// The process ended between listing and reading.
		}
	}
	return ticks / ticksPerSecond;
}
