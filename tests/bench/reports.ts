/**
 * npm run bench:reports — a year of aggregates for a large desk (50 queues, 300 agents) loaded straight into the
 * local PostgreSQL with set-based SQL, then: the server time of the one-day queue and agent reports over HTTP,
 * and the speed and peak memory of the full-year 15-minute queue export through `vigie export`.
 * Targets: reports < 200 ms; export ≥ 100,000 rows/s with an RSS under 150 MB.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { CLI, NODE, vigieEnv } from '../support/vigie-process.ts';
import { createBenchDatabase, fmt, startServer, vigieCli, watchPeakRss } from './support.ts';

const QUEUES = 50;
const AGENTS = 300;
const YEAR = { from: '2025-01-01', to: '2025-12-31', dayAfter: '2026-01-01' };
/** A weekday of that year, the day a supervisor reviews. */
const DAY = '2025-06-17';
const REPEATS = 7;

/**
 * The year's 15-minute rows: every queue busy around the clock; each agent on an 8-hour shift on weekdays
 * (ready, talking, then work or not ready with one of three reasons), answering a few calls per quarter.
 * Figures vary with the period so no two rows are alike, and stay consistent (answered ≤ offered…).
 */
async function loadYear(url: string): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const periods = `generate_series(timestamptz '${YEAR.from} 00:00 Europe/Paris',
			timestamptz '${YEAR.dayAfter} 00:00 Europe/Paris' - interval '15 minutes', interval '15 minutes')`;
		await client.query(`INSERT INTO queues (name)
			SELECT format('Queue %s', lpad(q::text, 2, '0')) FROM generate_series(1, ${QUEUES}) q`);
		await client.query(`
			INSERT INTO queue_intervals (queue, period_start, offered, answered, abandoned, short_abandoned, dequeued,
				answered_within_sl, abandoned_within_sl, answered_wait_ms, talk_ms, talked, max_wait_ms, sl_threshold_s)
			SELECT format('Queue %s', lpad(q::text, 2, '0')), p, o, a, ab, ab / 3, o - a - ab, a * 4 / 5, ab / 2,
				a * 14000, a * 180000, a, 60000 + (q * 997 + extract(epoch FROM p)::bigint) % 240000, 20
			FROM generate_series(1, ${QUEUES}) q
			CROSS JOIN ${periods} p
			CROSS JOIN LATERAL (SELECT 5 + (q * 7 + extract(epoch FROM p)::bigint / 900) % 20 AS o) offered
			CROSS JOIN LATERAL (SELECT o * 17 / 20 AS a, o / 10 AS ab) outcome`);
		// Three shifts, 06:00–14:00, 10:00–18:00 and 14:00–22:00 local, on weekdays.
		const shifts = (join = '') => `
			FROM generate_series(1, ${AGENTS}) g
			CROSS JOIN ${periods} p
			CROSS JOIN LATERAL (SELECT format('agent.%s', lpad(g::text, 3, '0')) AS agent,
				extract(hour FROM p AT TIME ZONE 'Europe/Paris') AS hour) a
			${join}
			WHERE extract(isodow FROM p AT TIME ZONE 'Europe/Paris') < 6
				AND a.hour >= 6 + g % 3 * 4 AND a.hour < 14 + g % 3 * 4`;
		await client.query(`
			INSERT INTO agent_state_intervals (agent, period_start, state, reason, duration_ms)
			SELECT agent, p, s.state, s.reason, s.ms ${shifts(`CROSS JOIN LATERAL (VALUES
				('ready', '', 300000),
				('talking', '', 420000),
				(CASE WHEN g % 2 = 0 THEN 'work' ELSE 'not_ready' END,
				 CASE WHEN g % 2 = 0 THEN '' ELSE (ARRAY['Pause', 'Formation', 'Réunion'])[1 + g % 3] END, 180000)
			) s(state, reason, ms)`)}`);
		await client.query(`
			INSERT INTO agent_answer_intervals (agent, period_start, answered)
			SELECT agent, p, 1 + g % 3 ${shifts()}`);
		await client.query('ANALYZE');
		const counts = await client.query(`SELECT
			(SELECT count(*) FROM queue_intervals) AS queue_rows,
			(SELECT count(*) FROM agent_state_intervals) AS state_rows,
			(SELECT count(*) FROM agent_answer_intervals) AS answer_rows`);
		const c = counts.rows[0];
		console.log(
			`loaded ${fmt(Number(c.queue_rows))} queue, ${fmt(Number(c.state_rows))} agent-state and ` +
				`${fmt(Number(c.answer_rows))} agent-answer 15-minute rows`
		);
	} finally {
		await client.end();
	}
}

/** Median time of a GET, after one warm-up request; fails on anything but a 200. */
async function timeReport(url: string, token: string): Promise<{ medianMs: number; bytes: number }> {
	const times: number[] = [];
	let bytes = 0;
	for (let i = 0; i <= REPEATS; i++) {
		const started = performance.now();
		const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
		const body = await response.arrayBuffer();
		if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
		if (i > 0) times.push(performance.now() - started);
		bytes = body.byteLength;
	}
	times.sort((a, b) => a - b);
	return { medianMs: times[Math.floor(times.length / 2)]!, bytes };
}

/** CPU seconds (user + system) a process has used so far (Linux). */
function cpuSeconds(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** `vigie export queues` at 15 minutes over a range: its wall time, CPU time, rows and peak memory. */
async function timeExport(env: Record<string, string>, from: string, to: string, nodeDefaults = false) {
	const out = path.join(os.tmpdir(), `vigie-bench-queues-${process.pid}.csv`);
	const started = performance.now();
	const args = ['export', 'queues', '--from', from, '--to', to, '--interval', '15', '--out', out];
	// Through the shebang, as installed; or by Node itself, without the heap settings the shebang gives.
	const [command, commandArgs] = nodeDefaults ? [NODE, [CLI, ...args]] : [CLI, args];
	const child = spawn(command, commandArgs, {
		env: vigieEnv({ VIGIE_LOG_LEVEL: 'warn', ...env }),
		stdio: ['ignore', 'ignore', 'ignore']
	});
	const peak = watchPeakRss(child.pid!, 50);
	let cpu = 0;
	const cpuWatch = setInterval(() => {
		try {
			cpu = cpuSeconds(child.pid!);
		} catch {
			// The process has exited: the last sample stands.
		}
	}, 50);
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	const seconds = (performance.now() - started) / 1000;
	clearInterval(cpuWatch);
	const peakMiB = peak.stop();
	if (code !== 0) throw new Error(`vigie export exited with ${code}`);
	let rows = -1; // the header line
	for (const byte of fs.readFileSync(out)) if (byte === 0x0a) rows++;
	const sizeMiB = fs.statSync(out).size / 1024 / 1024;
	fs.rmSync(out);
	return { seconds, cpu, rows, peakMiB, sizeMiB };
}

const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

async function main() {
	const database = await createBenchDatabase();
	const env = { DATABASE_URL: database.url };
	try {
		vigieCli(['migrate'], env);
		const loadStarted = performance.now();
		await loadYear(database.url);
		console.log(`  in ${fmt((performance.now() - loadStarted) / 1000, 1)} s`);

		const token = vigieCli(['token', 'create', '--role', 'supervisor', '--name', 'bench'], env);
		const server = await startServer('web', env);
		try {
			const day = `from=${DAY}&to=${DAY}`;
			for (const [name, query, targeted] of [
				['one-day queue report', `/reports/queues/daily?${day}`, true],
				['one-day agent report', `/reports/agents?${day}`, true],
				['one-day hourly queue report (1,200 lines)', `/reports/queues/intervals?${day}&interval=60`, false],
				['one-day not-ready report', `/reports/not-ready?${day}`, false]
			] as const) {
				const { medianMs, bytes } = await timeReport(`${server.url}${query}`, token);
				console.log(
					`${name}: ${fmt(medianMs, 1)} ms server time (median of ${REPEATS}, ${fmt(bytes / 1024)} KiB)` +
						(targeted ? ` — target < 200 ms: ${verdict(medianMs < 200)}` : '')
				);
			}
		} finally {
			await server.stop();
		}

		// A month first: memory must not grow with the range, so its peak is the year's yardstick.
		const month = await timeExport(env, '2025-06-01', '2025-06-30');
		console.log(`one-month 15-minute queue export: ${fmt(month.rows)} rows, peak RSS ${fmt(month.peakMiB)} MiB`);
		const year = await timeExport(env, YEAR.from, YEAR.to);
		const rowsPerSecond = year.rows / year.seconds;
		console.log(
			`full-year 15-minute queue export: ${fmt(year.rows)} rows (${fmt(year.sizeMiB, 1)} MiB) in ${fmt(year.seconds, 1)} s` +
				` = ${fmt(rowsPerSecond)} rows/s (${fmt(year.rows / year.cpu)} rows per CPU second of the exporting process),` +
				` peak RSS ${fmt(year.peakMiB)} MiB` +
				` — targets ≥ 100,000 rows/s: ${verdict(rowsPerSecond >= 100_000)}, RSS < 150 MB: ${verdict(year.peakMiB * 1.048576 < 150)}`
		);
		// Why the shebang sets the heap: V8 sizes it from the machine's memory otherwise.
		const defaults = await timeExport(env, YEAR.from, YEAR.to, true);
		console.log(
			`the same under Node's own heap defaults (no shebang): ${fmt(defaults.rows / defaults.seconds)} rows/s,` +
				` peak RSS ${fmt(defaults.peakMiB)} MiB`
		);
		console.log(
			`(load average while measuring: ${os
				.loadavg()
				.map((l) => fmt(l, 1))
				.join(' ')} on ${os.cpus().length} CPUs)`
		);
	} finally {
		await database.drop();
	}
}

await main();
