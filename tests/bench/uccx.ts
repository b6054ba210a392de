/**
 * npm run bench:uccx — the live UCCX path, measured (issue #9, "Speed and scale").
 *
 * 1. latency: a change on an emulated UCCX site reaches a wall screen's socket: an RTSS snapshot written into the
 *    emulated db_cra (target: under one second plus the poll interval), and a Finesse agent state published through
 *    a real XMPP server (target: under one second). BENCH_SAMPLES (20) of each, at random moments.
 * 2. bounded: a year of the emulated site's rows in db_cra; each of the connector's historical statements for one
 *    poll, with EXPLAIN (ANALYZE, BUFFERS): the pages it reads stay those of its window, whatever the table's size.
 * 3. year (not run unless asked): a site's first import of a year of history through the connector, timed.
 * 4. profile (not run unless asked): the first BENCH_UCCX_YEAR_DAYS (7) days of that year read in this process, then
 *    applied, each statement's backend CPU per event, and the reader's own CPU: where an import's time goes.
 * BENCH_PARTS=latency,bounded,year chooses (default latency,bounded). Needs unixODBC, odbc-postgresql and prosody (npm test installs them).
 */
import pg from 'pg';
import WebSocket from 'ws';
import { EmulatedSite } from '../../src/lib/server/uccx/emulator/site.ts';
import { UccxSiteModel, type SiteRow } from '../../src/lib/server/uccx/emulator/site-model.ts';
import { writeRows } from '../../src/lib/server/uccx/emulator/site.ts';
import * as queries from '../../src/lib/server/uccx/queries.ts';
import { agentLogins, DEMO_QUEUES, TrafficSimulator } from '../../src/lib/server/demo/traffic-simulator.ts';
import { postgresOdbcConnectionString } from '../../src/lib/server/uccx/emulator/connection.ts';
import { TEST_DATABASE_URL } from '../support/postgres.ts';
import { createNodeDatabase, type EmulatedNodeDatabase } from '../support/uccx.ts';
import { cpuSecondsOf, fmt, startServer, vigieCli, watchPeakRss } from './support.ts';
import { CLI, ROOT, VigieServer, vigieEnv } from '../support/vigie-process.ts';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { createLogger } from '../../src/lib/server/log.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createHistoricalReader, type PollResult } from '../../src/lib/server/uccx/historical.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { cpuMsOf, openProfiledDatabase, type StatementCost } from './statement-profile.ts';
import { createBenchDatabase } from './support.ts';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 20);
const PARTS = (process.env.BENCH_PARTS ?? 'latency,bounded').split(',');
const POLL_S = 5;
const YEAR_START = Date.parse('2025-11-24T00:00:00Z');
const NAME_TABLES = ['contactservicequeue', 'resource', 'reasoncodelabelmap', 'team'];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const summary = (ms: number[]) => {
	const s = [...ms].sort((a, b) => a - b);
	return `median ${fmt(percentile(s, 0.5))} ms, p90 ${fmt(percentile(s, 0.9))} ms, max ${fmt(s.at(-1)!)} ms (n=${s.length})`;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (PARTS.includes('latency')) await latency();
if (PARTS.includes('bounded')) await bounded();
if (PARTS.includes('year')) await year();
if (PARTS.includes('profile')) await profile();

async function latency(): Promise<void> {
	const { startEmulatedFinesse } = await import('../../src/lib/server/uccx/emulator/finesse.ts');
	const node = await createNodeDatabase();
	const database = await createBenchDatabase();
	const site = await EmulatedSite.start({ nodeDatabaseUrls: [node.url] });
	const teams = site.model.teams();
	const finesse = await startEmulatedFinesse({ teams: teams.map(({ id, name }) => ({ id, name })) });
	const uccx = new pg.Client({ connectionString: node.url });
	await uccx.connect();
	const env: Record<string, string> = {
		DATABASE_URL: database.url,
		VIGIE_UCCX_REALTIME_ODBC: node.odbc,
		VIGIE_UCCX_REALTIME_POLL_S: String(POLL_S),
		VIGIE_FINESSE_URL: finesse.config.urls.join(','),
		VIGIE_FINESSE_USER: finesse.config.user,
		VIGIE_FINESSE_PASSWORD: finesse.config.password,
		VIGIE_FINESSE_TEAMS: finesse.config.teams.join(','),
		VIGIE_FINESSE_XMPP_URL: finesse.config.xmppUrl!
	};
	vigieCli(['migrate'], env);
	const viewer = vigieCli(['token', 'create', '--role', 'viewer', '--name', 'bench-uccx'], env);
	const server = await startServer('start', env);
	const socket = new WebSocket(server.url.replace('http', 'ws') + '/ws?screen=default', {
		headers: { cookie: `vigie_token=${viewer}` }
	});
	const messages: { at: number; text: string }[] = [];
	socket.on('message', (data) => messages.push({ at: performance.now(), text: String(data) }));
	await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
	const seen = async (pattern: RegExp, since: number, timeoutMs: number) => {
		const deadline = performance.now() + timeoutMs;
		for (;;) {
			const found = messages.find((m) => m.at >= since && pattern.test(m.text));
			if (found) return found.at;
			if (performance.now() > deadline) throw new Error(`not seen within ${timeoutMs} ms: ${pattern}`);
			await sleep(5);
		}
	};
	try {
		const rtss: number[] = [];
		for (let i = 1; i <= SAMPLES; i++) {
			await sleep(Math.random() * POLL_S * 1000);
			const waiting = 100 + i;
			const time = new Date().toISOString().replace('T', ' ').slice(0, 19);
			const written = performance.now();
			await uccx.query(`UPDATE rtcsqssummary SET callswaiting = $1, enddatetime = $2 WHERE csqname = 'Support N1'`, [
				waiting,
				time
			]);
			if (i === 1) {
				const inserted = await uccx.query(`SELECT 1 FROM rtcsqssummary WHERE csqname = 'Support N1'`);
				if (inserted.rowCount === 0) {
					await uccx.query(
						`INSERT INTO rtcsqssummary (csqname, callswaiting, startdatetime, enddatetime) VALUES ('Support N1', $1, $2, $2)`,
						[waiting, time]
					);
				}
			}
			rtss.push(
				(await seen(new RegExp(`"queue":"Support N1","waiting":${waiting}[,}]`), written, (POLL_S + 10) * 1000)) -
					written
			);
		}
		console.log(`bench:uccx: RTSS snapshot written → screen: ${summary(rtss)}`);
		console.log(
			`bench:uccx:   target: under one second plus the poll interval (${POLL_S} s): ${Math.max(...rtss) < POLL_S * 1000 + 1000 ? 'met' : 'NOT met'}`
		);

		const agents = agentLogins(40);
		const states = ['READY', 'NOT_READY', 'TALKING', 'WORK'] as const;
		const canonical = { READY: 'ready', NOT_READY: 'not_ready', TALKING: 'talking', WORK: 'work' } as const;
		const changes: number[] = [];
		for (let i = 0; i < SAMPLES; i++) {
			await sleep(200 + Math.random() * 800);
			const login = agents[i % agents.length]!;
			const state = states[i % states.length]!;
			const team = teams.find((t) => t.members.some((m) => m.loginId === login)) ?? teams[0]!;
			const published = performance.now();
			await finesse.finesse.agentChanged({
				loginId: login,
				firstName: 'Bench',
				lastName: login,
				teamId: team.id,
				teamName: team.name,
				state,
				stateChangeTime: Date.now(),
				...(state === 'NOT_READY' ? { reasonCode: { code: 1, label: 'Pause', category: 'NOT_READY', id: 1 } } : {})
			});
			changes.push(
				(await seen(
					new RegExp(`"agent":"${login.replace('.', '\\.')}","state":"${canonical[state]}"`),
					published,
					10_000
				)) - published
			);
		}
		console.log(`bench:uccx: Finesse state change → screen: ${summary(changes)}`);
		console.log(`bench:uccx:   target: within a second: ${Math.max(...changes) < 1000 ? 'met' : 'NOT met'}`);
	} finally {
		socket.close();
		await server.stop();
		await uccx.end();
		await finesse.stop();
		await site.close();
		await database.drop();
		await node.dispose();
	}
}

/**
 * A year of db_cra rows: one week of the emulated site simulated, then copied 51 times a week later each (new
 * session ids, shifted times) inside PostgreSQL. Building it takes a while: BENCH_UCCX_KEEP=1 keeps the database
 * (its name is printed) and BENCH_UCCX_YEAR_DB=<name> reads a kept one again.
 */
async function yearOfDbCra(): Promise<EmulatedNodeDatabase> {
	const kept = process.env.BENCH_UCCX_YEAR_DB;
	if (kept) {
		const url = new URL(TEST_DATABASE_URL);
		url.pathname = `/${kept}`;
		console.log(`bench:uccx: the year of db_cra kept in ${kept}`);
		return { name: kept, url: url.href, odbc: postgresOdbcConnectionString(url.href), dispose: async () => {} };
	}
	const node = await createNodeDatabase();
	const client = new pg.Client({ connectionString: node.url });
	await client.connect();
	try {
		const site = await EmulatedSite.start({ nodeDatabaseUrls: [node.url] });
		await site.close();
		const agents = 143;
		const queues = DEMO_QUEUES.map((q) => ({ ...q, peakCallsPerHour: (q.peakCallsPerHour * agents) / 40 }));
		const model = new UccxSiteModel({ queues: queues.map((q) => q.name), agents: agentLogins(agents) });
		const simulator = new TrafficSimulator({ seed: 3, agents, queues });
		const pool = new pg.Pool({ connectionString: node.url, max: 2 });
		const started = performance.now();
		let rows: SiteRow[] = [];
		for (let t = YEAR_START; t < YEAR_START + 7 * 86_400_000; t += 60_000) {
			rows.push(...model.apply(simulator.advance(new Date(t))).rows);
			if (rows.length > 20_000) {
				await writeRows(
					pool,
					rows.filter((r) => !NAME_TABLES.includes(r.table))
				);
				rows = [];
			}
		}
		await writeRows(
			pool,
			rows.filter((r) => !NAME_TABLES.includes(r.table))
		);
		await pool.end();
		const week = await client.query(
			`SELECT (SELECT count(*) FROM contactcalldetail) AS legs, (SELECT count(*) FROM agentstatedetail) AS states`
		);
		console.log(
			`bench:uccx: a simulated week: ${fmt(Number(week.rows[0].legs))} call legs, ${fmt(Number(week.rows[0].states))} agent states (${fmt((performance.now() - started) / 1000)} s)`
		);
		for (const table of ['contactcalldetail', 'contactqueuedetail', 'agentconnectiondetail', 'contactroutingdetail']) {
			const columns = (
				await client.query(
					`SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
					[table]
				)
			).rows.map((r) => r.column_name as string);
			const shifted = columns.map((c) =>
				c === 'sessionid'
					? `sessionid + w::numeric * 1000000000`
					: c === 'startdatetime' || c === 'enddatetime'
						? `${c} + w * interval '7 days'`
						: c
			);
			await client.query(
				`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${shifted.join(', ')} FROM ${table}, generate_series(1, 51) AS w`
			);
		}
		await client.query(
			`INSERT INTO agentstatedetail SELECT agentid, eventdatetime + w * interval '7 days', gmtoffset, eventtype, reasoncode, profileid FROM agentstatedetail, generate_series(1, 51) AS w`
		);
		await client.query('ANALYZE');
		const year = await client.query(
			`SELECT (SELECT count(*) FROM contactcalldetail) AS legs, (SELECT count(*) FROM contactqueuedetail) AS queue_rows,
				(SELECT count(*) FROM agentconnectiondetail) AS connections, (SELECT count(*) FROM agentstatedetail) AS states,
				(SELECT pg_size_pretty(pg_database_size(current_database()))) AS size`
		);
		const y = year.rows[0];
		console.log(
			`bench:uccx: a year of db_cra: ${fmt(Number(y.legs))} call legs, ${fmt(Number(y.queue_rows))} queue rows, ${fmt(Number(y.connections))} connections, ${fmt(Number(y.states))} agent states (${y.size})`
		);
	} finally {
		await client.end();
	}
	if (process.env.BENCH_UCCX_KEEP) {
		console.log(`bench:uccx: kept as ${node.name} (BENCH_UCCX_YEAR_DB=${node.name} reads it again)`);
		return { ...node, dispose: async () => {} };
	}
	return node;
}

/** Each historical statement of one ordinary poll at the end of the year, explained. */
async function bounded(): Promise<void> {
	const node = await yearOfDbCra();
	const client = new pg.Client({ connectionString: node.url });
	await client.connect();
	try {
		// One ordinary poll at the end of the year: two hours back from the newest leg, to no end.
		const newest = Date.parse(
			`${(await client.query(`SELECT max(startdatetime)::text AS t FROM contactcalldetail`)).rows[0].t.replace(' ', 'T')}Z`
		);
		const from = newest - 7200_000;
		const to = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
		for (const [name, statement] of [
			['ContactCallDetail', queries.callLegs(from, to)],
			['ContactQueueDetail', queries.queueRowsOfLegs(from, to)],
			['AgentConnectionDetail', queries.connectionsOfLegs(from, to)],
			['AgentStateDetail', queries.agentStates(from, to)]
		] as const) {
			let i = 0;
			const sql = statement.sql.replace(/\?/g, () => `'${statement.parameters[i++]}'`);
			const plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`)).rows[0]['QUERY PLAN'][0];
			const top = plan.Plan;
			const scans = JSON.stringify(plan).match(/"Node Type":"[^"]*Scan"/g) ?? [];
			console.log(
				`bench:uccx: poll of ${name}: ${fmt(top['Actual Rows'])} rows in ${fmt(plan['Execution Time'], 1)} ms, ${fmt(top['Shared Hit Blocks'] + (top['Shared Read Blocks'] ?? 0))} pages read; ${[...new Set(scans)].map((s) => s.slice(13, -1)).join(', ')}`
			);
		}
	} finally {
		await client.end();
		await node.dispose();
	}
}

/**
 * A site's first import of its history: the year of db_cra through the connector (`vigie uccx history`), while a
 * worker applies what it reads, as on a site whose Vigie runs during the import. BENCH_UCCX_YEAR_DAYS (all
 * of them) limits it to the first days of the year. Prints the time until the last event is in the figures,
 * the peak memory of both processes and where the CPU went.
 */
async function year(): Promise<void> {
	const node = await yearOfDbCra();
	const database = await createBenchDatabase();
	const days = Number(process.env.BENCH_UCCX_YEAR_DAYS ?? 364);
	const env = {
		DATABASE_URL: database.url,
		VIGIE_TIMEZONE: 'UTC',
		VIGIE_UCCX_HISTORICAL_ODBC: node.odbc,
		VIGIE_LOG_LEVEL: 'warn'
	};
	vigieCli(['migrate'], env);
	const client = new pg.Client({ connectionString: database.url });
	await client.connect();
	const worker = await VigieServer.start({ command: 'worker', env: vigieEnv({ ...env, VIGIE_LOG_LEVEL: 'info' }) });
	// PostgreSQL's CPU for this import alone: its backends serving the two databases, whoever else uses the server.
	const backends = new Map<number, { seconds: number; reads: boolean; autovacuum: boolean }>();
	const sampleBackends = async () => {
		const { rows } = await client.query(
			`SELECT pid, datname, backend_type FROM pg_stat_activity WHERE datname = ANY($1)`,
			[[database.name, node.name]]
		);
		for (const { pid, datname, backend_type } of rows) {
			const seconds = cpuSecondsOf((_, p) => p === pid);
			if (seconds > 0)
				backends.set(pid, { seconds, reads: datname === node.name, autovacuum: backend_type === 'autovacuum worker' });
		}
	};
	const backendTimer = setInterval(() => void sampleBackends().catch(() => {}), 1000);
	const workerRss = watchPeakRss(worker.pid);
	const started = performance.now();
	const last = new Date(YEAR_START + (days - 1) * 86_400_000).toISOString().slice(0, 10);
	const history = spawn(CLI, ['uccx', 'history', '--from', '2025-11-24', '--to', last], {
		cwd: ROOT,
		env: vigieEnv(env),
		stdio: ['ignore', 'inherit', 'inherit']
	});
	const historyRss = watchPeakRss(history.pid!);
	let historyCpu = 0;
	const timer = setInterval(() => (historyCpu = cpuSecondsOf((_, pid) => pid === history.pid) || historyCpu), 1000);
	const code = await new Promise<number | null>((resolve) => history.once('exit', resolve));
	clearInterval(timer);
	const read = (performance.now() - started) / 1000;
	for (;;) {
		const pending = Number((await client.query('SELECT count(*) AS n FROM pending_events')).rows[0].n);
		if (pending === 0) break;
		await sleep(500);
	}
	const total = (performance.now() - started) / 1000;
	const events = Number((await client.query('SELECT count(*) AS n FROM events')).rows[0].n);
	await sampleBackends();
	clearInterval(backendTimer);
	const workerCpu = cpuSecondsOf((_, pid) => pid === worker.pid);
	const pgCpu = (reads: boolean) =>
		[...backends.values()].filter((b) => b.reads === reads).reduce((sum, b) => sum + b.seconds, 0);
	console.log(
		`bench:uccx: ${days} days of db_cra through the connector: ${fmt(events)} events in the figures in ${fmt(total)} s (${fmt(events / total)} events/s; read in ${fmt(read)} s, exit ${code})`
	);
	const autovacuum = [...backends.values()].filter((b) => b.autovacuum).reduce((sum, b) => sum + b.seconds, 0);
	console.log(
		`bench:uccx: of which autovacuum ${fmt(autovacuum)} s (${fmt((autovacuum * 1e6) / events, 1)} µs an event); load ${os
			.loadavg()
			.map((l) => l.toFixed(1))
			.join(' ')}`
	);
	console.log(
		`bench:uccx: peak memory: reader ${fmt(historyRss.stop())} MiB, worker ${fmt(workerRss.stop())} MiB; CPU: reader ${fmt(historyCpu)} s, worker ${fmt(workerCpu)} s, PostgreSQL reading db_cra ${fmt(pgCpu(true))} s, storing and applying ${fmt(pgCpu(false))} s; per event: ${[historyCpu, workerCpu, pgCpu(true), pgCpu(false)].map((s) => `${fmt((s * 1e6) / events, 1)} µs`).join(', ')}`
	);
	await worker.stop();
	await client.end();
	await database.drop();
	await node.dispose();
}

/**
 * The year's first days read by the connector's historical reader in this process (the intake's statements, timed),
 * then applied by the worker's batches (its statements, timed): CPU per event of each part and of each statement.
 */
async function profile(): Promise<void> {
	const node = await yearOfDbCra();
	const database = await createBenchDatabase();
	const days = Number(process.env.BENCH_UCCX_YEAR_DAYS ?? 7);
	const { db, profile: timed, explain } = openProfiledDatabase(database.url);
	const log = createLogger('warn');
	try {
		await migrateToLatest(db);
		const reader = createHistoricalReader({
			database: { db, kind: 'postgres', listen: async () => async () => {}, close: async () => {} },
			log,
			connectionStrings: [node.odbc],
			nodeNames: ['node 1'],
			pollSeconds: 60,
			overlapSeconds: 7200,
			readAgentStates: true,
			onStatus: () => {}
		});
		const nodeBefore = cpuMsOf(process.pid);
		let started = performance.now();
		let read: PollResult | undefined;
		const intake = await timed(async () => {
			read = await reader.readRange(YEAR_START, YEAR_START + days * 86_400_000);
		});
		await reader.stop();
		const events = read!.accepted;
		const readS = (performance.now() - started) / 1000;
		const perEvent = (ms: number) => `${fmt((ms * 1000) / events, 1)} µs`;
		const sum = (costs: StatementCost[]) => costs.reduce((s, c) => s + c.cpuMs, 0);
		console.log(
			`bench:uccx: profile of ${days} days, ${fmt(events)} events (load ${os.loadavg()[0]!.toFixed(1)}): read and stored in ` +
				`${fmt(readS)} s; CPU per event: reader (this process) ${perEvent(cpuMsOf(process.pid) - nodeBefore)}, ` +
				`PostgreSQL storing ${perEvent(sum(intake))}`
		);
		const print = (costs: StatementCost[]) => {
			for (const cost of costs.filter((c) => (c.cpuMs * 1000) / events >= 0.1))
				console.log(
					`  ${perEvent(cost.cpuMs).padStart(9)}  ${fmt(cost.wallMs).padStart(7)} ms wall ${String(cost.calls).padStart(5)}×  ${cost.statement}`
				);
		};
		print(intake);
		started = performance.now();
		const plans: string[] = [];
		let batches = 0;
		const worker = await timed(async () => {
			while ((await applyPendingBatch(db, 10_000)) > 0) {
				// BENCH_UCCX_EXPLAIN: the plans of a batch from the middle of the import.
				if (++batches === 25 && process.env.BENCH_UCCX_EXPLAIN)
					plans.push(...(await explain(async () => void (await applyPendingBatch(db, 10_000)))));
			}
		});
		console.log(
			`bench:uccx: applied in ${fmt((performance.now() - started) / 1000)} s; PostgreSQL applying ${perEvent(sum(worker))} per event (load ${os.loadavg()[0]!.toFixed(1)})`
		);
		print(worker);
		if (plans.length > 0) console.log(`\n-- plans of one batch (EXPLAIN ANALYZE, BUFFERS)\n${plans.join('\n')}`);
	} finally {
		await db.destroy();
		await database.drop();
		await node.dispose();
	}
}
