/**
 * What the benchmarks measure with, beside tests/support (databases, the `vigie` processes): memory and CPU of
 * processes, and figures printed the same way.
 */
import fs from 'node:fs';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.ts';
import { VigieServer, vigieEnv, type Env } from '../support/vigie-process.ts';

export { vigieCli } from '../support/vigie-process.ts';

/** A fresh database on the test PostgreSQL, named so that a leftover is recognisable as a benchmark's. */
export const createBenchDatabase = (): Promise<PostgresDatabase> => createPostgresDatabase('vigie_bench');

/** `vigie <command>` on 127.0.0.1 without demo traffic, logging warnings to this process's standard error. */
export function startServer(command: 'start' | 'web', env: Env): Promise<VigieServer> {
	return VigieServer.start({
		command,
		env: vigieEnv({ VIGIE_DEMO: '0', VIGIE_LOG_LEVEL: 'warn', ...env }),
		echo: true
	});
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
