import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { readQueuesNow } from '../../src/lib/server/live/figure-reads.ts';
import { applyPendingBatch, countPendingEvents } from '../../src/lib/server/worker/apply-batch.ts';
import { startWorker } from '../../src/lib/server/worker/worker.ts';
import { openDatabase } from '../../src/lib/server/db/database.ts';
import { createTestDatabase, DATABASE_KINDS, resetData, type TestDatabase } from '../support/databases.ts';
import { waitFor } from '../support/wait.ts';

const silent = pino({ level: 'silent' });
let seq = 0;
const call = (type: string, callId: string, at: string, extra: Record<string, unknown> = {}) => ({
	id: `w${++seq}`,
	type,
	at,
	call: callId,
	queue: 'Support N1',
	...extra
});

describe.each(DATABASE_KINDS)('worker on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => (t = await createTestDatabase(kind)));
	afterAll(() => t?.dispose());
	beforeEach(() => resetData(t.database));

	const post = (events: object[]) => acceptEvents(t.database.db, itemsFromValues(events), 'test');
	const waitingIn = async (queue: string) =>
		(await readQueuesNow(t.database.db, new Date('2026-03-02T11:00:00Z'), 4)).find((q) => q.queue === queue)?.waiting;

	it('counts calls waiting until they are answered, abandoned or dequeued', async () => {
		await post([
			call('call.queued', 'a', '2026-03-02T08:00:00Z'),
			call('call.queued', 'b', '2026-03-02T08:00:01Z'),
			call('call.queued', 'c', '2026-03-02T08:00:02Z'),
			call('call.queued', 'd', '2026-03-02T08:00:03Z')
		]);
		expect(await applyPendingBatch(t.database.db, 100)).toBe(4);
		expect(await waitingIn('Support N1')).toBe(4);

		await post([
			call('call.answered', 'a', '2026-03-02T08:00:10Z', { agent: 'alice' }),
			call('call.abandoned', 'b', '2026-03-02T08:00:20Z'),
			call('call.dequeued', 'c', '2026-03-02T08:00:30Z')
		]);
		await applyPendingBatch(t.database.db, 100);
		expect(await waitingIn('Support N1')).toBe(1);
		expect(await countPendingEvents(t.database.db)).toBe(0);
	});

	it('gives the same legs whatever the order the events arrive in', async () => {
		const events = [
			call('call.queued', 'x', '2026-03-02T08:00:00Z'),
			call('call.answered', 'x', '2026-03-02T08:00:12Z', { agent: 'bob' }),
			call('call.ended', 'x', '2026-03-02T08:04:00Z', { agent: 'bob' }),
			call('call.queued', 'y', '2026-03-02T08:01:00Z')
		];
		// The answer and the end arrive first, in a batch of their own; the queueing comes later.
		await post([events[2]!, events[1]!]);
		await applyPendingBatch(t.database.db, 100);
		expect(await waitingIn('Support N1')).toBe(0);
		await post([events[3]!, events[0]!]);
		await applyPendingBatch(t.database.db, 100);

		const legs = await t.database.db.selectFrom('call_legs').selectAll().orderBy('call').execute();
		expect(
			legs.map((l) => [
				l.call,
				l.queued_at?.toISOString(),
				l.answered_at?.toISOString(),
				l.agent,
				l.ended_at?.toISOString()
			])
		).toEqual([
			['x', '2026-03-02T08:00:00.000Z', '2026-03-02T08:00:12.000Z', 'bob', '2026-03-02T08:04:00.000Z'],
			['y', '2026-03-02T08:01:00.000Z', undefined, null, undefined]
		]);
		expect(await waitingIn('Support N1')).toBe(1);
	});

	it('applies nothing twice when a batch is smaller than the backlog', async () => {
		await post(Array.from({ length: 25 }, (_, i) => call('call.queued', `many${i}`, '2026-03-02T09:00:00Z')));
		expect(await applyPendingBatch(t.database.db, 10)).toBe(10);
		expect(await countPendingEvents(t.database.db)).toBe(15);
		expect(await applyPendingBatch(t.database.db, 10)).toBe(10);
		expect(await applyPendingBatch(t.database.db, 10)).toBe(5);
		expect(await applyPendingBatch(t.database.db, 10)).toBe(0);
		expect(await waitingIn('Support N1')).toBe(25);
	});

	it('records agent states and makes the queues an agent serves known', async () => {
		await post([
			{
				id: 'st1',
				type: 'agent.state',
				at: '2026-03-02T08:00:00Z',
				agent: 'alice',
				state: 'ready',
				queues: ['Messagerie']
			}
		]);
		await applyPendingBatch(t.database.db, 100);
		const states = await t.database.db.selectFrom('agent_states').selectAll().execute();
		expect(states).toEqual([
			expect.objectContaining({ agent: 'alice', state: 'ready', queues: ['Messagerie'], event_id: 'st1' })
		]);
		expect(await waitingIn('Messagerie')).toBe(0);
	});

	it('applies an event sent again after the ledger forgot it once, in the batch of new ones', async () => {
		const state = (id: string, at: string, s: string) => ({ id, type: 'agent.state', at, agent: 'bob', state: s });
		const legEvents = [
			call('call.queued', 'again', '2026-03-02T08:00:00Z'),
			call('call.answered', 'again', '2026-03-02T08:00:30Z', { agent: 'bob' })
		];
		await post([state('again1', '2026-03-02T08:00:00Z', 'ready'), ...legEvents]);
		await applyPendingBatch(t.database.db, 100);
		// What a retention purge of the ledger leaves: the states and legs stay, the ids are forgotten.
		await t.database.db.deleteFrom('events').execute();
		await post([
			state('again1', '2026-03-02T08:00:00Z', 'ready'),
			...legEvents,
			state('again2', '2026-03-02T08:05:00Z', 'not_ready')
		]);
		expect(await applyPendingBatch(t.database.db, 100)).toBe(4);

		const states = await t.database.db.selectFrom('agent_states').select('event_id').orderBy('at').execute();
		expect(states.map((s) => s.event_id)).toEqual(['again1', 'again2']);
		const ready = await t.database.db
			.selectFrom('agent_state_intervals')
			.select(['state', 'duration_ms'])
			.where('agent', '=', 'bob')
			.execute();
		expect(ready).toEqual([{ state: 'ready', duration_ms: String(5 * 60 * 1000) }]);
		const legs = await t.database.db.selectFrom('call_legs').selectAll().where('call', '=', 'again').execute();
		expect(legs).toHaveLength(1);
	});

	it('closes a state left open past VIGIE_MAX_STATE_H: a forgotten logout is not a night of "ready"', async () => {
		const state = (id: string, at: string, s: string) => ({ id, type: 'agent.state', at, agent: 'zoe', state: s });
		await post([
			state('z1', '2026-03-02T16:00:00Z', 'ready'),
			// The next morning's login is the next state: 16 hours later.
			state('z2', '2026-03-03T08:00:00Z', 'not_ready'),
			state('z3', '2026-03-03T08:10:00Z', 'logged_out')
		]);
		await applyPendingBatch(t.database.db, 100, { maxStateHours: 12 });
		const rows = await t.database.db
			.selectFrom('agent_state_intervals')
			.select(['state', (eb) => eb.fn.sum<string>('duration_ms').as('ms')])
			.where('agent', '=', 'zoe')
			.groupBy('state')
			.orderBy('state')
			.execute();
		expect(rows.map((r) => [r.state, Number(r.ms) / 60_000])).toEqual([
			['not_ready', 10],
			['ready', 12 * 60]
		]);
	});

	describe('running', () => {
		let stop: (() => Promise<void>) | null = null;
		afterEach(async () => {
			await stop?.();
			stop = null;
		});

		it('counts every event once with several workers on the same database', async () => {
			// Three processes' worth of workers, each with its own connections (only PostgreSQL allows that).
			const others = t.url
				? await Promise.all([1, 2].map(() => openDatabase({ databaseUrl: t.url, dataDir: '' })))
				: [];
			const workers = await Promise.all(
				[t.database, ...others].map((database) =>
					startWorker({ database, log: silent, batchSize: 7, pollIntervalMs: 20 })
				)
			);
			stop = async () => {
				await Promise.all(workers.map((w) => w.stop()));
				await Promise.all(others.map((o) => o.close()));
			};
			const calls = Array.from({ length: 60 }, (_, i) => `multi${i}`);
			for (let i = 0; i < calls.length; i += 10) {
				await post(calls.slice(i, i + 10).map((c) => call('call.queued', c, '2026-03-02T10:00:00Z')));
			}
			await post(calls.slice(0, 25).map((c) => call('call.answered', c, '2026-03-02T10:00:30Z', { agent: 'alice' })));
			await waitFor('every event to be applied', async () => (await countPendingEvents(t.database.db)) === 0, 10_000);
			expect(await waitingIn('Support N1')).toBe(35);
			const [row] = await t.database.db.selectFrom('queue_intervals').select(['offered', 'answered']).execute();
			expect(row).toEqual({ offered: 60, answered: 25 });
		});

		it('wakes on new events and applies them without being asked', async () => {
			// A long poll interval: only the NOTIFY from the intake can wake the worker in time.
			const worker = await startWorker({ database: t.database, log: silent, pollIntervalMs: 60_000 });
			stop = () => worker.stop();
			await post([call('call.queued', 'live1', '2026-03-02T10:00:00Z')]);
			await waitFor('the event to be applied', async () => (await waitingIn('Support N1')) === 1, 3000);
			expect(await countPendingEvents(t.database.db)).toBe(0);
		});
	});
});
