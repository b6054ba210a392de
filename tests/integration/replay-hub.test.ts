/**
 * Replay on the live hub (contract §3): a screen attached with a past instant gets that instant's figures, moving
 * at its speed (or held at speed 0), and never the live figures the other screens get.
 */
import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { businessDayOf } from '../../src/lib/domain/business-day.ts';
import type { ServerMessage } from '../../src/lib/protocol.ts';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { LiveHub } from '../../src/lib/server/live/hub.ts';
import { buildLiveFigures } from '../../src/lib/server/live/live-figures.ts';
import { readInputsAsOf } from '../../src/lib/server/live/replay-reads.ts';
import { readQueueThresholds } from '../../src/lib/server/wall-config/queue-thresholds.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { simulatedTraffic } from '../support/traffic.ts';
import { waitFor } from '../support/wait.ts';

/** A screen's socket as the hub sees it, keeping what it was sent. */
class ScreenSocket extends EventEmitter {
	readonly OPEN = 1;
	readyState = 1;
	bufferedAmount = 0;
	readonly received: ServerMessage[] = [];
	send(text: string) {
		this.received.push(JSON.parse(text) as ServerMessage);
	}
	ping() {
		queueMicrotask(() => this.emit('pong'));
	}
	close() {
		this.readyState = 3;
	}
	terminate() {
		this.readyState = 3;
	}
	/** The instants its replay messages were of. */
	instants(): string[] {
		return this.received.flatMap((m) =>
			m.type === 'snapshot' && m.replay ? [m.replay.at] : m.type === 'changes' && m.replayAt ? [m.replayAt] : []
		);
	}
}

const ZONE = 'Europe/Paris';
const AT = new Date('2026-03-02T08:00:00Z');

describe('replay on the live hub (pglite)', () => {
	let t: TestDatabase;
	let hub: LiveHub;
	const apply = async (events: object[]) => {
		await acceptEvents(t.database.db, itemsFromValues(events), 'test');
		while ((await applyPendingBatch(t.database.db, 1000)) > 0);
	};
	beforeAll(async () => {
		t = await createTestDatabase('pglite');
		await apply(simulatedTraffic('2026-03-02T05:00:00Z', '2026-03-02T10:00:00Z'));
		hub = new LiveHub(t.database, pino({ level: 'silent' }), { timezone: ZONE, dayStartMinutes: 0 });
		await hub.start();
	});
	afterAll(async () => {
		await hub?.stop();
		await t?.dispose();
	});

	it('sends the past instant’s figures, moving at its speed, and none of the live ones', async () => {
		const live = new ScreenSocket();
		const replay = new ScreenSocket();
		const held = new ScreenSocket();
		hub.attach(live as unknown as WebSocket, 'default');
		hub.attach(replay as unknown as WebSocket, 'default', { at: AT, speed: 60 });
		hub.attach(held as unknown as WebSocket, 'default', { at: AT, speed: 0 });
		await waitFor(
			'the replays’ first pictures',
			() => replay.received.some((m) => m.type === 'snapshot') && held.received.some((m) => m.type === 'snapshot'),
			10_000
		);

		// The first picture is the instant's figures, as the live figures' code builds them.
		const snapshot = replay.received.find((m) => m.type === 'snapshot')!;
		expect(snapshot.type === 'snapshot' && snapshot.replay).toEqual({ at: '2026-03-02T09:00:00+01:00', speed: 60 });
		const day = businessDayOf(AT, ZONE, 0);
		const expected = buildLiveFigures(
			day,
			await readInputsAsOf(t.database.db, day, AT, { maxWaitHours: 4, maxStateHours: 12 }),
			await readQueueThresholds(t.database.db)
		);
		if (snapshot.type !== 'snapshot') throw new Error('no snapshot');
		expect(snapshot.queues.length).toBeGreaterThan(0);
		expect(snapshot.queues).toEqual([...expected.queues.values()]);
		expect(snapshot.ticker).toEqual([]);

		// Live traffic now: the live screen hears of it, the replays do not.
		await apply([{ id: 'now/1', type: 'call.queued', at: new Date().toISOString(), call: 'now1', queue: 'Live only' }]);
		hub.scheduleRefresh();
		await waitFor('the live change', () =>
			live.received.some((m) => m.type === 'changes' && m.queues.some((q) => q.queue === 'Live only'))
		);
		// About three steps of a minute each.
		await waitFor('three steps of the replay', () => replay.instants().length >= 4, 15_000);
		for (const socket of [replay, held])
			expect(
				socket.received.some(
					(m) =>
						(m.type === 'changes' || m.type === 'snapshot') &&
						m.queues.some((q) => q.queue === 'Live only' && q.waiting > 0)
				)
			).toBe(false);
		const instants = replay.instants().map((at) => Date.parse(at));
		for (let i = 1; i < instants.length; i++) expect(instants[i]! - instants[i - 1]!).toBeGreaterThanOrEqual(55_000);
		expect(new Set(held.instants())).toEqual(new Set(['2026-03-02T09:00:00+01:00']));

		// A replay screen that closes stops its reads.
		replay.emit('close');
		const count = replay.received.length;
		await new Promise((resolve) => setTimeout(resolve, 2500));
		expect(replay.received.length).toBe(count);
	});
});
