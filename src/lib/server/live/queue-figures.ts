import { sql, type Kysely } from 'kysely';
import type { QueueCounters } from '../../domain/metrics.ts';
import type { IntervalFigures } from '../../protocol.ts';
import type { Database } from '../db/schema.ts';

/** What is in queue right now, per known queue, with the queue's service-level settings. */
export interface QueueNow {
	queue: string;
	slVariant: string;
	slThresholdS: number;
	waiting: number;
	oldestWaitingSince: Date | null;
	/** Calls of today still waiting within the threshold: live, they are not yet in a service-level denominator. */
	waitingWithinSl: number;
}

/** Every known queue with what waits in it. One query serves every screen. */
export async function readQueuesNow(db: Kysely<Database>, dayStart: Date, now: Date): Promise<QueueNow[]> {
	const result = await sql<QueueNow>`
		SELECT q.name AS queue, q.sl_variant AS "slVariant", q.sl_threshold_s AS "slThresholdS",
			count(leg.call)::int AS waiting,
			min(leg.queued_at) AS "oldestWaitingSince",
			count(leg.call) FILTER (
				WHERE leg.queued_at >= ${dayStart} AND leg.queued_at > ${now}::timestamptz - make_interval(secs => q.sl_threshold_s)
			)::int AS "waitingWithinSl"
		FROM queues q
		LEFT JOIN call_legs leg ON leg.queue = q.name
			AND leg.queued_at IS NOT NULL AND leg.answered_at IS NULL
			AND leg.abandoned_at IS NULL AND leg.dequeued_at IS NULL
		GROUP BY q.name
		ORDER BY q.name`.execute(db);
	return result.rows;
}

/** Today's 15-minute counters of every queue, the rows every report and export is made of too. */
export async function readTodayIntervals(db: Kysely<Database>, dayStart: Date): Promise<IntervalFigures[]> {
	const rows = await db
		.selectFrom('queue_intervals')
		.selectAll()
		.where('period_start', '>=', dayStart)
		.orderBy('queue')
		.orderBy('period_start')
		.execute();
	return rows.map((row) => ({
		queue: row.queue,
		periodStart: row.period_start.toISOString(),
		counters: {
			offered: row.offered,
			answered: row.answered,
			abandoned: row.abandoned,
			shortAbandoned: row.short_abandoned,
			dequeued: row.dequeued,
			answeredWithinSl: row.answered_within_sl,
			abandonedWithinSl: row.abandoned_within_sl,
			answeredWaitMs: Number(row.answered_wait_ms),
			talkMs: Number(row.talk_ms),
			talked: row.talked,
			maxWaitMs: row.max_wait_ms === null ? null : Number(row.max_wait_ms)
		} satisfies QueueCounters
	}));
}
