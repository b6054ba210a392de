import { Readable } from 'node:stream';
import { stringify, type Options } from 'csv-stringify/sync';
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
 * commas (and no `sep=` line, which would hide the BOM from Excel). Rows come in batches (a day of them) and
 * each batch is written by the library at once: memory holds one batch, and a long export does not pay the
 * library's stream machinery once per row.
 */
export function csvStream(columns: readonly string[], batches: AsyncIterable<Cell[][]>, format: CsvFormat): Readable {
	const options: Options = {
		delimiter: format === 'excel-fr' ? ';' : ',',
		record_delimiter: 'windows',
		// With CRLF records the library quotes only a full CRLF; a lone CR or LF in a cell must be quoted too.
		// (Plain strings: the library looks them up with indexOf, much cheaper than a regular expression per cell.)
		quoted_match: ['\r', '\n']
	};
	return Readable.from(
		(async function* () {
			yield Buffer.from(stringify([[...columns]], { ...options, bom: format === 'excel-fr' }));
			for await (const rows of batches) {
				if (rows.length === 0) continue;
				yield Buffer.from(
					stringify(
						rows.map((row) => row.map((cell) => formatCell(cell, format))),
						options
					)
				);
			}
		})(),
		{ objectMode: false }
	);
}
