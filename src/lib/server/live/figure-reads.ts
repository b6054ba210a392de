/**
 * The live figures' reads: a few queries per refresh, whatever the number of screens. They return the inputs that
 * `buildLiveFigures` turns into figures; nothing here computes a figure.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { BusinessDay } from '../../domain/business-day.ts';
import { closedStatesBefore, unfinishedBefore } from '../../domain/live-bounds.ts';
import type { LoggedInState, QueueCounters } from '../../domain/metrics.ts';
import type { AgentFigures, IntervalFigures } from '../../protocol.ts';
import { periodOf } from '../aggregates/buckets.ts';
import type { Database, QueueIntervalsTable } from '../db/schema.ts';
import type { LiveInputs, QueueNow } from './live-figures.ts';

/** How long a call or an agent state may stay open before it leaves the live figures (contract §3). */
export interface LiveLimits {
	maxWaitHours: number;
	maxStateHours: number;
}

/** Everything the live figures of `now` are made of. */
export async function readLiveInputs(
	db: Kysely<Database>,
	day: BusinessDay,
	now: Date,
	limits: LiveLimits
): Promise<LiveInputs> {
	const [queuesNow, intervals, agents] = await Promise.all([
		readQueuesNow(db, now, limits.maxWaitHours),
		readTodayIntervals(db, day, now),
		readAgentFigures(db, now, limits.maxStateHours, day)
	]);
	return { queuesNow, intervals, agents };
}

/**
 * Every known queue with what waits in it. One query serves every screen. A call queued more than `maxWaitHours`
 * ago with no outcome yet is unfinished (its outcome was lost): it no longer waits, and is no abandon either.
 */
export async function readQueuesNow(db: Kysely<Database>, now: Date, maxWaitHours: number): Promise<QueueNow[]> {
	const result = await sql<QueueNow>`
		SELECT q.name AS queue, q.sl_variant AS "slVariant", q.sl_threshold_s AS "slThresholdS",
			count(leg.call)::int AS waiting,
			min(leg.queued_at) AS "oldestWaitingSince"
		FROM queues q
		LEFT JOIN call_legs leg ON leg.queue = q.name
			AND leg.queued_at IS NOT NULL AND leg.answered_at IS NULL
			AND leg.abandoned_at IS NULL AND leg.dequeued_at IS NULL
			AND leg.queued_at > ${unfinishedBefore(now, maxWaitHours)}
		GROUP BY q.name
		ORDER BY q.name`.execute(db);
	return result.rows;
}

/** A stored 15-minute row as read (int8 sums as text), with the calls of its quarter still waiting. */
export type IntervalRow = Omit<Selectable<QueueIntervalsTable>, 'sl_threshold_s'> & { waiting_within_sl: number };

/**
 * Today's 15-minute counters of every queue, the rows every report and export is made of too, each with the calls
 * of its quarter (by queue-entry time, as the counters) still waiting within the threshold.
 * NOTE: one statement, so both come from one snapshot: read apart, a batch committing in between could leave a
 * waiting call out of `offered` but in `waitingWithinSl`, and a service level over a denominator one call short.
 */
export async function readTodayIntervals(
	db: Kysely<Database>,
	day: { start: Date; end: Date },
	now: Date
): Promise<IntervalFigures[]> {
	const result = await sql<IntervalRow>`
		SELECT qi.queue, qi.period_start, qi.offered, qi.answered, qi.abandoned, qi.short_abandoned, qi.dequeued,
			qi.answered_within_sl, qi.abandoned_within_sl, qi.answered_wait_ms, qi.talk_ms, qi.talked, qi.max_wait_ms,
			coalesce(w.n, 0)::int AS waiting_within_sl
		FROM queue_intervals qi
		LEFT JOIN (
			SELECT leg.queue, ${periodOf(sql.ref('leg.queued_at'))} AS period_start, count(*) AS n
			FROM call_legs leg
			JOIN queues q ON q.name = leg.queue
			-- The waiting legs, through their partial index.
			WHERE leg.queued_at IS NOT NULL AND leg.answered_at IS NULL
				AND leg.abandoned_at IS NULL AND leg.dequeued_at IS NULL
				AND leg.queued_at >= ${day.start} AND leg.queued_at < ${day.end}
				AND leg.queued_at > ${now}::timestamptz - make_interval(secs => q.sl_threshold_s)
			GROUP BY 1, 2
		) w ON w.queue = qi.queue AND w.period_start = qi.period_start
		WHERE qi.period_start >= ${day.start} AND qi.period_start < ${day.end}
		ORDER BY qi.queue, qi.period_start`.execute(db);
	return result.rows.map(intervalFiguresOf);
}

/** A stored (or replayed) 15-minute row as the screens get it. */
export function intervalFiguresOf(row: IntervalRow): IntervalFigures {
	return {
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
		} satisfies QueueCounters,
		waitingWithinSl: row.waiting_within_sl
	};
}

/**
 * Every logged-in agent with its latest state. A latest state older than `maxStateHours` is closed (a forgotten
 * logout, a lost event): that agent no longer counts as logged in.
 * NOTE: `agent_states` keeps every change ever made; a DISTINCT ON would read all of it. The recursive walk
 * jumps from one agent to the next through the primary key (agent, at, event_id), then reads each agent's last
 * row backwards: about two index probes per agent, however long the history.
 */
export async function readAgentFigures(
	db: Kysely<Database>,
	now: Date,
	maxStateHours: number,
	day: BusinessDay | null = null,
	options: { asOf?: boolean } = {}
): Promise<AgentFigures[]> {
	// Live, a state stamped a moment ahead (a source's clock) shows at once; replayed, only what was known then.
	const knownBy = options.asOf ? sql`AND s.at <= ${now}` : sql``;
	const result = await sql<{
		agent: string;
		state: LoggedInState;
		at: Date;
		reason: string | null;
		queues: string[] | null;
		name: string | null;
		team: string | null;
	}>`
		WITH RECURSIVE agents AS (
			(SELECT agent FROM agent_states ORDER BY agent LIMIT 1)
			UNION ALL
			SELECT (SELECT s.agent FROM agent_states s WHERE s.agent > a.agent ORDER BY s.agent LIMIT 1)
			FROM agents a WHERE a.agent IS NOT NULL
		)
		SELECT latest.agent, latest.state, latest.at, latest.reason, latest.queues,
			d.display_name AS name, d.team
		FROM agents a
		CROSS JOIN LATERAL (
			SELECT s.agent, s.state, s.at, s.reason, s.queues FROM agent_states s
			WHERE s.agent = a.agent ${knownBy}
			ORDER BY s.at DESC, s.event_id DESC
			LIMIT 1
		) latest
		LEFT JOIN agent_directory d ON d.agent = latest.agent
		WHERE latest.state <> 'logged_out' AND latest.at > ${closedStatesBefore(now, maxStateHours)}`.execute(db);
	// Today's closed not-ready time of the agents not ready now: the board adds the open state up to now.
	// NOTE: a few agents × a day's quarters, through the primary key (agent, period_start, …): cheap at every read.
	const notReadyNow = result.rows.filter((row) => row.state === 'not_ready').map((row) => row.agent);
	const closedToday = new Map<string, number>();
	if (day !== null && notReadyNow.length > 0) {
		const sums = options.asOf
			? await closedNotReadyAsOf(db, notReadyNow, day, now, maxStateHours)
			: await sql<{ agent: string; ms: string }>`
					SELECT agent, sum(duration_ms) AS ms FROM agent_state_intervals
					WHERE agent = ANY(${notReadyNow}::text[]) AND state = 'not_ready'
						AND period_start >= ${day.start} AND period_start < ${day.end}
					GROUP BY agent`.execute(db);
		for (const row of sums.rows) closedToday.set(row.agent, Number(row.ms));
	}
	return result.rows.map((row) => ({
		agent: row.agent,
		notReadyTodayMs: row.state === 'not_ready' && day !== null ? (closedToday.get(row.agent) ?? 0) : null,
		name: row.name,
		team: row.team,
		state: row.state,
		since: row.at.toISOString(),
		reason: row.reason,
		queues: row.queues
	}));
}

/**
 * The not-ready time of these agents in `day` up to `asOf`, from the states themselves: the stored quarters hold
 * what came after too. Each state runs to the next one (closed at `maxStateHours`, as the worker closes it), cut
 * at the day's start; the open state is the board's to add.
 * NOTE: the agents' states of the day and the `maxStateHours` before it, through the key (agent, at): a few
 * hundred rows for the agents not ready at that instant.
 */
function closedNotReadyAsOf(
	db: Kysely<Database>,
	agents: string[],
	day: BusinessDay,
	asOf: Date,
	maxStateHours: number
) {
	return sql<{ agent: string; ms: string }>`
		SELECT agent, round(sum(extract(epoch FROM LEAST(next_at, at + ${maxStateHours} * interval '1 hour')
			- GREATEST(at, ${day.start}::timestamptz))) * 1000)::bigint AS ms
		FROM (
			SELECT s.agent, s.state, s.at,
				lead(s.at) OVER (PARTITION BY s.agent ORDER BY s.at, s.event_id) AS next_at
			FROM agent_states s
			WHERE s.agent = ANY(${agents}::text[])
				AND s.at >= ${day.start}::timestamptz - ${maxStateHours} * interval '1 hour' AND s.at <= ${asOf}
		) spans
		WHERE state = 'not_ready' AND next_at IS NOT NULL
			AND LEAST(next_at, at + ${maxStateHours} * interval '1 hour') > ${day.start}
		GROUP BY agent`.execute(db);
}

/** What the staffing advice of one queue is made of (contract §3, `agents_needed`). */
export interface StaffingInputs {
	queue: string;
	/** Calls queued in the window. */
	arrivals: number;
	/** Mean talk time of the calls that ended in the window plus the mean after-call work that followed them. */
	handleS: number | null;
}

/** The window of the staffing advice: the last 30 minutes. */
export const STAFFING_WINDOW_S = 1800;

/**
 * The last 30 minutes of each queue: calls queued, and the handle time of the calls that ended (talk, then the
 * after-call work the same agent entered at the call's end, up to its next state or now).
 * NOTE: legs are reached through (queue, queued_at): a call that ended in the window was queued at most
 * `maxWaitHours` plus its talk before; six hours back covers it without scanning the year. Bounded above by `now`
 * too, for a replayed instant: without it, a day of the past read every later leg of the queue (1.1 s → see
 * docs/screens.md, bench:replay).
 */
export async function readStaffingInputs(db: Kysely<Database>, now: Date): Promise<StaffingInputs[]> {
	const from = new Date(now.getTime() - STAFFING_WINDOW_S * 1000);
	const reach = new Date(now.getTime() - 6 * 3_600_000);
	const result = await sql<{ queue: string; arrivals: number; talk_s: number | null; work_s: number | null }>`
		SELECT q.name AS queue,
			(SELECT count(*) FROM call_legs a WHERE a.queue = q.name AND a.queued_at > ${from} AND a.queued_at <= ${now})::int
				AS arrivals,
			h.talk_s, h.work_s
		FROM queues q
		LEFT JOIN LATERAL (
			SELECT avg(extract(epoch FROM leg.ended_at - leg.answered_at))::float8 AS talk_s,
				avg(coalesce(w.work_s, 0))::float8 AS work_s
			FROM call_legs leg
			LEFT JOIN LATERAL (
				SELECT extract(epoch FROM least(
					coalesce((SELECT min(n.at) FROM agent_states n WHERE n.agent = s.agent AND n.at > s.at), ${now}),
					${now}) - s.at)::float8 AS work_s
				FROM agent_states s
				WHERE s.agent = leg.agent AND s.state = 'work' AND s.at <= ${now}
					AND s.at >= leg.ended_at - interval '2 seconds' AND s.at <= leg.ended_at + interval '10 seconds'
				ORDER BY s.at
				LIMIT 1
			) w ON true
			WHERE leg.queue = q.name AND leg.queued_at > ${reach} AND leg.queued_at <= ${now}
				AND leg.ended_at > ${from} AND leg.ended_at <= ${now} AND leg.answered_at IS NOT NULL
		) h ON true`.execute(db);
	return result.rows.map((row) => ({
		queue: row.queue,
		arrivals: row.arrivals,
		handleS: row.talk_s === null ? null : row.talk_s + (row.work_s ?? 0)
	}));
}
