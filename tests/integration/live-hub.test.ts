import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { WebSocket } from 'ws';
import { figuresByQuarter, addQuarterFigures, NO_QUARTER_FIGURES } from '../../src/lib/components/wall/intraday.ts';
import { dayQuarters } from '../../src/lib/domain/day-quarters.ts';
import { liveServiceLevels } from '../../src/lib/domain/metrics.ts';
import type { IntervalFigures, QueueFigures, ServerMessage } from '../../src/lib/protocol.ts';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { LiveHub } from '../../src/lib/server/live/hub.ts';
import type { QueueSnapshot } from '../../src/lib/server/live/live-figures.ts';
import { readAgentFigures } from '../../src/lib/server/live/figure-reads.ts';
import { saveQueueThreshold } from '../../src/lib/server/wall-config/queue-thresholds.ts';
import { saveScreen } from '../../src/lib/server/wall-config/screens.ts';
import { addTickerMessage } from '../../src/lib/server/wall-config/ticker.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';
import { adminQuery } from '../support/postgres.ts';
import { waitFor } from '../support/wait.ts';
import { openDatabase, type VigieDatabase } from '../../src/lib/server/db/database.ts';
import { STALE_AFTER_MS } from '../../src/lib/protocol.ts';

/** A screen's socket as the hub sees it, keeping what it was sent. */
class ScreenSocket extends EventEmitter {
	readonly OPEN = 1;
	readyState = 1;
	bufferedAmount = 0;
	readonly received: ServerMessage[] = [];
	readonly receivedAt: number[] = [];
	send(text: string) {
		this.received.push(JSON.parse(text) as ServerMessage);
		this.receivedAt.push(performance.now());
	}
	/** A live screen answers pings; one that did not would be cut off by the hub. */
	ping() {
		queueMicrotask(() => this.emit('pong'));
	}
	close() {
		this.readyState = 3;
	}
	terminate() {
		this.readyState = 3;
	}
	/** The screen's view of one queue, from the last snapshot and the changes after it. */
	queue(name: string): QueueFigures | undefined {
		let figures: QueueFigures | undefined;
		for (const m of this.received) {
			if (m.type === 'snapshot' || m.type === 'changes') figures = m.queues.find((q) => q.queue === name) ?? figures;
		}
		return figures;
	}
	/** The screen's interval rows of one queue, from the last snapshot and the changes after it. */
	intervals(queue: string): IntervalFigures[] {
		let rows = new Map<string, IntervalFigures>();
		for (const m of this.received) {
			if (m.type === 'snapshot') rows = new Map();
			if (m.type === 'snapshot' || m.type === 'changes')
				for (const row of m.intervals) if (row.queue === queue) rows.set(row.periodStart, row);
		}
		return [...rows.values()];
	}
}

const now = () => new Date().toISOString();

describe.each(DATABASE_KINDS)('live hub on %s', (kind) => {
	let t: TestDatabase;
	let hub: LiveHub;
	beforeAll(async () => {
		t = await createTestDatabase(kind);
		hub = new LiveHub(t.database, pino({ level: 'silent' }), { timezone: 'Europe/Paris', dayStartMinutes: 0 });
		await hub.start();
	});
	afterAll(async () => {
		await hub?.stop();
		await t?.dispose();
	});

	const apply = async (events: object[]) => {
		await acceptEvents(t.database.db, itemsFromValues(events), 'test');
		await applyPendingBatch(t.database.db, 1000);
	};

	it("pushes today's figures to each screen, filtered by the screen's queues", async () => {
		await saveScreen(t.database.db, {
			name: 'sales',
			title: null,
			layout: 'queues',
			queues: ['Ventes'],
			rotation: [],
			team: null,
			rotateEverySeconds: 20
		});
		const everything = new ScreenSocket();
		const sales = new ScreenSocket();
		hub.attach(everything as unknown as WebSocket, 'default');
		hub.attach(sales as unknown as WebSocket, 'sales');
		await waitFor('the snapshots', async () => sales.received.some((m) => m.type === 'snapshot'));

		await apply([
			{ id: 'q1', type: 'call.queued', at: now(), call: 'c1', queue: 'Ventes' },
			{ id: 'q2', type: 'call.queued', at: now(), call: 'c2', queue: 'Support' },
			{ id: 'a2', type: 'call.answered', at: now(), call: 'c2', queue: 'Support', agent: 'alice' },
			{ id: 's1', type: 'agent.state', at: now(), agent: 'alice', state: 'talking', queues: ['Support'] },
			{ id: 's2', type: 'agent.state', at: now(), agent: 'bruno', state: 'ready', queues: ['Ventes'] }
		]);
		await waitFor('the change', async () => everything.queue('Support')?.answered === 1);
		await waitFor('the change on the sales screen', async () => sales.queue('Ventes')?.waiting === 1);

		expect(everything.queue('Support')).toMatchObject({ offered: 1, answered: 1, waiting: 0, serviceLevelPct: 100 });
		expect(everything.queue('Support')!.agents).toMatchObject({ loggedIn: 1, talking: 1 });
		expect(sales.queue('Ventes')!.agents).toMatchObject({ loggedIn: 1, ready: 1 });
		// Nothing of another queue reaches the sales screen: no figure, no agent, no interval.
		const salesText = JSON.stringify(sales.received);
		expect(salesText).not.toContain('Support');
		expect(salesText).not.toContain('alice');
		// A call waiting within the threshold is in no service-level denominator yet.
		expect(sales.queue('Ventes')!.serviceLevelPct).toBeNull();
	});

	it("leaves a call waiting within the threshold out of its quarter's service level, as out of the tile's", async () => {
		const screen = new ScreenSocket();
		hub.attach(screen as unknown as WebSocket, 'default');
		const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
		const justQueuedAt = new Date();
		await apply([
			// Answered within the default 20 s threshold.
			{ id: 'g1q', type: 'call.queued', at: ago(10), call: 'g1', queue: 'Graphes' },
			{ id: 'g1a', type: 'call.answered', at: now(), call: 'g1', queue: 'Graphes', agent: 'alice' },
			// Waiting past the threshold: in the denominator already.
			{ id: 'g2q', type: 'call.queued', at: ago(25), call: 'g2', queue: 'Graphes' },
			// Just queued: in no denominator yet.
			{ id: 'g3q', type: 'call.queued', at: justQueuedAt.toISOString(), call: 'g3', queue: 'Graphes' }
		]);
		await waitFor('the figures', async () => screen.queue('Graphes')?.offered === 3);
		expect(screen.queue('Graphes')!.serviceLevelPct).toBe(50);

		// Quarters are cut from a UTC origin; every real zone's offset is a multiple of 15 minutes.
		const quarterOf = (at: Date) => new Date(Math.floor(at.getTime() / 900_000) * 900_000).toISOString();
		const rows = screen.intervals('Graphes');
		expect(rows.find((row) => row.periodStart === quarterOf(justQueuedAt))!.waitingWithinSl).toBe(1);
		expect(rows.reduce((sum, row) => sum + row.waitingWithinSl, 0)).toBe(1);

		// The charts add the quarters up to the tile's figure.
		const snapshot = screen.received.find((m) => m.type === 'snapshot')!;
		if (snapshot.type !== 'snapshot') throw new Error('no snapshot');
		const day = dayQuarters(new Date(snapshot.dayStart), new Date(snapshot.dayEnd), snapshot.timezone);
		expect([92, 96, 100]).toContain(day.length);
		const quarters = figuresByQuarter(rows, day[0]!.start, day.length);
		const total = quarters.reduce(addQuarterFigures, NO_QUARTER_FIGURES);
		expect(liveServiceLevels(total.counters, total.waitingWithinSl).sl_abandon_negative_pct).toBe(50);
		const justQueuedQuarter = quarters.find((q) => q.waitingWithinSl > 0)!;
		expect(justQueuedQuarter.counters.offered).toBeGreaterThanOrEqual(1);
	});

	it('follows a burst of batches to the last one, in fewer messages than batches when they pile up', async () => {
		const screen = new ScreenSocket();
		hub.attach(screen as unknown as WebSocket, 'default');
		await waitFor('the snapshot', async () => screen.received.some((m) => m.type === 'snapshot'));
		const from = screen.received.length;
		// Forty batches back to back: reads never overlap, so changes arriving during one read share the next.
		for (let i = 0; i < 40; i++) {
			await apply([{ id: `burst${i}`, type: 'call.queued', at: now(), call: `burst${i}`, queue: 'Rafale' }]);
		}
		await waitFor('the last change', async () => screen.queue('Rafale')?.waiting === 40);
		const changes = screen.received.slice(from).filter((m) => m.type === 'changes');
		expect(changes.length).toBeGreaterThan(0);
		expect(changes.length).toBeLessThanOrEqual(40);
	});

	it('sends every screen a fresh snapshot when thresholds change', async () => {
		const screen = new ScreenSocket();
		hub.attach(screen as unknown as WebSocket, 'default');
		await saveQueueThreshold(t.database.db, 'Ventes', 'waiting', { warn: 1, alarm: 2 });
		await waitFor('the new thresholds', async () => screen.queue('Ventes')?.thresholds.waiting.alarm === 2);
	});

	it("reads each agent's latest state, ignoring those logged out", async () => {
		await apply([
			{ id: 's3', type: 'agent.state', at: '2026-01-01T08:00:00Z', agent: 'chloe', state: 'ready' },
			{ id: 's4', type: 'agent.state', at: '2026-01-01T09:00:00Z', agent: 'chloe', state: 'logged_out' },
			// Late and out of order: still older than bruno's latest state.
			{ id: 's5', type: 'agent.state', at: '2026-01-01T07:00:00Z', agent: 'bruno', state: 'not_ready' }
		]);
		const agents = await readAgentFigures(t.database.db, new Date(), 12);
		expect(agents.map((a) => [a.agent, a.state])).toEqual([
			['alice', 'talking'],
			['bruno', 'ready']
		]);
	});
});

describe('live hub: what stays open too long leaves the live figures (pglite)', () => {
	let t: TestDatabase;
	let hub: LiveHub;
	beforeAll(async () => {
		t = await createTestDatabase('pglite');
		hub = new LiveHub(t.database, pino({ level: 'silent' }), {
			timezone: 'Europe/Paris',
			dayStartMinutes: 0,
			maxWaitHours: 4,
			maxStateHours: 12
		});
		await hub.start();
	});
	afterAll(async () => {
		await hub?.stop();
		await t?.dispose();
	});
	const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

	it('a call whose outcome never came stops waiting after VIGIE_MAX_WAIT_H, and is no abandon', async () => {
		await acceptEvents(
			t.database.db,
			itemsFromValues([
				// The March call that showed as waiting 6487:23:37.
				{ id: 'old1', type: 'call.queued', at: '2026-03-02T08:00:00Z', call: 'old1', queue: 'Perdus' },
				{ id: 'old2', type: 'call.queued', at: hoursAgo(5), call: 'old2', queue: 'Perdus' },
				{ id: 'new1', type: 'call.queued', at: hoursAgo(3), call: 'new1', queue: 'Perdus' },
				{ id: 'new2', type: 'call.queued', at: now(), call: 'new2', queue: 'Perdus' }
			]),
			'test'
		);
		await applyPendingBatch(t.database.db, 1000);
		const screen = new ScreenSocket();
		hub.attach(screen as unknown as WebSocket, 'default');
		await waitFor('the queue', async () => screen.queue('Perdus') !== undefined);
		const perdus = screen.queue('Perdus')!;
		expect(perdus.waiting).toBe(2);
		// The longest wait is that of the call queued three hours ago, not of the lost ones.
		expect(Math.round((Date.now() - Date.parse(perdus.oldestWaitingSince!)) / 3_600_000)).toBe(3);
		expect(perdus.abandoned).toBe(0);
	});

	it('an agent whose state stayed open past VIGIE_MAX_STATE_H no longer counts as logged in', async () => {
		await acceptEvents(
			t.database.db,
			itemsFromValues([
				{ id: 'f1', type: 'agent.state', at: hoursAgo(13), agent: 'oubli', state: 'ready', queues: ['Perdus'] },
				{ id: 'f2', type: 'agent.state', at: hoursAgo(11), agent: 'longue', state: 'ready', queues: ['Perdus'] }
			]),
			'test'
		);
		await applyPendingBatch(t.database.db, 1000);
		const screen = new ScreenSocket();
		hub.attach(screen as unknown as WebSocket, 'default');
		await waitFor('the agents', async () => (screen.queue('Perdus')?.agents.loggedIn ?? 0) > 0);
		expect(screen.queue('Perdus')!.agents).toMatchObject({ loggedIn: 1, ready: 1 });
		const agentsSent = screen.received.flatMap((m) =>
			m.type === 'snapshot' || m.type === 'changes' ? m.agents.map((a) => a.agent) : []
		);
		expect(new Set(agentsSent)).toEqual(new Set(['longue']));
	});
});

describe("live hub: an agent's not-ready time today (pglite)", () => {
	let t: TestDatabase;
	let hub: LiveHub;
	beforeAll(async () => {
		t = await createTestDatabase('pglite');
		hub = new LiveHub(t.database, pino({ level: 'silent' }), { timezone: 'UTC', dayStartMinutes: 0 });
		await hub.start();
	});
	afterAll(async () => {
		await hub?.stop();
		await t?.dispose();
	});

	it('sends the closed not-ready time of today, the screen adds the open state up to now', async () => {
		const now = Date.now();
		const midnight = new Date(now);
		midnight.setUTCHours(0, 0, 0, 0);
		// Within the first hour of the UTC day the states below would start yesterday: start them from midnight.
		const base = Math.max(now - 50 * 60_000, midnight.getTime() + 60_000);
		const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
		const state = (id: string, minutes: number, s: string) => ({
			id,
			type: 'agent.state',
			at: at(minutes),
			agent: 'paula',
			state: s,
			reason: s === 'not_ready' ? 'Pause' : undefined,
			queues: ['Pauses']
		});
		await acceptEvents(
			t.database.db,
			itemsFromValues([state('p1', 0, 'not_ready'), state('p2', 0.5, 'ready'), state('p3', 0.75, 'not_ready')]),
			'test'
		);
		await applyPendingBatch(t.database.db, 1000);
		const screen = new ScreenSocket();
		hub.attach(screen as unknown as WebSocket, 'default');
		const paula = () =>
			screen.received
				.flatMap((m) => (m.type === 'snapshot' || m.type === 'changes' ? m.agents : []))
				.findLast((a) => a.agent === 'paula');
		await waitFor('paula', async () => paula()?.state === 'not_ready');
		// The first pause (30 s) is closed; the current one is counted by the screen from its start.
		expect(paula()!.notReadyTodayMs).toBe(30_000);
	});
});

describe('live hub: staffing advice (pglite)', () => {
	let t: TestDatabase;
	let hub: LiveHub;
	beforeAll(async () => {
		t = await createTestDatabase('pglite');
		hub = new LiveHub(t.database, pino({ level: 'silent' }), { timezone: 'Europe/Paris', dayStartMinutes: 0 });
		await hub.start();
	});
	afterAll(async () => {
		await hub?.stop();
		await t?.dispose();
	});

	it('advises the agents Erlang C needs: 100 calls in 30 minutes, 3 minutes each, 80/20 → 14', async () => {
		const at = (ms: number) => new Date(ms).toISOString();
		const start = Date.now() - 1700_000;
		const events: object[] = [];
		for (let i = 0; i < 100; i++) {
			const queued = start + i * 15_000;
			const call = `erl${i}`;
			events.push({ id: `${call}q`, type: 'call.queued', at: at(queued), call, queue: 'Erlang' });
			events.push({
				id: `${call}a`,
				type: 'call.answered',
				at: at(queued + 5000),
				call,
				queue: 'Erlang',
				agent: `a${i}`
			});
			if (i < 40)
				events.push({
					id: `${call}e`,
					type: 'call.ended',
					at: at(queued + 185_000),
					call,
					queue: 'Erlang',
					agent: `a${i}`
				});
		}
		await acceptEvents(t.database.db, itemsFromValues(events), 'test');
		await applyPendingBatch(t.database.db, 1000);
		const screen = new ScreenSocket();
		hub.attach(screen as unknown as WebSocket, 'default');
		await waitFor('the advice', async () => screen.queue('Erlang')?.agentsNeeded === 14, 30_000);
	}, 40_000);
});

describe('live hub: the ticker (pglite)', () => {
	let t: TestDatabase;
	let hub: LiveHub;
	beforeAll(async () => {
		t = await createTestDatabase('pglite');
		hub = new LiveHub(t.database, pino({ level: 'silent' }), { timezone: 'Europe/Paris', dayStartMinutes: 0 });
		await hub.start();
	});
	afterAll(async () => {
		await hub?.stop();
		await t?.dispose();
	});

	it('shows a scheduled message from its start, and urgent messages first', async () => {
		await addTickerMessage(t.database.db, { text: 'Bonjour', screen: null, expiresAt: null });
		await addTickerMessage(t.database.db, {
			text: 'Panne de la messagerie',
			screen: null,
			expiresAt: null,
			startsAt: new Date(Date.now() + 1500),
			urgent: true
		});
		const screen = new ScreenSocket();
		hub.attach(screen as unknown as WebSocket, 'default');
		const ticker = () => {
			const last = screen.received.findLast((m) => m.type === 'snapshot');
			return last?.type === 'snapshot' ? last.ticker : [];
		};
		await waitFor('the ticker', async () => ticker().length > 0);
		expect(ticker()).toEqual([{ text: 'Bonjour', urgent: false }]);
		// Its start comes: every screen gets it at the next reading, first and urgent.
		await waitFor('the scheduled message', async () => ticker().length === 2, 10_000);
		expect(ticker()).toEqual([
			{ text: 'Panne de la messagerie', urgent: true },
			{ text: 'Bonjour', urgent: false }
		]);
	}, 20_000);
});

describe('live hub with a second producer of queue figures (pglite)', () => {
	let t: TestDatabase;
	let hub: LiveHub;
	const snapshots: QueueSnapshot[] = [];
	beforeAll(async () => {
		t = await createTestDatabase('pglite');
		hub = new LiveHub(
			t.database,
			pino({ level: 'silent' }),
			{ timezone: 'Europe/Paris', dayStartMinutes: 0 },
			{ snapshotSources: [{ snapshots: () => snapshots }] }
		);
		await hub.start();
	});
	afterAll(async () => {
		await hub?.stop();
		await t?.dispose();
	});

	it("replaces a queue's fields with the snapshot's, and marks that tile alone stale when its source stops", async () => {
		await acceptEvents(
			t.database.db,
			itemsFromValues([
				{ id: 'r1', type: 'call.queued', at: now(), call: 'r1', queue: 'RTSS' },
				{ id: 'r2', type: 'call.queued', at: now(), call: 'r2', queue: 'Événements' }
			]),
			'test'
		);
		await applyPendingBatch(t.database.db, 1000);
		const screen = new ScreenSocket();
		hub.attach(screen as unknown as WebSocket, 'default');
		await waitFor('both queues', async () => screen.queue('Événements')?.waiting === 1);
		expect(screen.queue('RTSS')).toMatchObject({ waiting: 1, staleSince: null });

		const frozenAt = new Date(Date.now() - 60_000);
		snapshots.push({ queue: 'RTSS', fields: { waiting: 7 }, staleSince: frozenAt });
		hub.scheduleRefresh();
		await waitFor('the snapshot', async () => screen.queue('RTSS')?.waiting === 7);
		expect(screen.queue('RTSS')!.staleSince).toBe(frozenAt.toISOString());
		// Its other figures still come from the events; the other queue is untouched.
		expect(screen.queue('RTSS')!.offered).toBe(1);
		expect(screen.queue('Événements')).toMatchObject({ waiting: 1, staleSince: null });
	});
});

describe('live hub during a database outage (postgres)', () => {
	let t: TestDatabase;
	let hubDatabase: VigieDatabase;
	let hub: LiveHub;
	const HUB_NAME = 'vigie-hub-under-test';
	beforeAll(async () => {
		t = await createTestDatabase('postgres');
		const url = new URL(t.url!);
		url.searchParams.set('application_name', HUB_NAME);
		hubDatabase = await openDatabase({ databaseUrl: url.href, dataDir: '' });
		hub = new LiveHub(hubDatabase, pino({ level: 'silent' }), { timezone: 'Europe/Paris', dayStartMinutes: 0 });
		await hub.start();
	});
	afterAll(async () => {
		await hub?.stop();
		await hubDatabase?.close();
		await t?.dispose();
	});

	it('stops its heartbeats while it cannot read the figures, so screens turn stale, and resumes after', async () => {
		const screen = new ScreenSocket();
		hub.attach(screen as unknown as WebSocket, 'default');
		const heartbeats = () => screen.received.filter((m) => m.type === 'heartbeat').length;
		await waitFor('a first heartbeat', async () => heartbeats() > 0, 10_000);

		const dbName = new URL(t.url!).pathname.slice(1);
		await adminQuery(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
		try {
			await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${HUB_NAME}'`);
			// Past the freshness window, the heartbeats stop: a screen's silence timer then shows it stale.
			await new Promise((resolve) => setTimeout(resolve, 8000));
			const duringOutage = heartbeats();
			await new Promise((resolve) => setTimeout(resolve, STALE_AFTER_MS + 1000));
			expect(heartbeats()).toBe(duringOutage);
		} finally {
			await adminQuery(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
		}
		const afterOutage = heartbeats();
		await waitFor('heartbeats again', async () => heartbeats() > afterOutage, 15_000);
	}, 60_000);
});
