import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { rebuildAgentStateIntervals } from '../aggregates/agent-state-intervals.ts';
import { periodsOfLegs, rebuildAgentAnswerIntervals, rebuildQueueIntervals } from '../aggregates/queue-intervals.ts';
import { claimBatch, CLAIMED } from './claimed-batch.ts';

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

/**
 * Claims up to `limit` pending events, merges them into the call legs and agent states, and rebuilds the
 * 15-minute aggregates they touch, in one transaction: either the whole batch is applied and leaves the queue,
 * or nothing is. Returns how many events were applied.
 */
export async function applyPendingBatch(db: Kysely<Database>, limit: number): Promise<number> {
	return db.transaction().execute(async (trx) => {
		// NOTE: a batch holds only what can be derived again. Should PostgreSQL crash just after an asynchronous
		// commit, the whole transaction is lost, its claim on the pending events included, and the batch is simply
		// applied again: durability is kept where it matters, at the intake, which commits synchronously.
		await sql`SET LOCAL synchronous_commit = off`.execute(trx);
		await lockAggregates(trx);
		const claimed = await claimBatch(trx, limit);
		if (claimed === 0) return 0;

		await sql`
			INSERT INTO queues (name)
			SELECT body->>'queue' FROM ${CLAIMED} WHERE type LIKE 'call.%'
			UNION
			SELECT jsonb_array_elements_text(body->'queues') FROM ${CLAIMED} WHERE type = 'agent.state' AND body ? 'queues'
			ON CONFLICT (name) DO NOTHING`.execute(trx);

		// The periods the touched legs fall in before and after the merge: a late `call.queued` can move a leg.
		const before = await periodsOfLegs(trx);
		await mergeCallLegs(trx);
		const after = await periodsOfLegs(trx);
		await rebuildQueueIntervals(trx, [...before.queuePeriods, ...after.queuePeriods]);
		await rebuildAgentAnswerIntervals(trx, [...before.agentPeriods, ...after.agentPeriods]);

		await sql`
			INSERT INTO agent_states (agent, at, event_id, state, reason, queues)
			SELECT body->>'agent', at, id, body->>'state', body->>'reason',
				CASE WHEN body ? 'queues' THEN ARRAY(SELECT jsonb_array_elements_text(body->'queues')) END
			FROM ${CLAIMED} WHERE type = 'agent.state'
			ON CONFLICT DO NOTHING`.execute(trx);
		await rebuildAgentStateIntervals(trx);

		await sql`SELECT pg_notify(${CHANGES_CHANNEL}, '')`.execute(trx);
		return claimed;
	});
}

/**
 * Each call event fills its own column of the (call, queue) leg; LEAST/GREATEST make the merge independent of
 * arrival order and repetition. The answering agent is the one of the earliest `call.answered`; the caller's
 * number, the least of those the leg's `call.queued` events carry (one, in practice).
 */
async function mergeCallLegs(trx: Transaction<Database>): Promise<void> {
	await sql`
		INSERT INTO call_legs AS leg (call, queue, queued_at, answered_at, agent, abandoned_at, dequeued_at, ended_at,
			caller)
		SELECT body->>'call', body->>'queue',
			min(at) FILTER (WHERE type = 'call.queued'),
			min(at) FILTER (WHERE type = 'call.answered'),
			(array_agg(body->>'agent' ORDER BY at, body->>'agent') FILTER (WHERE type = 'call.answered'))[1],
			min(at) FILTER (WHERE type = 'call.abandoned'),
			min(at) FILTER (WHERE type = 'call.dequeued'),
			max(at) FILTER (WHERE type = 'call.ended'),
			min(nullif(body->>'caller', '')) FILTER (WHERE type = 'call.queued')
		FROM ${CLAIMED}
		WHERE type LIKE 'call.%'
		GROUP BY 1, 2
		ON CONFLICT (call, queue) DO UPDATE SET
			queued_at = LEAST(leg.queued_at, excluded.queued_at),
			answered_at = LEAST(leg.answered_at, excluded.answered_at),
			agent = CASE
				WHEN excluded.answered_at < leg.answered_at OR leg.answered_at IS NULL THEN excluded.agent
				WHEN excluded.answered_at = leg.answered_at THEN LEAST(leg.agent, excluded.agent)
				ELSE leg.agent
			END,
			abandoned_at = LEAST(leg.abandoned_at, excluded.abandoned_at),
			dequeued_at = LEAST(leg.dequeued_at, excluded.dequeued_at),
			ended_at = GREATEST(leg.ended_at, excluded.ended_at),
			caller = LEAST(leg.caller, excluded.caller)`.execute(trx);
}

/** Events accepted but not yet in the aggregates (`pending_events` of /readyz). */
export async function countPendingEvents(db: Kysely<Database>): Promise<number> {
	const row = await db
		.selectFrom('pending_events')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
