import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeNdjson, itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { countPendingEvents } from '../../src/lib/server/worker/apply-batch.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

const queued = (id: string, call = id) => ({
	id,
	type: 'call.queued',
	at: '2026-03-02T08:00:00Z',
	call,
	queue: 'Support N1'
});

describe.each(DATABASE_KINDS)('event intake on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => (t = await createTestDatabase(kind)));
	afterAll(() => t?.dispose());

	it('applies the good lines, reports the bad ones with their line numbers and keeps them as dead letters', async () => {
		const body = [
			JSON.stringify(queued('i1')),
			'',
			'{"id": "broken"',
			JSON.stringify({ ...queued('i2'), type: 'call.answered' }),
			JSON.stringify(queued('i3'))
		].join('\n');
		const result = await acceptEvents(t.database.db, decodeNdjson(body), 'test');
		expect(result.accepted).toBe(2);
		expect(result.duplicates).toBe(0);
		expect(result.rejected).toEqual([
			{ line: 3, error: expect.stringContaining('not valid JSON') },
			{ line: 4, error: expect.stringContaining('agent') }
		]);
		const deadLetters = await t.database.db.selectFrom('dead_letters').selectAll().orderBy('line').execute();
		expect(deadLetters.map((d) => [d.line, d.raw, d.source])).toEqual([
			[3, '{"id": "broken"', 'test'],
			[4, JSON.stringify({ ...queued('i2'), type: 'call.answered' }), 'test']
		]);
		expect(await countPendingEvents(t.database.db)).toBe(2);
	});

	it('keeps an event handed over in memory as its JSON when it is rejected', async () => {
		const bad = { ...queued('mem1'), type: 'call.answered', note: 'from an adapter' };
		const result = await acceptEvents(t.database.db, itemsFromValues([queued('mem0'), bad]), 'memory');
		expect(result).toMatchObject({ accepted: 1, rejected: [{ line: 2, error: expect.stringContaining('agent') }] });
		const deadLetter = await t.database.db
			.selectFrom('dead_letters')
			.select(['line', 'raw'])
			.where('source', '=', 'memory')
			.executeTakeFirstOrThrow();
		expect(deadLetter).toEqual({ line: 2, raw: JSON.stringify(bad) });
	});

	it('counts an event id once, within a request and across requests', async () => {
		const first = await acceptEvents(
			t.database.db,
			itemsFromValues([queued('d1'), queued('d1'), queued('d2')]),
			'test'
		);
		expect(first).toEqual({ accepted: 2, duplicates: 1, rejected: [] });
		const again = await acceptEvents(t.database.db, itemsFromValues([queued('d2'), queued('d3')]), 'test');
		expect(again).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
		const stored = await t.database.db.selectFrom('events').select('id').where('id', 'like', 'd%').execute();
		expect(stored.map((r) => r.id).sort()).toEqual(['d1', 'd2', 'd3']);
	});

	it('stores the validated event, with its timestamp as an instant', async () => {
		await acceptEvents(
			t.database.db,
			itemsFromValues([{ ...queued('tz1'), at: '2026-03-02T09:00:00.250+01:00', extra: 'ignored' }]),
			'test'
		);
		const row = await t.database.db
			.selectFrom('pending_events')
			.selectAll()
			.where('id', '=', 'tz1')
			.executeTakeFirstOrThrow();
		expect(row.at.toISOString()).toBe('2026-03-02T08:00:00.250Z');
		expect(row).toMatchObject({
			type: 'call.queued',
			call: queued('tz1').call,
			queue: queued('tz1').queue,
			agent: null
		});
	});

	it('stores an agent state with its queues as given, whatever characters their names hold', async () => {
		const queues = ['Support "N1"', 'C:\\files\\', 'a, b', '{accolades}', 'NULL', ' espacé '];
		await acceptEvents(
			t.database.db,
			itemsFromValues([
				{
					id: 'st1',
					type: 'agent.state',
					at: '2026-03-02T08:00:00Z',
					agent: 'zoé',
					state: 'not_ready',
					reason: 'Pause',
					queues
				},
				{ id: 'st2', type: 'agent.state', at: '2026-03-02T08:00:01Z', agent: 'zoé', state: 'ready', queues: [] },
				{ id: 'st3', type: 'agent.state', at: '2026-03-02T08:00:02Z', agent: 'zoé', state: 'ready' }
			]),
			'test'
		);
		const rows = await t.database.db
			.selectFrom('pending_events')
			.select(['id', 'agent', 'state', 'reason', 'queues', 'call'])
			.where('id', 'in', ['st1', 'st2', 'st3'])
			.orderBy('id')
			.execute();
		expect(rows).toEqual([
			{ id: 'st1', agent: 'zoé', state: 'not_ready', reason: 'Pause', queues: queues.map((q) => q.trim()), call: null },
			{ id: 'st2', agent: 'zoé', state: 'ready', reason: null, queues: [], call: null },
			{ id: 'st3', agent: 'zoé', state: 'ready', reason: null, queues: null, call: null }
		]);
	});

	it('keeps text as sent where a bulk format would read it otherwise: tabs, line breaks, backslashes, \\N', async () => {
		const odd = {
			id: 'odd\\N\t1',
			type: 'call.queued',
			at: '2026-03-02T08:00:00Z',
			call: '\\N',
			queue: 'Support\tN1\nbis \\ C:\\temp',
			caller: '\\r\r'
		};
		const state = { id: 'odd2', type: 'agent.state', at: '2026-03-02T08:00:00Z', agent: 'a\\b', state: 'not_ready' };
		const result = await acceptEvents(
			t.database.db,
			itemsFromValues([odd, { ...state, reason: 'Pause\r\ncafé' }]),
			'test'
		);
		expect(result.accepted).toBe(2);
		const rows = await t.database.db
			.selectFrom('pending_events')
			.select(['id', 'call', 'queue', 'caller', 'agent', 'reason'])
			.where('id', 'in', [odd.id, 'odd2'])
			.orderBy('id', 'desc')
			.execute();
		expect(rows).toEqual([
			{ id: odd.id, call: '\\N', queue: odd.queue, caller: '\\r', agent: null, reason: null },
			{ id: 'odd2', call: null, queue: null, caller: null, agent: 'a\\b', reason: 'Pause\r\ncafé' }
		]);
		expect((await t.database.db.selectFrom('events').select('id').where('id', '=', odd.id).execute()).length).toBe(1);
	});

	it('accepts nothing from a request whose every line is bad, and says why for each', async () => {
		const before = await countPendingEvents(t.database.db);
		const result = await acceptEvents(t.database.db, decodeNdjson('[1,2]\n"text"\n{}'), 'test');
		expect(result.accepted).toBe(0);
		expect(result.rejected.map((r) => r.line)).toEqual([1, 2, 3]);
		expect(await countPendingEvents(t.database.db)).toBe(before);
	});

	it('keeps the good lines when others hold text or times PostgreSQL would refuse', async () => {
		const body = [
			JSON.stringify(queued('pg-good')),
			JSON.stringify({ ...queued('pg-nul'), queue: 'Support\u0000N1' }),
			JSON.stringify({ ...queued('pg-surrogate'), call: '\ud800' }),
			JSON.stringify({ ...queued('pg-offset'), at: '2026-03-02T08:00:00+20:00' }),
			'xx\u0000yy raw NUL, not JSON',
			'{"id":"broken \ud800'
		].join('\n');
		const result = await acceptEvents(t.database.db, decodeNdjson(body), 'pg-limits');
		expect(result.accepted).toBe(1);
		expect(result.rejected.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
		const kept = await t.database.db
			.selectFrom('dead_letters')
			.select('raw')
			.where('source', '=', 'pg-limits')
			.execute();
		expect(kept).toHaveLength(5);
	});
});
