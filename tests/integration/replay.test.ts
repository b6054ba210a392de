/**
 * Replay (contract §3): the figures rebuilt for a past instant from the stored legs and agent states are the
 * figures the live screens were given at that instant. "Then" is made real: only the events stamped up to the
 * instant are ingested and applied, and the live reads run; the rest of the day follows, and the replay reads
 * the same instant back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDayOf } from '../../src/lib/domain/business-day.ts';
import { DEFAULT_MAX_STATE_H, DEFAULT_MAX_WAIT_H } from '../../src/lib/domain/live-bounds.ts';
import type { VigieEvent } from '../../src/lib/domain/event.ts';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { readLiveInputs, readStaffingInputs } from '../../src/lib/server/live/figure-reads.ts';
import { buildLiveFigures, type LiveFigures } from '../../src/lib/server/live/live-figures.ts';
import { readInputsAsOf } from '../../src/lib/server/live/replay-reads.ts';
import { readQueueThresholds } from '../../src/lib/server/wall-config/queue-thresholds.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { createTestDatabase, DATABASE_KINDS, resetData, type TestDatabase } from '../support/databases.ts';
import { simulatedTraffic } from '../support/traffic.ts';

const ZONE = 'Europe/Paris';
const LIMITS = { maxWaitHours: DEFAULT_MAX_WAIT_H, maxStateHours: DEFAULT_MAX_STATE_H };
/** Instants of a weekday (UTC): early, the morning peak on the hour, a second in a quarter, late. */
const INSTANTS = ['2026-03-02T06:30:00Z', '2026-03-02T09:00:00Z', '2026-03-02T10:07:13.500Z', '2026-03-02T12:59:59Z'];

async function ingest(t: TestDatabase, events: VigieEvent[]) {
	for (let i = 0; i < events.length; i += 1000)
		await acceptEvents(t.database.db, itemsFromValues(events.slice(i, i + 1000)), 'test');
	while ((await applyPendingBatch(t.database.db, 500)) > 0);
}

/** The figures as the screens get them, as plain data. */
const shown = (figures: LiveFigures) => ({
	queues: [...figures.queues.values()],
	agents: [...figures.agents.values()].sort((a, b) => a.agent.localeCompare(b.agent)),
	intervals: [...figures.intervals.values()]
});

describe.each(DATABASE_KINDS)('replay of a past instant on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => (t = await createTestDatabase(kind)));
	afterAll(() => t?.dispose());

	it('rebuilds, once the day is over, the figures the live reads gave at each instant', async () => {
		await resetData(t.database);
		const events = simulatedTraffic('2026-03-02T05:00:00Z', '2026-03-02T14:00:00Z');
		const db = t.database.db;
		const live: ReturnType<typeof shown>[] = [];
		let fed = 0;
		for (const instant of INSTANTS) {
			const at = new Date(instant);
			const upTo = events.filter((e) => Date.parse(e.at) <= at.getTime());
			await ingest(t, upTo.slice(fed));
			fed = upTo.length;
			const day = businessDayOf(at, ZONE, 0);
			const inputs = await readLiveInputs(db, day, at, LIMITS);
			inputs.staffing = await readStaffingInputs(db, at);
			const figures = buildLiveFigures(day, inputs, await readQueueThresholds(db));
			// The instant is not trivial: calls wait, agents are not ready, the day has counted calls.
			if (instant !== INSTANTS[0]) {
				expect([...figures.queues.values()].some((q) => q.waiting > 0 && q.answered > 0)).toBe(true);
				expect([...figures.agents.values()].some((a) => (a.notReadyTodayMs ?? 0) > 0)).toBe(true);
			}
			live.push(shown(figures));
		}
		await ingest(t, events.slice(fed));

		for (const [i, instant] of INSTANTS.entries()) {
			const at = new Date(instant);
			const day = businessDayOf(at, ZONE, 0);
			const replayed = buildLiveFigures(day, await readInputsAsOf(db, day, at, LIMITS), await readQueueThresholds(db));
			expect(shown(replayed), instant).toEqual(live[i]);
		}
	});
});
