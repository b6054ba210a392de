import { Readable } from 'node:stream';
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

/**
 * A text cell is quoted when it holds a quote, a line break, or either dialect's separator: a comma file opened by
 * a French spreadsheet is split on `;`, and a bare `Support;=2+3` would become two cells, the second a formula.
 * Numbers are ours (digits, a sign, a decimal point or comma) and never need it.
 */
const NEEDS_QUOTES = /[",;\r\n]/;

function formatCell(cell: Cell, format: CsvFormat): string {
	if (cell === null) return '';
	if (typeof cell === 'number') return formatNumber(cell, format);
	const text = neutralize(cell);
	return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function formatRow(cells: readonly Cell[], format: CsvFormat): string {
	const delimiter = format === 'excel-fr' ? ';' : ',';
	let line = '';
	for (let i = 0; i < cells.length; i++) {
		if (i > 0) line += delimiter;
		line += formatCell(cells[i]!, format);
	}
	return line;
}

/** Where a UTF-8 file says so to Excel, which otherwise reads it in the machine's code page. */
const BOM = '\uFEFF';
/** RFC 4180's record separator. */
const CRLF = '\r\n';

/**
 * Streams rows as CSV: RFC 4180 (comma, CRLF; a cell with a quote, a separator of either dialect, CR or LF is
 * quoted) by default; for a French Excel, a UTF-8 BOM, `;` and decimal commas (and no `sep=` line, which would hide
 * the BOM from Excel). Rows come in batches of a few hundred, each written as one chunk.
 * NOTE: neither csv-stringify nor Papa Parse: for a year's export (1.75 million rows) csv-stringify allocated about
 * 11 KB per row and Papa Parse took a quarter of the CPU. d3-dsv was as fast as this loop, but quotes only its own
 * delimiter (issue #10, item 9), which is why the loop above writes the rows.
 */
export function csvStream(columns: readonly string[], batches: AsyncIterable<Cell[][]>, format: CsvFormat): Readable {
	return Readable.from(
		(async function* () {
			const header = formatRow(columns, format) + CRLF;
			yield Buffer.from(format === 'excel-fr' ? BOM + header : header);
			for await (const rows of batches) {
				if (rows.length === 0) continue;
				let csv = '';
				for (const row of rows) csv += formatRow(row, format) + CRLF;
				yield Buffer.from(csv);
			}
		})(),
		{ objectMode: false }
	);
}
