import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import {
	changeQueueSettings,
	listQueueSettings,
	readSettingsHistory
} from '../../src/lib/server/aggregates/queue-settings.ts';
import { queueDailyReport } from '../../src/lib/server/reports/queue-reports.ts';
import { parseReportRequest } from '../../src/lib/server/reports/report-request.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

const ZONE = 'Europe/Paris';
const QUEUE = 'Support N1';

/** One call queued at `queued` (UTC) and answered `waitS` seconds later. */
function answeredCall(id: string, queued: string, waitS: number) {
	const answered = new Date(Date.parse(queued) + waitS * 1000).toISOString();
	return [
		{ id: `${id}-q`, type: 'call.queued', at: queued, call: id, queue: QUEUE },
		{ id: `${id}-a`, type: 'call.answered', at: answered, call: id, queue: QUEUE, agent: 'alice' }
	];
}

describe.each(DATABASE_KINDS)('queue settings with a history, on %s', (kind) => {
	let t: TestDatabase;
	const db = () => t.database.db;
	const ingest = async (events: object[]) => {
		await acceptEvents(db(), itemsFromValues(events), 'test');
		while ((await applyPendingBatch(db(), 500)) > 0);
	};
	const day = async (date: string) => {
		const report = await queueDailyReport(
			db(),
			parseReportRequest(new URLSearchParams({ from: date, to: date }), ZONE, 'day')
		);
		return report.queues[0]!;
	};

	beforeAll(async () => {
		t = await createTestDatabase(kind);
		// Monday 2 March: two calls answered after 25 s and 15 s; with the default 20 s threshold, one within.
		await ingest([
			...answeredCall('m1', '2026-03-02T09:00:00Z', 25),
			...answeredCall('m2', '2026-03-02T09:05:00Z', 15)
		]);
	});
	afterAll(() => t?.dispose());

	it('changes a threshold from now on and leaves the figures already reported as they were', async () => {
		const result = await changeQueueSettings(db(), {
			queue: QUEUE,
			changes: { slThresholdS: 30 },
			now: new Date('2026-03-03T08:07:00Z')
		});
		expect(result.effectiveFrom).toEqual(new Date('2026-03-03T08:00:00Z'));
		expect(result.before.slThresholdS).toBe(20);
		// Tuesday's call after the change: 25 s is within the new 30 s.
		await ingest(answeredCall('t1', '2026-03-03T09:00:00Z', 25));

		expect(await day('2026-03-02')).toMatchObject({ slThresholdS: 20, answeredWithinSl: 1 });
		expect(await day('2026-03-03')).toMatchObject({ slThresholdS: 30, answeredWithinSl: 1 });
		expect((await listQueueSettings(db()))[0]).toMatchObject({ queue: QUEUE, slThresholdS: 30 });
		// Over both days, the report says which thresholds it was computed with, and when the change came.
		const both = await queueDailyReport(
			db(),
			parseReportRequest(new URLSearchParams({ from: '2026-03-02', to: '2026-03-03' }), ZONE, 'day')
		);
		expect(both.queues[0]).toMatchObject({ slThresholdMinS: 20, slThresholdS: 30, answeredWithinSl: 2 });
		expect(both.settingsChanges).toEqual([
			{
				queue: QUEUE,
				effectiveFrom: '2026-03-03T09:00:00+01:00',
				before: { slThresholdS: 20, shortAbandonS: 5, slVariant: 'sl_abandon_negative_pct' },
				after: { slThresholdS: 30, shortAbandonS: 5, slVariant: 'sl_abandon_negative_pct' }
			}
		]);
		expect((await readSettingsHistory(db(), [QUEUE])).map((h) => [h.effectiveFrom, h.slThresholdS])).toEqual([
			[null, 20],
			[new Date('2026-03-03T08:00:00Z'), 30]
		]);
	});

	it('computes a late call of a past day with the threshold then in force', async () => {
		await ingest(answeredCall('m3', '2026-03-02T10:00:00Z', 25));
		expect(await day('2026-03-02')).toMatchObject({ slThresholdS: 20, answered: 3, answeredWithinSl: 1 });
	});

	it('recomputes the past only when asked to, and then from that date on', async () => {
		const fromMonday = {
			queue: QUEUE,
			changes: { slThresholdS: 40 },
			effectiveFrom: new Date('2026-03-01T23:00:00Z'),
			now: new Date('2026-03-04T12:00:00Z')
		};
		await expect(changeQueueSettings(db(), fromMonday)).rejects.toMatchObject({ code: 'pastNeedsConfirmation' });
		expect(await day('2026-03-02')).toMatchObject({ slThresholdS: 20 });

		const result = await changeQueueSettings(db(), { ...fromMonday, recomputePast: true });
		// Monday 09:00 (two calls) and 10:00, Tuesday 09:00.
		expect(result.recomputedPeriods).toBe(3);
		expect(await day('2026-03-02')).toMatchObject({ slThresholdS: 40, answeredWithinSl: 3 });
		// "From Monday on": Tuesday's own change takes the new threshold too, and keeps its date.
		expect(await day('2026-03-03')).toMatchObject({ slThresholdS: 40 });
		expect((await readSettingsHistory(db(), [QUEUE])).map((h) => h.slThresholdS)).toEqual([20, 40, 40]);
	});

	it('refuses a change with nothing in it, for an unknown queue, or from a future date', async () => {
		const now = new Date('2026-03-04T12:00:00Z');
		await expect(changeQueueSettings(db(), { queue: QUEUE, changes: {}, now })).rejects.toMatchObject({
			code: 'nothingToChange'
		});
		await expect(
			changeQueueSettings(db(), { queue: 'Suport', changes: { shortAbandonS: 3 }, now })
		).rejects.toMatchObject({ code: 'unknownQueue' });
		await expect(
			changeQueueSettings(db(), {
				queue: QUEUE,
				changes: { shortAbandonS: 3 },
				effectiveFrom: new Date('2026-03-05T00:00:00Z'),
				now
			})
		).rejects.toMatchObject({ code: 'future' });
	});
});
