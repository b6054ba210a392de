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

/** Everything the figures of the instant `at` were made of, staffing advice included. */
export async function readInputsAsOf(
	db: Kysely<Database>,
	day: BusinessDay,
	at: Date,
	limits: LiveLimits
): Promise<LiveInputs> {
	const [queuesNow, intervals, agents, staffing] = await Promise.all([
		readQueuesAsOf(db, at, limits.maxWaitHours),
		readIntervalsAsOf(db, day, at),
		readAgentFigures(db, at, limits.maxStateHours, day, { asOf: true }),
		readStaffingInputs(db, at)
	]);
	return { queuesNow, intervals, agents, staffing };
}

/** Every queue with what waited in it at `at`, under the settings in force then. */
export async function readQueuesAsOf(db: Kysely<Database>, at: Date, maxWaitHours: number): Promise<QueueNow[]> {
	const result = await sql<QueueNow>`
		SELECT q.name AS queue, coalesce(h.sl_variant, q.sl_variant) AS "slVariant",
			coalesce(h.sl_threshold_s, q.sl_threshold_s) AS "slThresholdS",
			count(leg.call)::int AS waiting,
			min(leg.queued_at) AS "oldestWaitingSince"
		FROM queues q
		${settingsInForce(sql`q.name`, sql`${at}::timestamptz`, 'h')}
		LEFT JOIN ${legsAsOf(at)} leg ON leg.queue = q.name
			AND leg.queued_at IS NOT NULL AND leg.answered_at IS NULL
			AND leg.abandoned_at IS NULL AND leg.dequeued_at IS NULL
			AND leg.queued_at > ${unfinishedBefore(at, maxWaitHours)}
		GROUP BY q.name, h.sl_variant, h.sl_threshold_s
		ORDER BY q.name`.execute(db);
	return result.rows;
}

/**
 * The day's 15-minute counters up to `at`, counted by the worker's own rules (`periodCounters`) from the legs as
 * they stood then, each with its calls still waiting within the threshold at that instant.
 * NOTE: the day's legs only, per queue through (queue, queued_at): a day of the ministry's desk is about 15,000
 * legs, whatever the length of the history.
 */
export async function readIntervalsAsOf(db: Kysely<Database>, day: BusinessDay, at: Date) {
	const until = at < day.end ? at : day.end;
	const affected = sql`
		SELECT DISTINCT leg.queue, ${periodOf(sql.ref('leg.queued_at'))} AS period_start
		FROM queues q
		JOIN call_legs leg ON leg.queue = q.name AND leg.queued_at >= ${day.start} AND leg.queued_at <= ${until}`;
	const result = await sql<IntervalRow>`
		SELECT c.*, coalesce(w.n, 0)::int AS waiting_within_sl
		FROM (${periodCounters(affected, at)}) c
		LEFT JOIN (
			SELECT leg.queue, ${periodOf(sql.ref('leg.queued_at'))} AS period_start, count(*) AS n
			FROM queues q
			${settingsInForce(sql`q.name`, sql`${at}::timestamptz`, 'h')}
			JOIN ${legsAsOf(at)} leg ON leg.queue = q.name
			WHERE leg.answered_at IS NULL AND leg.abandoned_at IS NULL AND leg.dequeued_at IS NULL
				AND leg.queued_at >= ${day.start} AND leg.queued_at < ${day.end}
				AND leg.queued_at > ${at}::timestamptz - make_interval(secs => coalesce(h.sl_threshold_s, q.sl_threshold_s))
			GROUP BY 1, 2
		) w ON w.queue = c.queue AND w.period_start = c.period_start
		ORDER BY c.queue, c.period_start`.execute(db);
	return result.rows.map(intervalFiguresOf);
}
