/**
 * npm run bench:uccx — the live UCCX path, measured (issue #9, "Speed and scale").
 *
 * 1. latency: a change on an emulated UCCX site reaches a wall screen's socket: an RTSS snapshot written into the
 *    emulated db_cra (target: under one second plus the poll interval), and a Finesse agent state published through
 *    a real XMPP server (target: under one second). BENCH_SAMPLES (20) of each, at random moments.
 * 2. bounded: a year of the emulated site's rows in db_cra; each of the connector's historical statements for one
 *    poll, with EXPLAIN (ANALYZE, BUFFERS): the pages it reads stay those of its window, whatever the table's size.
 * BENCH_PARTS=latency,bounded chooses. Needs unixODBC, odbc-postgresql and prosody (npm test installs them).
 */
import pg from 'pg';
import WebSocket from 'ws';
import { EmulatedSite } from '../../src/lib/server/uccx/emulator/site.ts';
import { UccxSiteModel, type SiteRow } from '../../src/lib/server/uccx/emulator/site-model.ts';
import { writeRows } from '../../src/lib/server/uccx/emulator/site.ts';
import * as queries from '../../src/lib/server/uccx/queries.ts';
import { agentLogins, DEMO_QUEUES, TrafficSimulator } from '../../src/lib/server/demo/traffic-simulator.ts';
import { createNodeDatabase } from '../support/uccx.ts';
import { fmt, startServer, vigieCli } from './support.ts';
import { createBenchDatabase } from './support.ts';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 20);
const PARTS = (process.env.BENCH_PARTS ?? 'latency,bounded').split(',');
const POLL_S = 5;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const summary = (ms: number[]) => {
	const s = [...ms].sort((a, b) => a - b);
	return `median ${fmt(percentile(s, 0.5))} ms, p90 ${fmt(percentile(s, 0.9))} ms, max ${fmt(s.at(-1)!)} ms (n=${s.length})`;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (PARTS.includes('latency')) await latency();
if (PARTS.includes('bounded')) await bounded();

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
 * session ids, shifted times) inside PostgreSQL; then each historical statement of one poll, explained.
 */
async function bounded(): Promise<void> {
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
		const weekStart = Date.parse('2025-11-24T00:00:00Z');
		const pool = new pg.Pool({ connectionString: node.url, max: 2 });
		const started = performance.now();
		let rows: SiteRow[] = [];
		for (let t = weekStart; t < weekStart + 7 * 86_400_000; t += 60_000) {
			rows.push(...model.apply(simulator.advance(new Date(t))).rows);
			if (rows.length > 20_000) {
				await writeRows(
					pool,
					rows.filter((r) => !['contactservicequeue', 'resource', 'reasoncodelabelmap', 'team'].includes(r.table))
				);
				rows = [];
			}
		}
		await writeRows(
			pool,
			rows.filter((r) => !['contactservicequeue', 'resource', 'reasoncodelabelmap', 'team'].includes(r.table))
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
