import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCsv } from '../../src/lib/server/reports/exports.ts';
import {
	checkQueuesExist,
	ExportRequestError,
	parseExportRequest
} from '../../src/lib/server/reports/export-request.ts';
import { parseReportRequest, yesterday } from '../../src/lib/server/reports/report-request.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const ZONE = 'Europe/Paris';
const parse = (query: string) =>
	parseReportRequest(new URLSearchParams(query), ZONE, 'day', new Date('2026-03-02T10:00:00Z'));

describe('report filters', () => {
	it('cover yesterday in the site zone by default', () => {
		expect(parse('')).toMatchObject({ from: '2026-03-01', to: '2026-03-01', interval: 'day', queues: [] });
		// 23:30 UTC on 1 March is already 2 March in Paris.
		expect(yesterday(ZONE, new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-01');
	});

	it.each([
		['from=2026-02-30', /from=2026-02-30 is not a date/],
		['from=yesterday&to=2026-03-01', /from=yesterday is not a date/],
		['from=2026-03-02&to=2026-03-01', /to=2026-03-01 is before from=2026-03-02/],
		['from=2026-01-01&to=2026-03-01', /60 days; a report shows at most 31/],
		['interval=45', /interval=45 must be 15, 30, 60 or day/],
		['format=xlsx', /format=xlsx must be rfc4180 or excel-fr/]
	])('refuse %s with a clear message', (query, message) => {
		expect(() => parse(query)).toThrow(ExportRequestError);
		expect(() => parse(query)).toThrow(message);
	});
});

describe('report queue filter and the abandoned-calls export', () => {
	let t: TestDatabase;
	beforeAll(async () => (t = await createTestDatabase('postgres')));
	afterAll(() => t?.dispose());

	it('refuses a queue Vigie has never seen rather than showing an empty report', async () => {
		await expect(checkQueuesExist(t.database.db, parse('queue=Suport'))).rejects.toThrow('unknown queue: Suport');
	});

	it('exports abandoned calls with their wait, neutralised, for a French Excel', async () => {
		const db = t.database.db;
		await db.insertInto('queues').values({ name: 'Comptes et accès' }).execute();
		await db
			.insertInto('call_legs')
			.values([
				{
					call: '=HYPERLINK("x")',
					queue: 'Comptes et accès',
					queued_at: '2026-03-01T08:00:00Z',
					abandoned_at: '2026-03-01T08:00:12.5Z',
					caller: '+33 1 99 00 12 34'
				},
				// Answered in the end: not an abandoned call.
				{
					call: 'c2',
					queue: 'Comptes et accès',
					queued_at: '2026-03-01T08:01:00Z',
					abandoned_at: '2026-03-01T08:02:00Z',
					answered_at: '2026-03-01T08:01:30Z',
					agent: 'a'
				}
			])
			.execute();
		const request = parseExportRequest(
			new URLSearchParams({ from: '2026-03-01', to: '2026-03-01', format: 'excel-fr' }),
			ZONE
		);
		const bytes = await buffer(exportCsv(db, 'abandoned', request));
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(bytes.subarray(3).toString('utf8')).toBe(
			'Entrée en file;File;Appel;Attente (s);Numéro de l’appelant\r\n' +
				'2026-03-01T09:00:00+01:00;Comptes et accès;"\'=HYPERLINK(""x"")";12,5;\'+33 1 99 00 12 34\r\n'
		);
	});
});
