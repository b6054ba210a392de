/**
 * npm run bench:retention [-- --days 365]   the retention purge on a year of the seed site's traffic.
 *
 * A day of the seed site (contract scale: about 60,000 events, 40 queues, 143 agents on shift) is simulated and
 * applied by the real intake and worker on the local PostgreSQL, then replicated with set-based SQL into a year
 * ending yesterday (each copy a day earlier, under new ids, oldest first as a live site writes them). It prints:
 * - the database's size for that year, table by table (what a site must plan for);
 * - the purge of the oldest day (raw events, agent detail, callers' numbers), as the worker's daily job runs it,
 *   with its batches and the longest of them (how long a worker batch may wait for the aggregates' lock);
 * - the next day's purge, once callers' numbers are at their own 90 days (the steady state);
 * - what screens saw meanwhile: a report read in a loop, its slowest answer during the purge and before it;
 * - the cost per worker batch of the retention guard (late events set aside).
 * It creates and drops its own database (loading takes a few minutes on this machine).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { openDatabase } from '../../src/lib/server/db/database.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import type { Database } from '../../src/lib/server/db/schema.ts';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { queueDailyReport } from '../../src/lib/server/reports/queue-reports.ts';
import { parseReportRequest } from '../../src/lib/server/reports/report-request.ts';
import { setAsideExpiredEvents } from '../../src/lib/server/retention/late-events.ts';
import { purgeExpired, type PurgeReport } from '../../src/lib/server/retention/purge.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { CLAIMED, createBatchTable } from '../../src/lib/server/worker/claimed-batch.ts';
import { simulateDays, TRAFFIC, TRAFFIC_START } from './site-traffic.ts';
import { createBenchDatabase, fmt } from './support.ts';

const { values: args } = parseArgs({ options: { days: { type: 'string', default: '365' } } });
const DAYS = Number(args.days);
const ZONE = 'Europe/Paris';
const load = () =>
	`load ${os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(' ')}`;
const seconds = (ms: number) => `${fmt(ms / 1000, 2)} s`;

/** The tables of raw rows and figures a day adds to, with the columns that carry time and ids. */
const REPLICAS: { table: string; columns: string; shifted: string }[] = [
	{
		table: 'events',
		columns: 'id, type, at, source, received_at',
		shifted: `id || '~' || k, type, at - k * interval '1 day', source, received_at - k * interval '1 day'`
	},
	{
		table: 'call_legs',
		columns: 'call, queue, queued_at, answered_at, agent, abandoned_at, dequeued_at, ended_at, caller',
		shifted: `call || '~' || k, queue, queued_at - k * interval '1 day', answered_at - k * interval '1 day', agent,
			abandoned_at - k * interval '1 day', dequeued_at - k * interval '1 day', ended_at - k * interval '1 day', caller`
	},
	{
		table: 'agent_states',
		columns: 'agent, at, event_id, state, reason, queues',
		shifted: `agent, at - k * interval '1 day', event_id || '~' || k, state, reason, queues`
	},
	{
		table: 'queue_intervals',
		columns:
			'queue, period_start, offered, answered, abandoned, short_abandoned, dequeued, answered_within_sl, abandoned_within_sl, answered_wait_ms, talk_ms, talked, max_wait_ms, sl_threshold_s',
		shifted: `queue, period_start - k * interval '1 day', offered, answered, abandoned, short_abandoned, dequeued,
			answered_within_sl, abandoned_within_sl, answered_wait_ms, talk_ms, talked, max_wait_ms, sl_threshold_s`
	},
	{
		table: 'agent_state_intervals',
		columns: 'agent, period_start, state, reason, duration_ms',
		shifted: `agent, period_start - k * interval '1 day', state, reason, duration_ms`
	},
	{
		table: 'agent_answer_intervals',
		columns: 'agent, period_start, answered',
		shifted: `agent, period_start - k * interval '1 day', answered`
	}
];

const TIME_COLUMNS: Record<string, string[]> = {
	events: ['at', 'received_at'],
	call_legs: ['queued_at', 'answered_at', 'abandoned_at', 'dequeued_at', 'ended_at'],
	agent_states: ['at'],
	queue_intervals: ['period_start'],
	agent_state_intervals: ['period_start'],
	agent_answer_intervals: ['period_start']
};

async function main() {
	const database = await createBenchDatabase();
	const vigie = await openDatabase({ databaseUrl: database.url, dataDir: '' });
	const db = vigie.db;
	try {
		await migrateToLatest(db);
		const events = simulateDays('seed');
		console.log(`${TRAFFIC.seed.describe}: ${fmt(events.length)} events (${load()})`);
		for (let i = 0; i < events.length; i += 5000)
			await acceptEvents(db, itemsFromValues(events.slice(i, i + 5000)), 'bench');
		while ((await applyPendingBatch(db, 10_000)) > 0);

		// The simulated day becomes yesterday; DAYS - 1 copies go before it, oldest first.
		const today = DateTime.now().setZone(ZONE).startOf('day');
		const simulated = DateTime.fromISO(TRAFFIC_START, { zone: 'utc' });
		const shift = Math.round(today.minus({ days: 1 }).toUTC().startOf('day').diff(simulated, 'days').days);
		for (const [table, columns] of Object.entries(TIME_COLUMNS)) {
			await sql
				.raw(`UPDATE ${table} SET ${columns.map((c) => `${c} = ${c} + interval '${shift} days'`).join(', ')}`)
				.execute(db);
		}
		const started = performance.now();
		for (const r of REPLICAS) {
			const tableStarted = performance.now();
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
			console.log(`  ${r.table}: ${seconds(performance.now() - tableStarted)}`);
		}
		await sql`VACUUM ANALYZE`.execute(db);
		console.log(`loaded ${DAYS} days in ${seconds(performance.now() - started)} (${load()})`);
		await printSizes(db);

		// The oldest day, as the daily job purges it (callers kept a year here, to time one day of each kind).
		const yearLong = { events: 365, agent_detail: 365, callers: 365 };
		const first = await timedPurge(db, 'the oldest day (raw events, agent detail, callers)', {
			days: yearLong,
			now: new Date()
		});
		// Callers' numbers at their own period: the first run empties 275 days of them at once (not timed as a day).
		const catchUp = await purgeExpired(db, { days: { ...yearLong, callers: 90 }, zone: ZONE });
		console.log(
			`\ncallers' numbers brought to 90 days at once (first run after a change of period): ${fmt(catchUp.rows.callers)} numbers, ${seconds(catchUp.ms)}`
		);
		await timedPurge(db, 'the next day, steady state (callers at 90 days)', {
			days: { ...yearLong, callers: 90 },
			now: today.plus({ days: 1, hours: 12 }).toJSDate()
		});
		console.log('');
		await guardCost(db);
		await sql`ANALYZE`.execute(db);
		await printSizes(db, 'after the purges (the space freed is reused inside the tables, not given back)');
		console.log(`\nfirst purge: ${fmt(first.batches)} batches (${load()})`);
	} finally {
		await vigie.close();
		// BENCH_RETENTION_KEEP=1 keeps the database (its name is printed) to look at plans afterwards.
		if (process.env.BENCH_RETENTION_KEEP) console.log(`kept ${database.url}`);
		else await database.drop();
	}
}

/** A purge, with a report read in a loop meanwhile (what a screen or a supervisor would wait). */
async function timedPurge(
	db: Kysely<Database>,
	what: string,
	options: { days: { events: number; agent_detail: number; callers: number }; now: Date }
): Promise<PurgeReport> {
	const yesterday = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate()!;
	const request = parseReportRequest(new URLSearchParams({ from: yesterday, to: yesterday }), ZONE, ['day']);
	const readLoop = (until: () => boolean) =>
		(async () => {
			const times: number[] = [];
			while (!until()) {
				const t = performance.now();
				await queueDailyReport(db, request);
				times.push(performance.now() - t);
				await new Promise((r) => setTimeout(r, 50));
			}
			return times;
		})();
	const baselineEnd = performance.now() + 5000;
	const baseline = await readLoop(() => performance.now() > baselineEnd);
	let done = false;
	const during = readLoop(() => done);
	const steps = new Map<string, { ms: number; longest: number }>();
	const report = await purgeExpired(db, {
		...options,
		zone: ZONE,
		onBatch: (step, _rows, ms) => {
			const before = steps.get(step) ?? { ms: 0, longest: 0 };
			steps.set(step, { ms: before.ms + ms, longest: Math.max(before.longest, ms) });
		}
	}).finally(() => (done = true));
	const reads = await during;
	console.log(`\n-- purge of ${what} (${load()})`);
	for (const [step, rows] of Object.entries(report.rows)) {
		const cost = steps.get(step);
		console.log(
			`  ${fmt(rows).padStart(10)}  ${step.padEnd(24)} ${fmt(cost?.ms ?? 0).padStart(6)} ms, longest batch ${fmt(cost?.longest ?? 0)} ms`
		);
	}
	console.log(
		`  ${seconds(report.ms)} in ${fmt(report.batches)} batches of at most 5,000 rows; longest batch ${fmt(report.longestBatchMs)} ms`
	);
	console.log(
		`  a one-day queue report read in a loop: slowest ${fmt(Math.max(...reads))} ms during the purge (${reads.length} reads), ` +
			`${fmt(Math.max(...baseline))} ms before it (median ${fmt(median(baseline))} ms)`
	);
	return report;
}

/** The worker's retention guard on a full claimed batch of 10,000 events, with none or a tenth of them late. */
async function guardCost(db: Kysely<Database>): Promise<void> {
	for (const late of [0, 1000])
		console.log(`retention guard, ${late} late: ${fmt(median(await guardRuns(db, late)), 1)} ms`);
	console.log(`(median of 7, on a claimed batch of 10,000 events; ${load()})`);
}

async function guardRuns(db: Kysely<Database>, late: number): Promise<number[]> {
	const times: number[] = [];
	const every = late === 0 ? 0 : 10_000 / late;
	for (let run = 0; run < 7; run++) {
		await db
			.transaction()
			.execute(async (trx) => {
				await createBatchTable(trx);
				await sql`
					INSERT INTO ${CLAIMED} (seq, id, type, at, call, queue, agent, caller)
					SELECT -n, 'guard-' || n, 'call.queued', now() - (CASE WHEN ${every} > 0 AND n % ${every} = 0 THEN 400 ELSE 0 END) * interval '1 day',
						'c' || n, 'Support', NULL, '0199000000'
					FROM generate_series(1, 10000) n`.execute(trx);
				const t = performance.now();
				await setAsideExpiredEvents(trx, CLAIMED);
				times.push(performance.now() - t);
				throw new Rollback();
			})
			.catch((e) => {
				if (!(e instanceof Rollback)) throw e;
			});
	}
	return times;
}

class Rollback extends Error {}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function printSizes(db: Kysely<Database>, when = `for ${DAYS} days of traffic`): Promise<void> {
	const tables = await sql<{ table: string; rows: string; bytes: string }>`
		SELECT c.relname AS table, c.reltuples::bigint AS rows, pg_total_relation_size(c.oid) AS bytes
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 8`.execute(db);
	const total = await sql<{ bytes: string }>`SELECT pg_database_size(current_database()) AS bytes`.execute(db);
	console.log(`\n-- database size ${when}: ${fmt(Number(total.rows[0]!.bytes) / 2 ** 30, 2)} GiB`);
	for (const t of tables.rows)
		console.log(
			`  ${t.table.padEnd(24)} ${fmt(Number(t.rows)).padStart(12)} rows ${fmt(Number(t.bytes) / 2 ** 20).padStart(8)} MiB (with indexes)`
		);
}

await main();
