/**
 * npm run bench:replay [-- --days 365]   a replayed day's first picture on a year of data (contract §3, issue 12).
 *
 * A day of the seed site (40 queues, 143 agents on shift, about 60,000 events) is simulated and applied by the
 * real intake and worker on the local PostgreSQL, becomes yesterday, and is copied into the `days` − 1 days before
 * it (new call ids, same agents): a year of the two tables a replay reads, `call_legs` and `agent_states`. A
 * `vigie web` then serves replays of 10:00 on days across the year, opened as a kiosk opens them (`/ws` with
 * `replay=…&speed=60`): printed, the time from the socket's opening to its first picture (target: within 1 s), and
 * the steps of a 60× replay that follow (one a second). It creates and drops its own database.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import WebSocket from 'ws';
import { openDatabase } from '../../src/lib/server/db/database.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { simulateDays, TRAFFIC, TRAFFIC_START } from './site-traffic.ts';
import { createBenchDatabase, fmt, startServer, vigieCli } from './support.ts';

const { values: args } = parseArgs({ options: { days: { type: 'string', default: '365' } } });
const DAYS = Number(args.days);
const ZONE = 'Europe/Paris';
/** Replayed days, as days before today: across the year, the oldest last. */
const SAMPLES = [1, 2, 7, 30, 91, 182, 273, DAYS - 1].filter((d, i, all) => d < DAYS && all.indexOf(d) === i);
const STEPS_WATCHED_S = 10;
const load = () =>
	`load ${os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(' ')}`;

const REPLICAS = [
	{
		table: 'call_legs',
		columns: 'call, queue, queued_at, answered_at, agent, abandoned_at, dequeued_at, ended_at, caller',
		shifted: `call || '~' || k, queue, queued_at - k * interval '1 day', answered_at - k * interval '1 day', agent,
			abandoned_at - k * interval '1 day', dequeued_at - k * interval '1 day', ended_at - k * interval '1 day', caller`,
		times: ['queued_at', 'answered_at', 'abandoned_at', 'dequeued_at', 'ended_at']
	},
	{
		table: 'agent_states',
		columns: 'agent, at, event_id, state, reason, queues',
		shifted: `agent, at - k * interval '1 day', event_id || '~' || k, state, reason, queues`,
		times: ['at']
	}
];

const database = await createBenchDatabase();
try {
	const vigie = await openDatabase({ databaseUrl: database.url, dataDir: '' });
	const db = vigie.db;
	try {
		await migrateToLatest(db);
		const events = simulateDays('seed');
		console.log(`bench:replay: ${TRAFFIC.seed.describe}: ${fmt(events.length)} events (${load()})`);
		for (let i = 0; i < events.length; i += 5000)
			await acceptEvents(db, itemsFromValues(events.slice(i, i + 5000)), 'bench');
		while ((await applyPendingBatch(db, 10_000)) > 0);

		// The simulated day becomes yesterday; DAYS - 1 copies go before it, oldest first.
		const today = DateTime.now().setZone(ZONE).startOf('day');
		const simulated = DateTime.fromISO(TRAFFIC_START, { zone: 'utc' });
		const shift = Math.round(today.minus({ days: 1 }).toUTC().startOf('day').diff(simulated, 'days').days);
		const started = performance.now();
		for (const r of REPLICAS) {
			await sql
				.raw(`UPDATE ${r.table} SET ${r.times.map((c) => `${c} = ${c} + interval '${shift} days'`).join(', ')}`)
				.execute(db);
			await sql.raw(`CREATE TEMPORARY TABLE base_${r.table} AS SELECT ${r.columns} FROM ${r.table}`).execute(db);
			for (let last = DAYS - 1; last >= 1; last -= 30) {
				const first = Math.max(1, last - 29);
				await sql
					.raw(
						`INSERT INTO ${r.table} (${r.columns})
						SELECT ${r.shifted} FROM generate_series(${last}, ${first}, -1) k CROSS JOIN base_${r.table}
						ORDER BY k DESC`
					)
					.execute(db);
			}
		}
		await sql`VACUUM ANALYZE call_legs`.execute(db);
		await sql`VACUUM ANALYZE agent_states`.execute(db);
		const counts = await sql<{ legs: string; states: string }>`
			SELECT (SELECT count(*) FROM call_legs) AS legs, (SELECT count(*) FROM agent_states) AS states`.execute(db);
		console.log(
			`bench:replay: ${DAYS} days loaded in ${fmt((performance.now() - started) / 1000, 1)} s: ${fmt(Number(counts.rows[0]!.legs))} call legs, ${fmt(Number(counts.rows[0]!.states))} agent states (${load()})`
		);
	} finally {
		await vigie.close();
	}

	const env = { DATABASE_URL: database.url };
	const viewer = vigieCli(['token', 'create', '--role', 'viewer', '--name', 'bench-replay'], env);
	const server = await startServer('web', env);
	try {
		const firsts: number[] = [];
		for (const daysAgo of SAMPLES) {
			const day = DateTime.now().setZone(ZONE).startOf('day').minus({ days: daysAgo });
			const replay = day.set({ hour: 10 }).toFormat("yyyy-MM-dd'T'HH:mm");
			const result = await replayOnce(server.url, viewer, replay);
			firsts.push(result.firstMs);
			console.log(
				`bench:replay: ${replay} (${daysAgo} days ago): first picture ${fmt(result.firstMs)} ms (${fmt(result.bytes / 1024)} KiB), then ${result.steps} steps in ${STEPS_WATCHED_S} s at 60×, ${fmt(result.queues)} queues, ${fmt(result.agents)} agents logged in`
			);
		}
		firsts.sort((a, b) => a - b);
		const worst = firsts[firsts.length - 1]!;
		console.log(
			`bench:replay: first picture on ${DAYS} days of data: median ${fmt(firsts[Math.floor(firsts.length / 2)]!)} ms, worst ${fmt(worst)} ms (target within 1 s: ${worst <= 1000 ? 'met' : 'NOT met'}; ${load()})`
		);
	} finally {
		await server.stop();
	}
} finally {
	// BENCH_REPLAY_KEEP=1 keeps the database (its name is printed) to look at plans afterwards.
	if (process.env.BENCH_REPLAY_KEEP) console.log(`kept ${database.url}`);
	else await database.drop();
}

/** A kiosk's replay at 60×: from the socket opening to its first picture, then the steps that follow. */
function replayOnce(
	url: string,
	token: string,
	replay: string
): Promise<{ firstMs: number; bytes: number; steps: number; queues: number; agents: number }> {
	return new Promise((resolve, reject) => {
		const query = new URLSearchParams({ screen: 'default', replay, speed: '60' });
		const socket = new WebSocket(`${url.replace('http', 'ws')}/ws?${query}`, {
			headers: { cookie: `vigie_token=${token}` }
		});
		let opened = 0;
		let first: { ms: number; bytes: number; queues: number; agents: number } | null = null;
		let steps = 0;
		socket.once('open', () => (opened = performance.now()));
		socket.on('message', (data) => {
			const text = String(data);
			if (text.startsWith('{"type":"snapshot"') && first === null) {
				const snapshot = JSON.parse(text) as { queues: unknown[]; agents: unknown[] };
				first = {
					ms: performance.now() - opened,
					bytes: text.length,
					queues: snapshot.queues.length,
					agents: snapshot.agents.length
				};
				setTimeout(() => socket.close(), STEPS_WATCHED_S * 1000);
			} else if (first !== null && text.includes('"replayAt"')) steps++;
		});
		socket.once('close', () =>
			first
				? resolve({ firstMs: first.ms, bytes: first.bytes, steps, queues: first.queues, agents: first.agents })
				: reject(new Error('no picture'))
		);
		socket.once('error', reject);
	});
}
