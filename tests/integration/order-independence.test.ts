import { text } from 'node:stream/consumers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VigieEvent } from '../../src/lib/domain/event.ts';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { parseExportRequest } from '../../src/lib/server/reports/export-request.ts';
import { EXPORTS, exportCsv, type ExportName } from '../../src/lib/server/reports/exports.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { createTestDatabase, DATABASE_KINDS, resetData, type TestDatabase } from '../support/databases.ts';

const START = Date.parse('2026-03-02T07:50:00Z');
const at = (offsetS: number) => new Date(START + offsetS * 1000).toISOString();

/** Random calls across two queues, some overflowing, some with a missing `call.queued` or a late end. */
const callArb = fc.record({
	queue: fc.constantFrom('Support N1', 'Support N2'),
	queuedS: fc.integer({ min: 0, max: 3 * 3600 }),
	outcome: fc.constantFrom('answered', 'abandoned', 'dequeued', 'waiting'),
	waitS: fc.integer({ min: 0, max: 200 }),
	talkS: fc.option(fc.integer({ min: 1, max: 1800 })),
	agent: fc.constantFrom('alice', 'bob', 'chloé'),
	// Nine calls in ten have their `call.queued`; the others are answered or ended with no known queueing.
	queuedKnown: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
	// A connector resending the queueing under another id, a little later: the first one counts.
	resentAfterS: fc.option(fc.integer({ min: 1, max: 900 }))
});
const stateArb = fc.record({
	agent: fc.constantFrom('alice', 'bob', 'chloé'),
	atS: fc.integer({ min: 0, max: 3 * 3600 }),
	state: fc.constantFrom('logged_out', 'not_ready', 'ready', 'reserved', 'talking', 'work'),
	reason: fc.constantFrom(undefined, 'Pause', 'Réunion')
});

type CallSpec = typeof callArb extends fc.Arbitrary<infer T> ? T : never;
type StateSpec = typeof stateArb extends fc.Arbitrary<infer T> ? T : never;

function eventsOf(calls: CallSpec[], states: StateSpec[]): VigieEvent[] {
	const events: VigieEvent[] = [];
	calls.forEach((c, i) => {
		const call = `c${i}`;
		const base = { call, queue: c.queue };
		if (c.queuedKnown) events.push({ id: `${call}-q`, type: 'call.queued', at: at(c.queuedS), ...base });
		if (c.queuedKnown && c.resentAfterS !== null) {
			events.push({ id: `${call}-q2`, type: 'call.queued', at: at(c.queuedS + c.resentAfterS), ...base });
		}
		const outcomeAt = at(c.queuedS + c.waitS);
		if (c.outcome === 'answered') {
			events.push({ id: `${call}-a`, type: 'call.answered', at: outcomeAt, agent: c.agent, ...base });
			if (c.talkS !== null)
				events.push({
					id: `${call}-e`,
					type: 'call.ended',
					at: at(c.queuedS + c.waitS + c.talkS),
					agent: c.agent,
					...base
				});
		} else if (c.outcome === 'abandoned') {
			events.push({ id: `${call}-x`, type: 'call.abandoned', at: outcomeAt, ...base });
		} else if (c.outcome === 'dequeued') {
			events.push({ id: `${call}-d`, type: 'call.dequeued', at: outcomeAt, ...base });
		}
	});
	states.forEach((s, i) => {
		events.push({
			id: `s${i}`,
			type: 'agent.state',
			at: at(s.atS),
			agent: s.agent,
			state: s.state as never,
			...(s.reason ? { reason: s.reason } : {})
		});
	});
	return events;
}

async function exportsOf(t: TestDatabase): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const interval of ['15', '60']) {
		const request = parseExportRequest(
			new URLSearchParams({ from: '2026-03-02', to: '2026-03-02', interval }),
			'Europe/Paris'
		);
		for (const name of Object.keys(EXPORTS) as ExportName[])
			out[`${name}-${interval}`] = await text(exportCsv(t.database.db, name, request));
	}
	return out;
}

async function ingest(t: TestDatabase, lines: object[], requestSize: number, batchSize: number) {
	for (let i = 0; i < lines.length; i += requestSize) {
		await acceptEvents(t.database.db, itemsFromValues(lines.slice(i, i + requestSize)), 'test');
		while ((await applyPendingBatch(t.database.db, batchSize)) > 0);
	}
}

describe.each(DATABASE_KINDS)('order independence on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => (t = await createTestDatabase(kind)));
	afterAll(() => t?.dispose());

	it('any order, duplication and batching gives the figures of the same traffic applied once in order', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(callArb, { maxLength: 30 }),
				fc.array(stateArb, { maxLength: 25 }),
				fc.array(fc.nat(), { minLength: 1 }),
				fc.integer({ min: 1, max: 20 }),
				fc.integer({ min: 1, max: 15 }),
				async (calls, states, shuffleKeys, requestSize, batchSize) => {
					const events = eventsOf(calls, states);
					await resetData(t.database);
					await ingest(
						t,
						[...events].sort((a, b) => a.at.localeCompare(b.at)),
						1000,
						1000
					);
					const inOrder = await exportsOf(t);

					// Shuffled by random keys, with every third event sent twice.
					const keyed = [...events, ...events.filter((_, i) => i % 3 === 0)].map((e, i) => ({
						e,
						k: shuffleKeys[i % shuffleKeys.length]! * 7919 + i
					}));
					keyed.sort((a, b) => (a.k % 1009) - (b.k % 1009) || a.k - b.k);
					await resetData(t.database);
					await ingest(
						t,
						keyed.map((x) => x.e),
						requestSize,
						batchSize
					);
					expect(await exportsOf(t)).toEqual(inOrder);

					// Sending everything again changes nothing.
					await ingest(t, events, 1000, 1000);
					expect(await exportsOf(t)).toEqual(inOrder);
				}
			),
			{ numRuns: 25 }
		);
		// Some hundreds of small transactions: 20–30 s on a quiet machine, several times that on a busy one.
	}, 180_000);
});
