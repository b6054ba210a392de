import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { parseExportRequest } from '../../src/lib/server/reports/export-request.ts';
import { exportCsv, type ExportName } from '../../src/lib/server/reports/exports.ts';
import { queueIntervalReport } from '../../src/lib/server/reports/queue-reports.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

const ZONE = 'Europe/Paris';
/** The two changes of 2026 in Paris: clocks jump from 02:00 to 03:00, then fall back from 03:00 to 02:00. */
const SPRING = '2026-03-29';
const AUTUMN = '2026-10-25';

/** A call queued one minute into every quarter of the local day, answered after 10 s; an agent ready all day. */
function busyDay(day: string) {
	const start = DateTime.fromISO(day, { zone: ZONE }).startOf('day');
	const end = start.plus({ days: 1 }).startOf('day');
	const at = (ms: number) => new Date(ms).toISOString();
	const events: Record<string, string>[] = [
		{ id: `${day}-in`, type: 'agent.state', at: at(start.toMillis()), agent: 'a1', state: 'ready' },
		{ id: `${day}-out`, type: 'agent.state', at: at(end.toMillis()), agent: 'a1', state: 'logged_out' }
	];
	for (let t = start.toMillis(); t < end.toMillis(); t += 15 * 60_000) {
		const call = `${day}-${t}`;
		const base = { call, queue: 'Support N1' };
		events.push({ id: `${call}-q`, type: 'call.queued', at: at(t + 60_000), ...base });
		events.push({ id: `${call}-a`, type: 'call.answered', at: at(t + 70_000), agent: 'a1', ...base });
	}
	return events;
}

/** The local hours (or half-hours, quarters) of a day as the contract writes them, counted by elapsed time. */
function periodStarts(day: string, minutes: number): string[] {
	const starts: string[] = [];
	const end = DateTime.fromISO(day, { zone: ZONE }).plus({ days: 1 }).startOf('day');
	for (let t = DateTime.fromISO(day, { zone: ZONE }).startOf('day'); t < end; t = t.plus({ minutes }))
		starts.push(t.toISO({ suppressMilliseconds: true })!);
	return starts;
}

describe.each(DATABASE_KINDS)('daylight-saving days on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await createTestDatabase(kind);
		await acceptEvents(t.database.db, itemsFromValues([...busyDay(SPRING), ...busyDay(AUTUMN)]), 'test');
		// One agent ready the whole day: longer than VIGIE_MAX_STATE_H by default, which this test is not about.
		while ((await applyPendingBatch(t.database.db, 1000, { maxStateHours: 48 })) > 0);
	});
	afterAll(() => t?.dispose());

	async function exported(name: ExportName, day: string, interval: string) {
		const request = parseExportRequest(new URLSearchParams({ from: day, to: day, interval }), ZONE);
		return parse(await text(exportCsv(t.database.db, name, request)), { columns: true }) as Record<string, string>[];
	}

	it.each([
		[SPRING, 23],
		[AUTUMN, 25]
	])('%s has %i exact hours in every export and report', async (day, hours) => {
		const hourly = periodStarts(day, 60);
		expect(hourly).toHaveLength(hours);

		const queues = await exported('queues', day, '60');
		expect(queues.map((r) => r.period_start)).toEqual(hourly);
		expect(queues.every((r) => r.offered === '4' && r.answered === '4')).toBe(true);
		const agents = await exported('agents', day, '60');
		expect(agents.map((r) => r.period_start)).toEqual(hourly);
		expect(agents.every((r) => r.logged_in_s === '3600' && r.answered === '4')).toBe(true);

		expect((await exported('queues', day, '30')).map((r) => r.period_start)).toEqual(periodStarts(day, 30));
		expect((await exported('queues', day, '15')).map((r) => r.period_start)).toEqual(periodStarts(day, 15));
		const [daily] = await exported('queues', day, 'day');
		expect(daily!.offered).toBe(String(hours * 4));
		expect(Number((await exported('agents', day, 'day'))[0]!.logged_in_s)).toBe(hours * 3600);

		const request = parseExportRequest(new URLSearchParams({ from: day, to: day, interval: '60' }), ZONE);
		expect((await queueIntervalReport(t.database.db, request)).periods.map((p) => p.period)).toEqual(hourly);
	});

	it('writes the offsets of both sides of each change', async () => {
		const spring = (await exported('queues', SPRING, '60')).map((r) => r.period_start);
		expect(spring.slice(1, 3)).toEqual(['2026-03-29T01:00:00+01:00', '2026-03-29T03:00:00+02:00']);
		const autumn = (await exported('queues', AUTUMN, '60')).map((r) => r.period_start);
		expect(autumn.slice(1, 4)).toEqual([
			'2026-10-25T01:00:00+02:00',
			'2026-10-25T02:00:00+02:00',
			'2026-10-25T02:00:00+01:00'
		]);
	});

	it('cuts the weeks and months of a change at local midnight, each whole and exact', async () => {
		// The week of the autumn change (Monday 19 to Sunday 25 October) has 169 hours, busy only on its Sunday.
		const weeks = await exported('agents', AUTUMN, 'week');
		expect(weeks.map((r) => [r.period_start, r.logged_in_s])).toEqual([
			['2026-10-19T00:00:00+02:00', String(25 * 3600)]
		]);
		const months = await exported('queues', SPRING, 'month');
		expect(months.map((r) => [r.period_start, r.offered])).toEqual([['2026-03-01T00:00:00+01:00', String(23 * 4)]]);
		// A range over both changes, by month: March and October, nothing else, each with its own offset.
		const request = parseExportRequest(new URLSearchParams({ from: SPRING, to: AUTUMN, interval: 'month' }), ZONE);
		const year = parse(await text(exportCsv(t.database.db, 'queues', request)), { columns: true }) as Record<
			string,
			string
		>[];
		expect(year.map((r) => [r.period_start, r.offered])).toEqual([
			['2026-03-01T00:00:00+01:00', '92'],
			['2026-10-01T00:00:00+02:00', '100']
		]);
	});
});
