import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { rebuildAgentStateIntervals } from '../aggregates/agent-state-intervals.ts';
import {
	legPeriodsOf,
	rebuildAgentAnswerIntervals,
	rebuildQueueIntervals,
	type LegPeriodRow,
	type LegPeriods
} from '../aggregates/queue-intervals.ts';
import { periodOf } from '../aggregates/buckets.ts';
import { withUniqueFallback } from '../db/unique-fallback.ts';
import { claimBatch, CLAIMED, type ClaimedCounts } from './claimed-batch.ts';
import { setAsideExpiredEvents } from '../retention/late-events.ts';

/** Tells web processes that figures changed, once per applied batch. */
export const CHANGES_CHANNEL = 'vigie_changes';

/**
 * NOTE: workers apply batches one at a time, under a transaction-scoped advisory lock. Several workers may run
 * (for availability); without the lock, two batches rebuilding the same period would collide on its row and one
 * would fail and be retried. Queueing them costs little, since a batch is a handful of set-based statements.
 */
const APPLY_LOCK_KEY = 7_305_411;

/** Waits until no other transaction changes the aggregates, and keeps them to this one until it ends. */
export async function lockAggregates(trx: Transaction<Database>): Promise<void> {
	await sql`SELECT pg_advisory_xact_lock(${APPLY_LOCK_KEY})`.execute(trx);
}

export interface ApplyOptions {
	/** An agent state counts for at most this many hours (`VIGIE_MAX_STATE_H`); the contract's default otherwise. */
	maxStateHours?: number;
}

/**
 * Claims up to `limit` pending events, merges them into the call legs and agent states, and rebuilds the
 * 15-minute aggregates they touch, in one transaction: either the whole batch is applied and leaves the queue,
 * or nothing is. Returns how many events were applied.
 */
export async function applyPendingBatch(
	db: Kysely<Database>,
	limit: number,
	options: ApplyOptions = {}
): Promise<number> {
	return db.transaction().execute(async (trx) => {
		// NOTE: a batch holds only what can be derived again. Should PostgreSQL crash just after an asynchronous
		// commit, the whole transaction is lost, its claim on the pending events included, and the batch is simply
		// applied again: durability is kept where it matters, at the intake, which commits synchronously.
		await sql`SET LOCAL synchronous_commit = off`.execute(trx);
		await lockAggregates(trx);
		const claimed = await claimBatch(trx, limit);
		if (claimed.events === 0) return 0;

		await applyClaimedBatch(trx, claimed, options);
		await sql`SELECT pg_notify(${CHANGES_CHANNEL}, '')`.execute(trx);
		return claimed.events;
	});
}

/**
 * Applies the claimed batch: its queues become known, its call events are merged into the legs and its agent
 * states recorded, and the 15-minute aggregates they touch are rebuilt. NOTE: the worker holds the aggregates'
 * lock, so nothing else writes legs, states or aggregates meanwhile: a row found missing stays missing until
 * this transaction inserts it, which is what lets the inserts below skip ON CONFLICT's costlier path.
 */
async function applyClaimedBatch(
	trx: Transaction<Database>,
	claimed: ClaimedCounts,
	options: ApplyOptions
): Promise<void> {
	// Late events for days the retention purge has made final are kept as dead letters, not applied.
	await setAsideExpiredEvents(trx, CLAIMED);
	// Distinct queue lists first: agents send the same few lists again and again.
	await sql`
		INSERT INTO queues (name)
		SELECT DISTINCT name FROM (
			SELECT queue FROM ${CLAIMED} WHERE queue IS NOT NULL
			UNION ALL
			SELECT unnest(queues) FROM (SELECT DISTINCT queues FROM ${CLAIMED} WHERE queues IS NOT NULL) lists
		) AS named (name)
		WHERE NOT EXISTS (SELECT 1 FROM queues q WHERE q.name = named.name)`.execute(trx);

	// A batch of one kind (a live connector's half-second of agent states) skips the other kind's statements.
	if (claimed.callEvents > 0) {
		const legs = await mergeCallLegs(trx);
		await rebuildQueueIntervals(trx, legs.queuePeriods);
		await rebuildAgentAnswerIntervals(trx, legs.agentPeriods);
	}
	if (claimed.agentStates > 0) {
		await insertAgentStates(trx);
		await rebuildAgentStateIntervals(trx, options.maxStateHours);
	}
}

/**
 * Records the batch's agent states. NOTE (measured, 11,574 states after as many, backend CPU, best of 4): a plain
 * insert took 86 ms, against 133 ms for ON CONFLICT DO NOTHING (its speculative insertion looks each row up
 * before inserting it) and 136 ms with a NOT EXISTS probe first. A state is only ever there already when its
 * event is sent again after the ledger forgot its id (retention): then the plain insert fails, and the batch's
 * states go through ON CONFLICT instead.
 */
async function insertAgentStates(trx: Transaction<Database>): Promise<void> {
	const insert = (onConflict: RawBuilder<unknown>) => sql`
		INSERT INTO agent_states (agent, at, event_id, state, reason, queues)
		SELECT agent, at, id, state, reason, queues FROM ${CLAIMED} WHERE type = 'agent.state'
		${onConflict}`;
	await withUniqueFallback(trx, 'agent_states', insert(sql``), insert(sql`ON CONFLICT DO NOTHING`));
}

/**
 * Each call event fills its own column of the (call, queue) leg; LEAST/GREATEST make the merge independent of
 * arrival order and repetition. The answering agent is the one of the earliest `call.answered`; the caller's
 * number, the least of those the leg's `call.queued` events carry (one, in practice).
 * Returns the queue periods and agent answer periods of the legs that changed, both where they were and where
 * they are now: a late `call.queued` can move a leg to another period.
 *
 * NOTE: one statement, where an upsert would do the same with ON CONFLICT DO UPDATE. Measured on 2,800 legs:
 * inserting new legs plainly took 40 ms of backend CPU against 61 ms through ON CONFLICT; a leg the batch does
 * not change (an event sent twice) is not rewritten, so its indexes are left alone and its periods are not rebuilt;
 * and the periods come back with the merge instead of two more reads of the legs, before and after.
 */
async function mergeCallLegs(trx: Transaction<Database>): Promise<LegPeriods> {
	const result = await sql<LegPeriodRow>`
		WITH batch AS MATERIALIZED (
			SELECT call, queue,
				min(at) FILTER (WHERE type = 'call.queued') AS queued_at,
				min(at) FILTER (WHERE type = 'call.answered') AS answered_at,
				(array_agg(agent ORDER BY at, agent) FILTER (WHERE type = 'call.answered'))[1] AS agent,
				min(at) FILTER (WHERE type = 'call.abandoned') AS abandoned_at,
				min(at) FILTER (WHERE type = 'call.dequeued') AS dequeued_at,
				max(at) FILTER (WHERE type = 'call.ended') AS ended_at,
				min(caller) FILTER (WHERE type = 'call.queued') AS caller
			FROM ${CLAIMED}
			WHERE call IS NOT NULL
			GROUP BY call, queue
		), merged AS MATERIALIZED (
			SELECT leg.call, leg.queue,
				leg.queued_at AS was_queued_at, leg.answered_at AS was_answered_at, leg.agent AS was_agent,
				leg.abandoned_at AS was_abandoned_at, leg.dequeued_at AS was_dequeued_at, leg.ended_at AS was_ended_at,
				leg.caller AS was_caller,
				LEAST(leg.queued_at, b.queued_at) AS queued_at,
				LEAST(leg.answered_at, b.answered_at) AS answered_at,
				CASE
					WHEN b.answered_at < leg.answered_at OR leg.answered_at IS NULL THEN b.agent
					WHEN b.answered_at = leg.answered_at THEN LEAST(leg.agent, b.agent)
					ELSE leg.agent
				END AS agent,
				LEAST(leg.abandoned_at, b.abandoned_at) AS abandoned_at,
				LEAST(leg.dequeued_at, b.dequeued_at) AS dequeued_at,
				GREATEST(leg.ended_at, b.ended_at) AS ended_at,
				LEAST(leg.caller, b.caller) AS caller
			FROM batch b
			JOIN call_legs leg ON leg.call = b.call AND leg.queue = b.queue
		), changed AS MATERIALIZED (
			SELECT * FROM merged
			WHERE (queued_at, answered_at, agent, abandoned_at, dequeued_at, ended_at, caller)
				IS DISTINCT FROM (was_queued_at, was_answered_at, was_agent, was_abandoned_at, was_dequeued_at, was_ended_at,
					was_caller)
		), updated AS (
			UPDATE call_legs leg SET queued_at = c.queued_at, answered_at = c.answered_at, agent = c.agent,
				abandoned_at = c.abandoned_at, dequeued_at = c.dequeued_at, ended_at = c.ended_at, caller = c.caller
			FROM changed c
			WHERE leg.call = c.call AND leg.queue = c.queue
		), inserted AS (
			-- Every statement here sees the legs as they were before it: those already there are merged above.
			INSERT INTO call_legs (call, queue, queued_at, answered_at, agent, abandoned_at, dequeued_at, ended_at, caller)
			SELECT b.call, b.queue, b.queued_at, b.answered_at, b.agent, b.abandoned_at, b.dequeued_at, b.ended_at,
				b.caller
			FROM batch b
			WHERE NOT EXISTS (SELECT 1 FROM merged m WHERE m.call = b.call AND m.queue = b.queue)
			RETURNING queue, queued_at, agent, answered_at
		), touched AS (
			SELECT queue, queued_at, agent, answered_at FROM changed
			UNION ALL
			SELECT queue, was_queued_at, was_agent, was_answered_at FROM changed
			UNION ALL
			SELECT queue, queued_at, agent, answered_at FROM inserted
		)
		SELECT DISTINCT queue, ${periodOf(sql.ref('queued_at'))} AS queue_period,
			agent, ${periodOf(sql.ref('answered_at'))} AS answer_period
		FROM touched`.execute(trx);
	return legPeriodsOf(result.rows);
}

/** Events accepted but not yet in the aggregates (`pending_events` of /readyz). */
export async function countPendingEvents(db: Kysely<Database>): Promise<number> {
	const row = await db
		.selectFrom('pending_events')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
