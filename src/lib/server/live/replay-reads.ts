/**
 * The live figures' inputs as they stood at a past instant (contract §3, replay), rebuilt from the stored legs and
 * agent states: what had been queued, answered, abandoned, ended or entered by then, and nothing after. They go
 * through the same `buildLiveFigures` as the live reads, so a replayed instant shows what the screens showed.
 */
import { sql, type Kysely } from 'kysely';
import type { BusinessDay } from '../../domain/business-day.ts';
import { unfinishedBefore } from '../../domain/live-bounds.ts';
import { periodOf } from '../aggregates/buckets.ts';
import { legsAsOf, periodCounters } from '../aggregates/queue-intervals.ts';
import { settingsInForce } from '../aggregates/settings-in-force.ts';
import type { Database } from '../db/schema.ts';
import {
	intervalFiguresOf,
	readAgentFigures,
	readStaffingInputs,
	type IntervalRow,
	type LiveLimits
} from './figure-reads.ts';
import type { LiveInputs, QueueNow } from './live-figures.ts';

/**
 * Everything the figures of the instant `at` were made of, staffing advice included, read in one transaction (one
 * snapshot, one connection: a replay takes no more of the pool than one screen's share).
 * NOTE: without JIT. PostgreSQL's estimates for the per-quarter reads (a thousand rows for any `generate_series`)
 * pass `jit_above_cost`, and compiling them cost 1.8 s of a 1.9 s read on 8 days of the seed site, where the
 * reads themselves take 60 ms (bench:replay). `SET LOCAL` keeps the setting to these reads.
 */
export async function readInputsAsOf(
	db: Kysely<Database>,
	day: BusinessDay,
	at: Date,
	limits: LiveLimits
): Promise<LiveInputs> {
	return db.transaction().execute(async (trx) => {
		await sql`SET LOCAL jit = off`.execute(trx);
		const queuesNow = await readQueuesAsOf(trx, at, limits.maxWaitHours);
		const intervals = await readIntervalsAsOf(trx, day, at);
		const agents = await readAgentFigures(trx, at, limits.maxStateHours, day, { asOf: true });
		const staffing = await readStaffingInputs(trx, at);
		return { queuesNow, intervals, agents, staffing };
	});
}

/**
 * Every queue with what waited in it at `at`, under the settings in force then.
 * NOTE: LATERAL, so that each queue's legs are read through (queue, queued_at) for the last `maxWaitHours`; as a
 * join, PostgreSQL hashed the whole of `call_legs` for a day of the past.
 */
export async function readQueuesAsOf(db: Kysely<Database>, at: Date, maxWaitHours: number): Promise<QueueNow[]> {
	const result = await sql<QueueNow>`
		SELECT q.name AS queue, coalesce(h.sl_variant, q.sl_variant) AS "slVariant",
			coalesce(h.sl_threshold_s, q.sl_threshold_s) AS "slThresholdS",
			w.waiting, w.oldest AS "oldestWaitingSince"
		FROM queues q
		${settingsInForce(sql`q.name`, sql`${at}::timestamptz`, 'h')}
		CROSS JOIN LATERAL (
			SELECT count(*)::int AS waiting, min(leg.queued_at) AS oldest
			FROM ${legsAsOf(at)} leg
			WHERE leg.queue = q.name AND leg.answered_at IS NULL AND leg.abandoned_at IS NULL
				AND leg.dequeued_at IS NULL AND leg.queued_at > ${unfinishedBefore(at, maxWaitHours)}
		) w
		ORDER BY q.name`.execute(db);
	return result.rows;
}

const QUARTER_MS = 15 * 60_000;

/**
 * The day's 15-minute counters up to `at`, counted by the worker's own rules (`periodCounters`) from the legs as
 * they stood then, each with its calls still waiting within the threshold at that instant.
 * NOTE: every queue × every quarter of the day up to `at` (40 × 40 at 10:00 for the ministry), each read through
 * (queue, queued_at): the day's legs only, whatever the length of the history. Listing the quarters from the legs
 * instead had PostgreSQL scan the whole of `call_legs` (0.35 s on 8 days of the seed site, growing with the year).
 */
export async function readIntervalsAsOf(db: Kysely<Database>, day: BusinessDay, at: Date) {
	const until = Math.min(at.getTime(), day.end.getTime() - 1);
	// Quarters are cut in UTC from a round origin (see `periodOf`): the last one starts at a multiple of 15 minutes.
	const lastQuarter = new Date(Math.floor(until / QUARTER_MS) * QUARTER_MS);
	const affected = sql`
		SELECT q.name AS queue, p AS period_start
		FROM queues q
		CROSS JOIN generate_series(${day.start}::timestamptz, ${lastQuarter}::timestamptz, interval '15 minutes') p`;
	const result = await sql<IntervalRow>`
		SELECT c.*, coalesce(w.n, 0)::int AS waiting_within_sl
		FROM (${periodCounters(affected, at)}) c
		LEFT JOIN (
			SELECT q.name AS queue, w.period_start, w.n
			FROM queues q
			${settingsInForce(sql`q.name`, sql`${at}::timestamptz`, 'h')}
			CROSS JOIN LATERAL (
				SELECT ${periodOf(sql.ref('leg.queued_at'))} AS period_start, count(*) AS n
				FROM ${legsAsOf(at)} leg
				WHERE leg.queue = q.name AND leg.answered_at IS NULL AND leg.abandoned_at IS NULL
					AND leg.dequeued_at IS NULL AND leg.queued_at >= ${day.start} AND leg.queued_at < ${day.end}
					AND leg.queued_at > ${at}::timestamptz - make_interval(secs => coalesce(h.sl_threshold_s, q.sl_threshold_s))
				GROUP BY 1
			) w
		) w ON w.queue = c.queue AND w.period_start = c.period_start
		ORDER BY c.queue, c.period_start`.execute(db);
	return result.rows.map(intervalFiguresOf);
}
