import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExportRequest } from '../../src/lib/server/reports/export-request.ts';
import { exportCsv, type ExportName } from '../../src/lib/server/reports/exports.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { createTempDir } from '../support/temp-dir.ts';

type TempDir = Awaited<ReturnType<typeof createTempDir>>;

/**
 * The excel-fr exports as a French spreadsheet opens them: LibreOffice Calc, headless, reading the file with the
 * French locale's rules (the way Excel FR reads a CSV it is given), converted to flat XML so that each cell's type
 * can be read. tests/run-all.sh installs LibreOffice (libreoffice-calc-nogui) when it is missing.
 */
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => fs.existsSync(p));

/** CSV import options: `;`, `"`, UTF-8 (76), from line 1, French (1036), quoted as text no, detect dates yes. */
const FRENCH_CSV_IMPORT = 'CSV:59,34,76,1,,1036,false,true';

interface Cell {
	type: string | null;
	value: string | null;
	text: string;
}

/** The cells of the first sheet's rows, as Calc typed them (`date`, `float`, `string`). */
function sheetCells(fods: string): Cell[][] {
	const rows: Cell[][] = [];
	for (const row of fods.matchAll(/<table:table-row\b[^>]*>([\s\S]*?)<\/table:table-row>/g)) {
		const cells: Cell[] = [];
		for (const cell of row[1]!.matchAll(/<table:table-cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g)) {
			const attributes = cell[1]!;
			const repeat = Number(/table:number-columns-repeated="(\d+)"/.exec(attributes)?.[1] ?? 1);
			const type = /office:value-type="([^"]+)"/.exec(attributes)?.[1] ?? null;
			const value = /office:(?:date-value|value)="([^"]+)"/.exec(attributes)?.[1] ?? null;
			const text = (cell[2] ?? '')
				.replace(/<[^>]+>/g, '')
				.trim()
				.replace(/&apos;/g, "'")
				.replace(/&amp;/g, '&');
			for (let i = 0; i < Math.min(repeat, 64); i++) cells.push({ type, value, text });
		}
		rows.push(cells);
	}
	return rows.filter((cells) => cells.some((c) => c.type !== null || c.text !== ''));
}

describe('excel-fr exports opened in a French spreadsheet (LibreOffice Calc)', () => {
	let t: TestDatabase;
	let dir: TempDir;

	/** Writes an excel-fr export and opens it in Calc; its rows' cells, typed. */
	async function openInCalc(name: ExportName, query: Record<string, string>): Promise<Cell[][]> {
		if (!SOFFICE)
			throw new Error('LibreOffice is missing: apt-get install libreoffice-calc-nogui (tests/run-all.sh does)');
		const request = parseExportRequest(new URLSearchParams({ ...query, format: 'excel-fr' }), 'Europe/Paris');
		const csv = path.join(dir.dir, `${name}.csv`);
		await pipeline(exportCsv(t.database.db, name, request), fs.createWriteStream(csv));
		await promisify(execFile)(
			SOFFICE,
			[
				// A profile of its own: another Calc running on the machine would otherwise take this conversion over.
				`-env:UserInstallation=file://${dir.dir}/profile`,
				'--headless',
				'--infilter=' + FRENCH_CSV_IMPORT,
				'--convert-to',
				'fods',
				'--outdir',
				dir.dir,
				csv
			],
			{ timeout: 120_000 }
		);
		return sheetCells(fs.readFileSync(path.join(dir.dir, `${name}.fods`), 'utf8'));
	}

	beforeAll(async () => {
		t = await createTestDatabase('postgres');
		dir = await createTempDir('vigie-excel-fr-');
		const db = t.database.db;
		await sql`INSERT INTO queues (name) VALUES ('Comptes et accès')`.execute(db);
		// The night of the October DST change, hour by hour: 02:00 comes twice, at +02:00 then at +01:00.
		await sql`
			INSERT INTO queue_intervals (queue, period_start, offered, answered, abandoned, short_abandoned, dequeued,
				answered_within_sl, abandoned_within_sl, answered_wait_ms, talk_ms, talked, max_wait_ms, sl_threshold_s)
			SELECT 'Comptes et accès', p, 3, 3, 0, 0, 0, 2, 0, 37500, 600000, 3, 20000, 20
			FROM generate_series('2026-10-24T23:00:00Z'::timestamptz, '2026-10-25T02:45:00Z', '15 minutes') p`.execute(db);
		await sql`
			INSERT INTO call_legs (call, queue, queued_at, abandoned_at, caller)
			VALUES ('c1', 'Comptes et accès', '2026-10-25T00:30:05Z', '2026-10-25T00:30:17.5Z', '01 99 00 12 34')`.execute(db);
	});
	afterAll(async () => {
		await t?.dispose();
		await dir?.remove();
	});

	it('reads the period start as a date and time, and figures as numbers, under French titles', async () => {
		const [titles, ...rows] = await openInCalc('queues', { from: '2026-10-25', to: '2026-10-25', interval: '60' });
		expect(titles!.map((c) => c.text)).toEqual([
			'Début de période',
			'File',
			'Présentés',
			'Traités',
			'Abandonnés',
			'Abandons courts',
			'Sortis de file',
			'Traités dans le seuil',
			'Abandonnés dans le seuil',
			'Seuil NS (s)',
			'NS traités (%)',
			'NS hors abandons (%)',
			'NS abandons positifs (%)',
			'NS abandons négatifs (%)',
			'DMR (s)',
			'DMC (s)',
			'Attente max. (s)',
			'Taux d’abandon (%)',
			'Décalage UTC'
		]);
		// 01:00, 02:00 (+02:00), 02:00 (+01:00), 03:00: the repeated hour stays two rows, told apart by the offset,
		// which stays text: a cell starting with "+" is neutralised like any other (contract §4), never a formula.
		expect(rows.map((r) => [r[0]!.type, r[0]!.value, r.at(-1)!.type, r.at(-1)!.text])).toEqual([
			['date', '2026-10-25T01:00:00', 'string', "'+02:00"],
			['date', '2026-10-25T02:00:00', 'string', "'+02:00"],
			['date', '2026-10-25T02:00:00', 'string', "'+01:00"],
			['date', '2026-10-25T03:00:00', 'string', "'+01:00"]
		]);
		const first = rows[0]!;
		expect(first[2]).toMatchObject({ type: 'float', value: '12' });
		// NS traités: 8 of 12 within the threshold, "66,67"; ASA 12.5 s written "12,5"; both read as numbers.
		expect(first[10]).toMatchObject({ type: 'float', value: '66.67' });
		expect(first[14]).toMatchObject({ type: 'float', value: '12.5' });
	});

	it('leaves the machine format as it was, byte for byte', async () => {
		const request = parseExportRequest(
			new URLSearchParams({ from: '2026-10-25', to: '2026-10-25', interval: '60' }),
			'Europe/Paris'
		);
		const csv = await text(exportCsv(t.database.db, 'queues', request));
		expect(csv.split('\r\n').slice(0, 4)).toEqual([
			'period_start,queue,offered,answered,abandoned,short_abandoned,dequeued,answered_within_sl,abandoned_within_sl,' +
				'sl_threshold_s,sl_handled_pct,sl_no_abandon_pct,sl_abandon_positive_pct,sl_abandon_negative_pct,asa_s,' +
				'avg_talk_s,max_wait_s,abandon_rate_pct',
			'2026-10-25T01:00:00+02:00,Comptes et accès,12,12,0,0,0,8,0,20,66.67,66.67,66.67,66.67,12.5,200,20,0',
			'2026-10-25T02:00:00+02:00,Comptes et accès,12,12,0,0,0,8,0,20,66.67,66.67,66.67,66.67,12.5,200,20,0',
			'2026-10-25T02:00:00+01:00,Comptes et accès,12,12,0,0,0,8,0,20,66.67,66.67,66.67,66.67,12.5,200,20,0'
		]);
	});

	it('reads an abandoned call’s time as a date and time, to the second', async () => {
		const [titles, call] = await openInCalc('abandoned', { from: '2026-10-25', to: '2026-10-25' });
		expect(titles!.map((c) => c.text).at(-1)).toBe('Décalage UTC');
		expect(call![0]).toMatchObject({ type: 'date', value: '2026-10-25T02:30:05' });
		expect(call![3]).toMatchObject({ type: 'float', value: '12.5' });
		expect(call![4]!.text).toBe('01 99 00 12 34');
	});
});
