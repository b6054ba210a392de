/**
 * npm run bench:ingest [-- --traffic busy|seed] [--explain]   a day of traffic, three ways:
 *   1. the intake alone and the worker alone, in this process, with each worker statement's cost;
 *   2. posted over HTTP to a real server (`vigie start`) on the local PostgreSQL, timed until every event is in the
 *      aggregates, next to a raw COPY of the same lines into a bare table.
 * npm run bench:ingest -- --year [--days N]   a year of the seed site through `vigie ingest FILE`, applied by a
 *   running server's worker: events/s, elapsed time, peak memory of both processes, the database's size.
 *
 * NOTE: the machine is shared; statement costs are given as the PostgreSQL backend's CPU time, which a loaded
 * machine disturbs far less than the wall clock. The load average is printed with every figure.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { VigieEvent } from '../../src/lib/domain/event.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { seedSiteYear, simulateDays, TRAFFIC, type TrafficName } from './site-traffic.ts';
import { cpuMsOf, openProfiledDatabase, type StatementCost } from './statement-profile.ts';
import { adminQuery } from '../support/postgres.ts';
import { CLI, vigieEnv } from '../support/vigie-process.ts';
import { cpuSecondsOf, createBenchDatabase, fmt, startServer, vigieCli, watchPeakRss } from './support.ts';

const { values: args } = parseArgs({
	options: {
		traffic: { type: 'string', default: 'busy' },
		explain: { type: 'boolean', default: false },
		year: { type: 'boolean', default: false },
		days: { type: 'string', default: '365' }
	}
});

const LINES_PER_REQUEST = 5000;
const CONCURRENT_REQUESTS = 2;
const WORKER_BATCH = 10_000;

const load = () =>
	`load ${os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(' ')}`;
const perEvent = (ms: number, events: number) => `${fmt((ms * 1000) / events, 1)} µs/event`;

/** The intake alone, then the worker alone, in this process, with each statement's cost. */
async function profileDay(events: VigieEvent[]): Promise<void> {
	const database = await createBenchDatabase();
	const { db, profile, explain } = openProfiledDatabase(database.url);
	try {
		await migrateToLatest(db);
		console.log(`\n-- in process (${load()})`);
		const nodeBefore = cpuMsOf(process.pid);
		let started = performance.now();
		const intake = await profile(async () => {
			for (let i = 0; i < events.length; i += LINES_PER_REQUEST)
				await acceptEvents(db, itemsFromValues(events.slice(i, i + LINES_PER_REQUEST)), 'bench');
		});
		const intakeS = (performance.now() - started) / 1000;
		const nodeMs = cpuMsOf(process.pid) - nodeBefore;
		console.log(
			`intake alone (${fmt(LINES_PER_REQUEST)} events a request, one at a time): ${fmt(events.length / intakeS)} events/s ` +
				`(${fmt(intakeS, 2)} s); CPU: Node ${perEvent(nodeMs, events.length)}, PostgreSQL ${perEvent(total(intake), events.length)}`
		);

		let batches = 0;
		const plans: string[] = [];
		started = performance.now();
		const worker = await profile(async () => {
			while ((await applyPendingBatch(db, WORKER_BATCH)) > 0) {
				// The plans of a batch from the middle of the day, when the tables already hold some history.
				if (++batches === 3 && args.explain)
					plans.push(...(await explain(async () => void (await applyPendingBatch(db, WORKER_BATCH)))));
			}
		});
		const workerS = (performance.now() - started) / 1000;
		console.log(
			`worker alone (batches of ${fmt(WORKER_BATCH)}): ${fmt(events.length / workerS)} events/s (${fmt(workerS, 2)} s); ` +
				`CPU: PostgreSQL ${perEvent(total(worker), events.length)}; by statement (backend CPU, wall clock, calls):`
		);
		for (const cost of worker.filter((c) => c.cpuMs >= 1))
			console.log(
				`  ${perEvent(cost.cpuMs, events.length).padStart(15)}  ${fmt(cost.cpuMs).padStart(5)} ms ${fmt(cost.wallMs).padStart(6)} ms ${String(cost.calls).padStart(4)}×  ${cost.statement}`
			);
		if (plans.length > 0) console.log(`\n-- plans of one batch (EXPLAIN ANALYZE, BUFFERS)\n${plans.join('\n')}`);
		console.log(`(${load()})`);
	} finally {
		await db.destroy();
		await database.drop();
	}
}

const total = (costs: StatementCost[]) => costs.reduce((sum, c) => sum + c.cpuMs, 0);

/** Posted over HTTP to a real server, timed until every event is in the aggregates. */
async function httpDay(events: VigieEvent[]): Promise<void> {
	const lines = events.map((e) => JSON.stringify(e));
	const database = await createBenchDatabase();
	const env = { DATABASE_URL: database.url };
	const server = await startServer('start', env);
	try {
		console.log(
			`\n-- over HTTP, ${CONCURRENT_REQUESTS} requests of ${fmt(LINES_PER_REQUEST)} lines in flight (${load()})`
		);
		const ingest = vigieCli(['token', 'create', '--role', 'ingest', '--name', 'bench'], env);
		const pending = pendingOf(
			server.url,
			vigieCli(['token', 'create', '--role', 'viewer', '--name', 'bench-viewer'], env)
		);
		const rssBefore = watchPeakRss(server.pid).stop();
		const peak = watchPeakRss(server.pid);
		const serverPid = server.pid;
		const serverCpu = () => cpuSecondsOf((_, pid) => pid === serverPid);
		const postgresCpu = () => cpuSecondsOf((name) => name === 'postgres');
		const cpuBefore = { server: serverCpu(), postgres: postgresCpu() };
		const started = performance.now();
		let next = 0;
		let accepted = 0;
		const poster = async () => {
			while (next < lines.length) {
				const body = lines.slice(next, (next += LINES_PER_REQUEST)).join('\n');
				const response = await fetch(`${server.url}/api/events`, {
					method: 'POST',
					headers: { authorization: `Bearer ${ingest}`, 'content-type': 'application/x-ndjson' },
					body
				});
				if (!response.ok) throw new Error(`POST answered ${response.status}: ${await response.text()}`);
				accepted += ((await response.json()) as { accepted: number }).accepted;
			}
		};
		await Promise.all(Array.from({ length: CONCURRENT_REQUESTS }, poster));
		const postedAt = performance.now();
		while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 50));
		const appliedAt = performance.now();
		const rssPeak = peak.stop();
		const cpu = { server: serverCpu() - cpuBefore.server, postgres: postgresCpu() - cpuBefore.postgres };

		const copySeconds = await rawCopy(database.url, lines);
		const endToEnd = (appliedAt - started) / 1000;
		console.log(`accepted ${fmt(accepted)} of ${fmt(lines.length)}`);
		console.log(
			`intake (HTTP, durable):       ${fmt(lines.length / ((postedAt - started) / 1000))} events/s  (${fmt((postedAt - started) / 1000, 2)} s)`
		);
		console.log(`end to end (in aggregates):   ${fmt(lines.length / endToEnd)} events/s  (${fmt(endToEnd, 2)} s)`);
		console.log(`raw COPY into a bare table:   ${fmt(lines.length / copySeconds)} lines/s  (${fmt(copySeconds, 2)} s)`);
		console.log(
			`CPU used:                     server ${fmt(cpu.server, 1)} s, PostgreSQL ${fmt(cpu.postgres, 1)} s (2 cores)`
		);
		console.log(`server memory (RSS):          ${fmt(rssBefore)} MiB before, ${fmt(rssPeak)} MiB peak`);
		console.log(`(${load()})`);
	} finally {
		await server.stop();
		await database.drop();
	}
}

/** The number of events waiting for the worker, as supervision reads it. */
function pendingOf(url: string, viewerToken: string) {
	return async () =>
		(
			(await (await fetch(`${url}/readyz`, { headers: { authorization: `Bearer ${viewerToken}` } })).json()) as {
				pending_events: number;
			}
		).pending_events;
}

async function rawCopy(url: string, lines: string[]): Promise<number> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query('CREATE TABLE bench_raw_copy (line jsonb)');
		const started = performance.now();
		// COPY's text format: backslashes in the JSON must be escaped.
		const body = Readable.from(lines.map((l) => `${l.replaceAll('\\', '\\\\')}\n`));
		await pipeline(body, client.query(copyFrom('COPY bench_raw_copy (line) FROM STDIN')));
		return (performance.now() - started) / 1000;
	} finally {
		await client.end();
	}
}

/** The seed site's year as an NDJSON file, written once and kept for the next runs. */
async function yearFile(days: number): Promise<string> {
	const file = path.join(os.tmpdir(), `vigie-bench-seed-year-${days}d.ndjson`);
	if (fs.existsSync(file)) return file;
	const started = performance.now();
	const partial = `${file}.partial`;
	const out = fs.createWriteStream(partial);
	async function* lines() {
		for (const day of seedSiteYear(days)) yield `${day.map((e) => JSON.stringify(e)).join('\n')}\n`;
	}
	await pipeline(Readable.from(lines()), out);
	fs.renameSync(partial, file);
	console.log(`wrote ${file} in ${fmt((performance.now() - started) / 1000)} s`);
	return file;
}

/** A year of the seed site through `vigie ingest FILE`, applied by a running server's worker. */
async function importYear(days: number): Promise<void> {
	const file = await yearFile(days);
	const lineCount = await countLines(file);
	const database = await createBenchDatabase();
	const env = { DATABASE_URL: database.url };
	const server = await startServer('start', env);
	try {
		const pending = pendingOf(server.url, vigieCli(['token', 'create', '--role', 'viewer', '--name', 'bench'], env));
		console.log(
			`\n-- ${fmt(days)} days of the seed site, ${fmt(lineCount)} events (${fmt(fs.statSync(file).size / 2 ** 20)} MiB): ` +
				`vigie ingest FILE, with vigie start's worker (${load()})`
		);
		const serverPeak = watchPeakRss(server.pid);
		const started = performance.now();
		const cli = spawn(CLI, ['ingest', file], {
			env: vigieEnv({ ...env, VIGIE_LOG_LEVEL: 'warn' }),
			stdio: ['ignore', 'pipe', 'inherit']
		});
		const cliPeak = watchPeakRss(cli.pid!);
		let summary = '';
		cli.stdout.on('data', (chunk) => (summary += chunk));
		// Progress every minute: how far the intake and the worker are.
		const progress = setInterval(async () => {
			const waiting = await pending().catch(() => NaN);
			console.log(
				`  ${fmt((performance.now() - started) / 1000)} s: ${fmt(waiting)} events waiting for the worker, ` +
					`CLI ${fmt(cliPeak.peak())} MiB, server ${fmt(serverPeak.peak())} MiB peak (${load()})`
			);
		}, 60_000);
		const code = await new Promise<number | null>((resolve) => cli.on('exit', resolve));
		const acceptedAt = performance.now();
		if (code !== 0) throw new Error(`vigie ingest exited with ${code}: ${summary}`);
		while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 200));
		const appliedAt = performance.now();
		clearInterval(progress);
		const size = await adminQuery(`SELECT pg_database_size(current_database()) AS bytes`, database.url);
		const intakeS = (acceptedAt - started) / 1000;
		const endToEnd = (appliedAt - started) / 1000;
		console.log(`vigie ingest: ${summary.trim()}`);
		console.log(`intake (vigie ingest, durable): ${fmt(lineCount / intakeS)} events/s (${fmt(intakeS)} s)`);
		console.log(
			`end to end (in aggregates):     ${fmt(lineCount / endToEnd)} events/s, ${fmt(endToEnd)} s = ${fmt(endToEnd / 60, 1)} min`
		);
		console.log(
			`peak memory (RSS):              vigie ingest ${fmt(cliPeak.stop())} MiB, vigie start ${fmt(serverPeak.stop())} MiB`
		);
		console.log(`database size:                  ${fmt(Number(size.rows[0].bytes) / 2 ** 20)} MiB`);
		console.log(`(${load()})`);
	} finally {
		await server.stop();
		await database.drop();
	}
}

async function countLines(file: string): Promise<number> {
	let count = 0;
	for await (const chunk of fs.createReadStream(file)) {
		for (let i = (chunk as Buffer).indexOf(10); i !== -1; i = (chunk as Buffer).indexOf(10, i + 1)) count++;
	}
	return count;
}

async function main() {
	if (args.year) return importYear(Number(args.days));
	const name = args.traffic as TrafficName;
	if (!(name in TRAFFIC)) throw new Error(`--traffic is one of ${Object.keys(TRAFFIC).join(', ')}`);
	const started = performance.now();
	const events = simulateDays(name);
	const agentStates = events.filter((e) => e.type === 'agent.state').length;
	console.log(
		`${TRAFFIC[name].describe}: ${fmt(events.length)} events, ${fmt((100 * agentStates) / events.length)} % agent states ` +
			`(simulated in ${fmt((performance.now() - started) / 1000, 1)} s)`
	);
	await profileDay(events);
	await httpDay(events);
}

await main();
