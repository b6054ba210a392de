import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkQueuesExist, ExportRequestError } from '../../src/lib/server/reports/export-request.ts';
import { parseReportRequest, yesterday } from '../../src/lib/server/reports/report-request.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

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

describe('report queue filter', () => {
	let t: TestDatabase;
	beforeAll(async () => (t = await createTestDatabase('postgres')));
	afterAll(() => t?.dispose());

	it('refuses a queue Vigie has never seen rather than showing an empty report', async () => {
		await expect(checkQueuesExist(t.database.db, parse('queue=Suport'))).rejects.toThrow('unknown queue: Suport');
	});
});
