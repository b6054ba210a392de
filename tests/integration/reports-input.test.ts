import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCsv } from '../../src/lib/server/reports/exports.ts';
import { ExportRequestError, parseExportRequest } from '../../src/lib/server/reports/export-request.ts';
import { resolveNames } from '../../src/lib/server/reports/known-names.ts';
import { parseReportRequest, today } from '../../src/lib/server/reports/report-request.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const ZONE = 'Europe/Paris';
const NOW = new Date('2026-03-02T10:00:00Z');
const parse = (query: string) => parseReportRequest(new URLSearchParams(query), ZONE, ['day', 'week', 'month'], NOW);

describe('report filters', () => {
	it('cover today in the site zone by default', () => {
		expect(parse('')).toMatchObject({ from: '2026-03-02', to: '2026-03-02', interval: 'day', queues: [] });
		// 23:30 UTC on 1 March is already 2 March in Paris.
		expect(today(ZONE, new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
	});

	it('take French dates, and widen weeks and months to whole ones', () => {
		expect(parse('from=2/3/2026&to=04/03/2026')).toMatchObject({ from: '2026-03-02', to: '2026-03-04' });
		expect(parse('from=2026-03-04&interval=week')).toMatchObject({ from: '2026-03-02', to: '2026-03-08' });
		expect(parse('from=2026-02-10&to=2026-03-04&interval=month')).toMatchObject({
			from: '2026-02-01',
			to: '2026-03-31'
		});
		// A year by month fits one page; by day it does not.
		expect(parse('from=2026-01-01&to=2026-12-31&interval=month').to).toBe('2026-12-31');
	});

	it.each([
		['from=2026-02-30', 'from "2026-02-30" is not a date: type it as YYYY-MM-DD (or DD/MM/YYYY), e.g. 2026-11-26'],
		['from=yesterday&to=2026-03-01', 'from "yesterday" is not a date'],
		[
			'from=2026-03-02&to=2026-03-01',
			'to (2026-03-01) is before from (2026-03-02): the last day must come after the first'
		],
		[
			'from=2026-01-01&to=2026-03-01',
			'the range covers 60 days; at most 31 here: shorten it, or choose a longer interval'
		],
		['interval=45', 'interval "45" is not one of day, week or month'],
		['format=xlsx', 'format "xlsx" is not rfc4180 or excel-fr']
	])('refuse %s, saying which field and what to type', (query, message) => {
		expect(() => parse(query)).toThrow(ExportRequestError);
		expect(() => parse(query)).toThrow(message);
	});

	it('name every bad field at once, for the page to say in its own language', () => {
		try {
			parse('from=hier&interval=45');
			expect.unreachable();
		} catch (error) {
			expect((error as ExportRequestError).problems).toEqual([
				{ field: 'from', code: 'notADate', value: 'hier' },
				{ field: 'interval', code: 'unknownInterval', value: '45', allowed: ['day', 'week', 'month'] }
			]);
		}
	});
});

describe('report queue and agent filters, and the abandoned-calls export', () => {
	let t: TestDatabase;
	beforeAll(async () => (t = await createTestDatabase('postgres')));
	afterAll(() => t?.dispose());

	it('find queues and agents forgivingly, and refuse a name that matches none with the nearest ones', async () => {
		const db = t.database.db;
		await db
			.insertInto('queues')
			.values([{ name: 'Support N1' }, { name: 'Support N2' }])
			.execute();
		await db
			.insertInto('agent_state_intervals')
			.values(
				['marie.martin', 'paul.martin', 'Élodie.Durand'].map((agent) => ({
					agent,
					period_start: '2026-03-02T08:00:00Z',
					state: 'ready',
					reason: '',
					duration_ms: 900_000
				}))
			)
			.execute();
		expect(await resolveNames(db, parse('queue=support n1&agent=marie martin'))).toMatchObject({
			queues: ['Support N1'],
			agents: ['marie.martin']
		});
		expect(await resolveNames(db, parse('agent=martin&agent=elodie'))).toMatchObject({
			agents: ['marie.martin', 'paul.martin', 'Élodie.Durand']
		});
		await expect(resolveNames(db, parse('queue=Suport N1&agent=marie martine'))).rejects.toMatchObject({
			problems: [
				{ field: 'queue', code: 'unknownName', value: 'Suport N1', suggestions: ['Support N1', 'Support N2'] },
				{ field: 'agent', code: 'unknownName', value: 'marie martine', suggestions: ['marie.martin'] }
			],
			message:
				'no queue matches "Suport N1": did you mean Support N1 or Support N2?; ' +
				'no agent matches "marie martine": did you mean marie.martin?'
		});
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
			'Entrée en file;File;Appel;Attente (s);Numéro de l’appelant;Décalage UTC\r\n' +
				'01/03/2026 09:00:00;Comptes et accès;"\'=HYPERLINK(""x"")";12,5;\'+33 1 99 00 12 34;\'+01:00\r\n'
		);
	});
});
