import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { CsvFormat } from './export-request.ts';

/** A cell before formatting: text, a number, or nothing (an empty figure). */
export type Cell = string | number | null;

/** Characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell that a spreadsheet would run as a formula gets a leading quote (CSV injection). */
export function neutralize(text: string): string {
	return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Numbers with at most 2 decimals; excel-fr writes them with a decimal comma. */
export function formatNumber(value: number, format: CsvFormat): string {
	const text = String(Math.round(value * 100) / 100);
	return format === 'excel-fr' ? text.replace('.', ',') : text;
}

function formatCell(cell: Cell, format: CsvFormat): string {
	if (cell === null) return '';
	return typeof cell === 'number' ? formatNumber(cell, format) : neutralize(cell);
}

/**
 * Streams rows as CSV: RFC 4180 (comma, CRLF) by default; for a French Excel, a UTF-8 BOM, `;` and decimal
 * commas (and no `sep=` line, which would hide the BOM from Excel).
 */
export function csvStream(columns: readonly string[], rows: AsyncIterable<Cell[]>, format: CsvFormat): Readable {
	const stringifier = stringify({
		header: true,
		columns: [...columns],
		delimiter: format === 'excel-fr' ? ';' : ',',
		bom: format === 'excel-fr',
		record_delimiter: 'windows',
		// With CRLF records the library quotes only a full CRLF; a lone CR or LF in a cell must be quoted too.
		quoted_match: /[\r\n]/
	});
	const formatted = Readable.from(
		(async function* () {
			for await (const row of rows) yield row.map((cell) => formatCell(cell, format));
		})()
	);
	// pipeline, not pipe: an aborted download ends the row generator too, and a failing query ends the file.
	// Its error reaches the reader through the returned stream, destroyed with it; nothing more to do here.
	pipeline(formatted, stringifier).catch(() => {});
	return stringifier;
}
