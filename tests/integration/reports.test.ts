import { DateTime } from 'luxon';
import type { ReportInterval } from '../../src/lib/domain/periods.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { abandonedCallsReport } from '../../src/lib/server/reports/abandoned-calls.ts';
import { agentStateReport, notReadyReport } from '../../src/lib/server/reports/agent-reports.ts';
import {
	queueDailyReport,
	queueIntervalReport,
	type QueueReportLine
} from '../../src/lib/server/reports/queue-reports.ts';
import { parseReportRequest } from '../../src/lib/server/reports/report-request.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';
import {
	expectedAbandonedCalls,
	expectedAgentRows,
	expectedQueueRows,
	localPeriodOf,
	type Row
} from '../support/oracle.ts';
import { simulatedTraffic } from '../support/traffic.ts';

const ZONE = 'Europe/Paris';
const DAY = '2026-03-02';

function request(interval: string, extra: Record<string, string> = {}) {
	return parseReportRequest(new URLSearchParams({ from: DAY, to: DAY, interval, ...extra }), ZONE, [
		interval as ReportInterval
	]);
}

/** A report line in the export's column names, so it compares with the oracle's rows. */
function asRow(line: QueueReportLine): Row {
	return {
		period_start: line.period,
		queue: line.queue,
		offered: line.offered,
		answered: line.answered,
		abandoned: line.abandoned,
		short_abandoned: line.shortAbandoned,
		dequeued: line.dequeued,
		answered_within_sl: line.answeredWithinSl,
		abandoned_within_sl: line.abandonedWithinSl,
		sl_threshold_s: line.slThresholdS,
		...line.metrics
	};
}

/** Reports keep full precision: figures agree with the definitions to rounding noise, everything else exactly. */
function expectSame(actual: Row[], expected: Row[]) {
	expect(actual.length).toBe(expected.length);
	actual.forEach((row, i) => {
		const want = expected[i]!;
		for (const [column, wanted] of Object.entries(want)) {
			const value = row[column];
			const where = `row ${i + 1} (${want.period_start} ${want.queue ?? want.agent}), ${column}`;
			if (typeof value === 'number' && typeof wanted === 'number') expect(value, where).toBeCloseTo(wanted, 6);
			else expect(value, where).toEqual(wanted);
		}
	});
}

describe.each(DATABASE_KINDS)('report figures on %s', (kind) => {
	let t: TestDatabase;
	// A weekday morning in Paris, 06:00 to 14:00 local.
	const events = simulatedTraffic('2026-03-02T05:00:00Z', '2026-03-02T13:00:00Z');

	beforeAll(async () => {
		t = await createTestDatabase(kind);
		for (let i = 0; i < events.length; i += 1000) {
			await acceptEvents(t.database.db, itemsFromValues(events.slice(i, i + 1000)), 'test');
			while ((await applyPendingBatch(t.database.db, 500)) > 0);
		}
	});
	afterAll(() => t?.dispose());

	it('queue activity by 15, 30 and 60 minutes is what the definitions give', async () => {
		const db = t.database.db;
		expectSame((await queueIntervalReport(db, request('15'))).lines.map(asRow), expectedQueueRows(events, ZONE));
		const hourly = expectedQueueRows(events, ZONE, 20, 5, localPeriodOf('hour', ZONE));
		expectSame((await queueIntervalReport(db, request('60'))).lines.map(asRow), hourly);
		const halfHour = (ms: number) => Math.floor(ms / 1_800_000) * 1_800_000;
		expectSame(
			(await queueIntervalReport(db, request('30'))).lines.map(asRow),
			expectedQueueRows(events, ZONE, 20, 5, halfHour)
		);
	});

	it('the daily summary per queue, and every queue together, is what the definitions give', async () => {
		const report = await queueDailyReport(t.database.db, request('day'));
		const byDay = expectedQueueRows(events, ZONE, 20, 5, localPeriodOf('day', ZONE));
		expectSame(report.periods.map(asRow), byDay);
		expectSame(
			report.queues.map(asRow),
			byDay.map((row) => ({ ...row, period_start: null }))
		);
		// All queues at once: the oracle with every leg in one queue.
		const oneQueue = events.map((e) => (e.type.startsWith('call.') ? { ...e, queue: 'all' } : e));
		const [all] = expectedQueueRows(oneQueue, ZONE, 20, 5, localPeriodOf('day', ZONE));
		expectSame([asRow(report.total)], [{ ...all!, period_start: null, queue: null, sl_threshold_s: null }]);
	});

	it('the agent state summary, by agent and by interval, is what the definitions give', async () => {
		const expected = expectedAgentRows(events, ZONE);
		const report = await agentStateReport(t.database.db, request('15'));
		const asAgentRow = (l: (typeof report.periods)[number]): Row => ({
			period_start: l.period,
			agent: l.agent,
			logged_in_s: l.loggedInS,
			ready_s: l.readyS,
			not_ready_s: l.notReadyS,
			reserved_s: l.reservedS,
			talking_s: l.talkingS,
			work_s: l.workS,
			answered: l.answered
		});
		expectSame(report.periods.map(asAgentRow), expected.agents);

		// Over the day: the oracle's seconds added up per agent.
		const totals = new Map<string, Row>();
		for (const row of expected.agents) {
			const sum: Row = totals.get(row.agent as string) ?? { period_start: null, agent: row.agent as string };
			for (const [k, v] of Object.entries(row))
				if (typeof v === 'number') sum[k] = ((sum[k] as number | undefined) ?? 0) + v;
			totals.set(row.agent as string, sum);
		}
		const byAgent = [...totals.values()].sort((a, b) => ((a.agent as string) < (b.agent as string) ? -1 : 1));
		const day = await agentStateReport(t.database.db, request('day'));
		expectSame(day.agents.map(asAgentRow), byAgent);

		// The agent figures, from the oracle's seconds by their definitions.
		const n = (row: Row, column: string) => row[column] as number;
		expectSame(
			day.agents.map((l) => ({ agent: l.agent, ...l.metrics }) as Row),
			byAgent.map((row) => ({
				agent: row.agent,
				occupancy_pct: (100 * (n(row, 'talking_s') + n(row, 'work_s'))) / n(row, 'logged_in_s'),
				not_ready_share_pct: (100 * n(row, 'not_ready_s')) / n(row, 'logged_in_s'),
				aht_s: n(row, 'answered') > 0 ? (n(row, 'talking_s') + n(row, 'work_s')) / n(row, 'answered') : null,
				calls_per_hour: n(row, 'answered') / (n(row, 'logged_in_s') / 3600)
			})) as Row[]
		);
	});

	it('adds the agents of each team together once the directory knows teams', async () => {
		const day = await agentStateReport(t.database.db, request('day'));
		expect(day.teams).toEqual([]);
		const [first, second, ...others] = day.agents.map((a) => a.agent);
		expect(others.length).toBeGreaterThan(0);
		await t.database.db
			.insertInto('agent_directory')
			.values([
				{ agent: first!, team: 'Équipe B', source: 'test' },
				{ agent: second!, team: 'Équipe A', source: 'test' },
				{ agent: others[0]!, team: 'Équipe B', source: 'test' }
			])
			.execute();
		try {
			const withTeams = await agentStateReport(t.database.db, request('day'));
			expect(withTeams.teams.map((l) => l.agent)).toEqual(['Équipe A', 'Équipe B', '']);
			const of = (agent: string) => day.agents.find((a) => a.agent === agent)!;
			const [a, b, none] = withTeams.teams;
			expect(a!.loggedInS).toBeCloseTo(of(second!).loggedInS, 6);
			expect(b!.loggedInS).toBeCloseTo(of(first!).loggedInS + of(others[0]!).loggedInS, 6);
			expect(b!.answered).toBe(of(first!).answered + of(others[0]!).answered);
			// Figures of a team come from its sums, like every other line (domain/metrics.ts).
			expect(b!.metrics.occupancy_pct).toBeCloseTo((100 * (b!.talkingS + b!.workS)) / b!.loggedInS, 6);
			// Every agent is in exactly one line: the teams add up to the whole.
			const sum = withTeams.teams.reduce((total, l) => total + l.loggedInS, 0);
			expect(sum).toBeCloseTo(day.total.loggedInS, 6);
			expect(none!.answered).toBe(others.slice(1).reduce((n, agent) => n + of(agent).answered, 0));
		} finally {
			await t.database.db.deleteFrom('agent_directory').execute();
		}
	});

	it('not-ready time by agent and reason is what the definitions give', async () => {
		const sums = new Map<string, Row>();
		for (const row of expectedAgentRows(events, ZONE).notReady) {
			const key = `${row.agent}\u0000${row.reason}`;
			const sum: Row = sums.get(key) ?? { agent: row.agent as string, reason: row.reason as string, seconds: 0 };
			sum.seconds = (sum.seconds as number) + (row.seconds as number);
			sums.set(key, sum);
		}
		const expected = [...sums.values()].sort((a, b) =>
			a.agent !== b.agent
				? (a.agent as string) < (b.agent as string)
					? -1
					: 1
				: (a.reason as string) < (b.reason as string)
					? -1
					: 1
		);
		expect(expected.length).toBeGreaterThan(0);
		const report = await notReadyReport(t.database.db, request('day'));
		expectSame(report.lines as unknown as Row[], expected);

		// By day, week or month: every agent together, by reason, adding up to the same seconds.
		const byReason = new Map<string, number>();
		for (const row of expected)
			byReason.set(row.reason as string, (byReason.get(row.reason as string) ?? 0) + (row.seconds as number));
		for (const interval of ['day', 'week', 'month']) {
			const periods = (await notReadyReport(t.database.db, request(interval))).periods;
			expect(new Set(periods.map((p) => p.period)).size).toBe(1);
			expectSame(
				periods
					.map((p) => ({ reason: p.reason, seconds: p.seconds }) as Row)
					.sort((a, b) => ((a.reason as string) < (b.reason as string) ? -1 : 1)),
				[...byReason.entries()]
					.sort(([a], [b]) => (a < b ? -1 : 1))
					.map(([reason, seconds]) => ({ reason, seconds }) as Row)
			);
		}
		const week = (await notReadyReport(t.database.db, request('week'))).periods[0]!;
		expect(DateTime.fromISO(week.period, { setZone: true }).weekday).toBe(1);
	});

	it('lists every abandoned call with its wait, and filters by queue', async () => {
		const expected = expectedAbandonedCalls(events).map((c) => ({
			queuedAt: DateTime.fromMillis(c.queued_at, { zone: ZONE }).toISO({ suppressMilliseconds: true }),
			queue: c.queue,
			call: c.call,
			waitS: c.wait_s,
			caller: c.caller
		}));
		expect(expected.length).toBeGreaterThan(10);
		expect(expected.every((c) => /^01 99 00 \d\d \d\d$/.test(c.caller!))).toBe(true);
		const report = await abandonedCallsReport(t.database.db, request('day'));
		expectSame(report as unknown as Row[], expected);
		const queue = expected[0]!.queue;
		const filtered = await abandonedCallsReport(t.database.db, request('day', { queue }));
		expectSame(
			filtered as unknown as Row[],
			expected.filter((c) => c.queue === queue)
		);
	});
});
