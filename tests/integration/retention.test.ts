import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RetentionDays } from '../../src/lib/domain/retention.ts';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { abandonedCallsReport } from '../../src/lib/server/reports/abandoned-calls.ts';
import { agentStateReport } from '../../src/lib/server/reports/agent-reports.ts';
import { queueDailyReport } from '../../src/lib/server/reports/queue-reports.ts';
import { parseReportRequest } from '../../src/lib/server/reports/report-request.ts';
import { purgeExpired } from '../../src/lib/server/retention/purge.ts';
import { readReadiness } from '../../src/lib/server/health.ts';
import { changeQueueSettings, QueueSettingsError } from '../../src/lib/server/aggregates/queue-settings.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';
import type { CanonicalEvent } from '../support/events.ts';

const ZONE = 'Europe/Paris';
const QUEUE = 'Support N1';
/** Callers' numbers 10 days, agent detail 20, raw events 30. */
const DAYS: RetentionDays = { events: 30, agent_detail: 20, callers: 10 };
const today = DateTime.now().setZone(ZONE).startOf('day');
/** Three days of one answered and one abandoned call each: past every period, past two of them, and recent. */
const OLD = today.minus({ days: 60 });
const MIDDLE = today.minus({ days: 15 });
const RECENT = today.minus({ days: 1 });

function dayOfCalls(day: DateTime, tag: string, agent: string): CanonicalEvent[] {
	const at = (minutes: number) => day.set({ hour: 10 }).plus({ minutes }).toUTC().toISO()!;
	return [
		{ id: `${tag}-in`, type: 'agent.state', at: at(0), agent, state: 'ready', queues: [QUEUE] },
		{ id: `${tag}-1q`, type: 'call.queued', at: at(1), call: `${tag}-1`, queue: QUEUE, caller: '01 99 00 00 01' },
		{ id: `${tag}-1a`, type: 'call.answered', at: at(2), call: `${tag}-1`, queue: QUEUE, agent },
		{ id: `${tag}-1e`, type: 'call.ended', at: at(6), call: `${tag}-1`, queue: QUEUE, agent },
		{ id: `${tag}-2q`, type: 'call.queued', at: at(7), call: `${tag}-2`, queue: QUEUE, caller: '01 99 00 00 02' },
		{ id: `${tag}-2x`, type: 'call.abandoned', at: at(8), call: `${tag}-2`, queue: QUEUE },
		{ id: `${tag}-out`, type: 'agent.state', at: at(30), agent, state: 'logged_out' }
	];
}

describe.each(DATABASE_KINDS)('retention purge, on %s', (kind) => {
	let t: TestDatabase;
	const db = () => t.database.db;
	const ingest = async (events: CanonicalEvent[]) => {
		const result = await acceptEvents(db(), itemsFromValues(events), 'test');
		while ((await applyPendingBatch(db(), 500)) > 0);
		return result;
	};
	const request = (day: DateTime) =>
		parseReportRequest(new URLSearchParams({ from: day.toISODate()!, to: day.toISODate()! }), ZONE, ['day']);
	const count = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(db())).rows[0]!.n;
	const legsOn = (day: DateTime) =>
		count(sql<{ n: number }>`SELECT count(*)::int AS n FROM call_legs
			WHERE queued_at >= ${day.toJSDate()} AND queued_at < ${day.plus({ days: 1 }).toJSDate()}`);

	beforeAll(async () => {
		t = await createTestDatabase(kind);
		await ingest([
			...dayOfCalls(OLD, 'old', 'alice'),
			...dayOfCalls(MIDDLE, 'middle', 'bob'),
			...dayOfCalls(RECENT, 'recent', 'carol')
		]);
		// A bad line of long ago and one of today: dead letters go with the shortest period (callers, 10 days).
		await acceptEvents(db(), itemsFromValues([{ id: 'bad-today', type: 'call.teleported' }]), 'test');
		await sql`INSERT INTO dead_letters (source, raw, error, received_at)
			VALUES ('test', '{"caller":"01 99 00 00 09"}', 'old', ${OLD.toJSDate()})`.execute(db());
	});
	afterAll(() => t?.dispose());

	it('counts what would go without changing anything (dry run)', async () => {
		const dry = await purgeExpired(db(), { days: DAYS, zone: ZONE, dryRun: true });
		expect(dry.rows).toEqual({
			// The old day's 7 events, its 2 legs and 2 agent states.
			events: 7,
			call_legs: 2,
			agent_states: 2,
			// The old day's agent figures: ready, talking… per quarter hour; one answered call.
			agent_state_intervals: expect.any(Number),
			agent_answer_intervals: 1,
			// Legs kept but older than the agent period: none (20 days keeps the middle day's).
			call_agents: 0,
			agent_directory: 0,
			// The middle day's two numbers (the old day's go with its legs).
			callers: 2,
			dead_letters: 1
		});
		expect(dry.rows.agent_state_intervals).toBeGreaterThan(0);
		expect(await legsOn(OLD)).toBe(2);
		expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM retention_horizons`)).toBe(0);
		// Supervision (vigie check retention) sees that no purge has run yet.
		expect((await readReadiness(db())).lastPurgeAgeS).toBeNull();
	});

	it('purges raw events, agent detail and callers’ numbers past their periods, and keeps the queue figures', async () => {
		const before = await queueDailyReport(db(), request(OLD));
		const report = await purgeExpired(db(), { days: DAYS, zone: ZONE, batchSize: 2 });
		expect(report.rows).toMatchObject({ events: 7, call_legs: 2, agent_states: 2, callers: 2, dead_letters: 1 });
		expect(report.batches).toBeGreaterThan(8);
		const age = (await readReadiness(db())).lastPurgeAgeS;
		expect(age).not.toBeNull();
		expect(age!).toBeLessThan(60);

		// The queue figures of the old day stay as they were.
		const after = await queueDailyReport(db(), request(OLD));
		expect(after.queues).toEqual(before.queues);
		expect(after.queues[0]).toMatchObject({ offered: 2, answered: 1, abandoned: 1 });
		// Its calls, its agents and its events are gone.
		expect(await legsOn(OLD)).toBe(0);
		expect((await agentStateReport(db(), request(OLD))).agents).toEqual([]);
		expect(await abandonedCallsReport(db(), request(OLD))).toEqual([]);
		expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM events WHERE id LIKE 'old-%'`)).toBe(0);
		// The middle day keeps its calls and agents, without the callers' numbers.
		expect((await abandonedCallsReport(db(), request(MIDDLE))).map((c) => c.caller)).toEqual([null]);
		expect((await agentStateReport(db(), request(MIDDLE))).agents.map((a) => a.agent)).toEqual(['bob']);
		// Yesterday keeps everything.
		expect((await abandonedCallsReport(db(), request(RECENT))).map((c) => c.caller)).toEqual(['01 99 00 00 02']);
		// Today's dead letter stays, the old one is gone.
		const letters = await db().selectFrom('dead_letters').select('raw').execute();
		expect(letters.map((l) => l.raw)).toEqual([expect.stringContaining('bad-today')]);
	});

	it('forgets the name and team of an agent with nothing newer than the agent period', async () => {
		const longAgo = OLD.toJSDate();
		await db()
			.insertInto('agent_directory')
			.values([
				{ agent: 'alice', display_name: 'Alice A.', team: 'Rennes', source: 'test', updated_at: longAgo },
				{ agent: 'carol', display_name: 'Carol C.', team: 'Rennes', source: 'test', updated_at: longAgo }
			])
			.execute();
		const report = await purgeExpired(db(), { days: DAYS, zone: ZONE });
		expect(report.rows.agent_directory).toBe(1);
		const left = await db().selectFrom('agent_directory').select('agent').execute();
		// carol worked yesterday: still named on the screens.
		expect(left.map((r) => r.agent)).toEqual(['carol']);
	});

	it('takes up where the last purge stopped: a second purge finds nothing', async () => {
		const again = await purgeExpired(db(), { days: DAYS, zone: ZONE });
		expect(Object.values(again.rows).every((n) => n === 0)).toBe(true);
	});

	it('sets aside an event that arrives late for a purged day, instead of rebuilding its figures from it', async () => {
		const late = dayOfCalls(OLD, 'late', 'alice').slice(1, 3);
		const result = await ingest(late);
		expect(result.accepted).toBe(2);
		// The old day's figures are final.
		expect((await queueDailyReport(db(), request(OLD))).queues[0]).toMatchObject({ offered: 2, answered: 1 });
		expect(await legsOn(OLD)).toBe(0);
		const setAside = await db()
			.selectFrom('dead_letters')
			.select(['raw', 'error'])
			.where('source', '=', 'retention')
			.execute();
		expect(setAside).toHaveLength(2);
		expect(setAside[0]!.error).toMatch(/^older than the retention period/);
		// Neither the caller's number nor the event stays: the ledger forgets it.
		expect(setAside.map((l) => l.raw).join()).not.toContain('01 99');
		expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM events WHERE id LIKE 'late-%'`)).toBe(0);
	});

	it('drops the caller’s number of a late call older than the callers’ period, and applies the call', async () => {
		await ingest(dayOfCalls(MIDDLE, 'middle-late', 'bob').slice(4, 6));
		const abandoned = await abandonedCallsReport(db(), request(MIDDLE));
		expect(abandoned.map((c) => c.caller)).toEqual([null, null]);
	});

	it('refuses to compute again the figures of days whose calls are purged', async () => {
		const change = changeQueueSettings(db(), {
			queue: QUEUE,
			changes: { slThresholdS: 30 },
			effectiveFrom: OLD.toJSDate(),
			recomputePast: true
		});
		await expect(change).rejects.toBeInstanceOf(QueueSettingsError);
		await expect(change).rejects.toMatchObject({ code: 'beforeRetention' });
		// From the middle day on, the calls are there: it is allowed, and the old day keeps its threshold.
		await changeQueueSettings(db(), {
			queue: QUEUE,
			changes: { slThresholdS: 30 },
			effectiveFrom: MIDDLE.toJSDate(),
			recomputePast: true
		});
		expect((await queueDailyReport(db(), request(OLD))).queues[0]!.slThresholdS).toBe(20);
		expect((await queueDailyReport(db(), request(MIDDLE))).queues[0]!.slThresholdS).toBe(30);
	});
});
