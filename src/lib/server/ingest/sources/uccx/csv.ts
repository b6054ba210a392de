import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { UCCX_NAME_TABLES, UCCX_TABLE_KEYS, UCCX_TABLES, type UccxTableKey, type UccxTableSpec } from './tables.ts';
import {
	compareUccxEvents,
	missingColumns,
	rowOrigins,
	sortRejections,
	translateUccxTables,
	type Row,
	type UccxRejection,
	type UccxTables,
	type UccxTranslation
} from './translate.ts';

/**
 * The reader of a directory of UCCX historical tables exported as CSV (`vigie ingest --format uccx-csv DIR`,
 * docs/uccx-csv.md). It only turns files into rows: the translation is the one the live connector uses.
 *
 * NOTE: a site starts with a year of history (tens of millions of rows), so nothing here holds a whole table:
 * agent states go through in slices as they are read, and the call tables, which must be joined by call leg, are
 * first spread over temporary files by session, each of which is then small enough to translate at once.
 * Measured on a year of the seed site (see `npm run bench:uccx`): memory stays flat whatever the export's size.
 */

/** The table a file holds, from its name: `ContactCallDetail.csv`, `contactcalldetail_2026-03-02.CSV`, … */
export function uccxTableOfFile(fileName: string): UccxTableKey | undefined {
	const lower = fileName.toLowerCase();
	if (!lower.endsWith('.csv')) return undefined;
	const stem = lower.slice(0, -'.csv'.length);
	for (const key of UCCX_TABLE_KEYS) {
		const name = UCCX_TABLES[key].name.toLowerCase();
		// The name must end there or be followed by a separator: Resource.csv, not ResourceGroup.csv.
		if (stem === name || (stem.startsWith(name) && /^[^a-z0-9]/.test(stem.slice(name.length)))) return key;
	}
	return undefined;
}

/** One slice of a directory's translation: events to accept, rows to keep as dead letters. */
export interface UccxChunk {
	events: UccxTranslation['events'];
	rejected: UccxRejection[];
}

export interface UccxDirectory {
	/** The table files found (names inside the directory), sorted. */
	files: string[];
	/** The translation, slice after slice. */
	chunks(): AsyncGenerator<UccxChunk>;
}

const CALL_TABLES: readonly UccxTableKey[] = ['contactCallDetail', 'contactQueueDetail', 'agentConnectionDetail'];

/** Agent-state rows translated at once. */
const STATE_SLICE_ROWS = 20_000;
/** Call-table bytes per temporary partition: a partition is read whole, so this bounds memory. */
const PARTITION_BYTES = 48 * 1024 * 1024;

/** Opens a directory of UCCX table files (see `uccxTableOfFile`; other files are ignored). */
export async function openUccxDirectory(dir: string): Promise<UccxDirectory> {
	const entries = await readdir(dir, { withFileTypes: true });
	const files = entries
		.filter((entry) => entry.isFile() && uccxTableOfFile(entry.name) !== undefined)
		.map((entry) => entry.name)
		.sort();
	const byTable = new Map<UccxTableKey, string[]>();
	for (const name of files) {
		const key = uccxTableOfFile(name)!;
		byTable.set(key, [...(byTable.get(key) ?? []), name]);
	}
	return { files, chunks: () => translateDirectory(dir, byTable) };
}

/** The whole translation of a directory at once: for small exports and tests. */
export async function translateUccxDirectory(dir: string): Promise<UccxTranslation> {
	const directory = await openUccxDirectory(dir);
	const events: UccxTranslation['events'] = [];
	const rejected: UccxRejection[] = [];
	const seen = new Set<string>();
	for await (const chunk of directory.chunks()) {
		// Overlapping files give the same rows twice: one event each, as the intake would keep.
		for (const event of chunk.events) if (!seen.has(event.id) && seen.add(event.id)) events.push(event);
		rejected.push(...chunk.rejected);
	}
	events.sort(compareUccxEvents);
	return { events, rejected: sortRejections(rejected), incomplete: [], files: directory.files, lastStates: new Map() };
}

async function* translateDirectory(dir: string, byTable: Map<UccxTableKey, string[]>): AsyncGenerator<UccxChunk> {
	const rejected: UccxRejection[] = [];
	const names: UccxTables = {};
	for (const key of UCCX_NAME_TABLES) {
		for (const file of byTable.get(key) ?? []) {
			const rows = (names[key] ??= []);
			for await (const item of readTableFile(join(dir, file), file, UCCX_TABLES[key])) {
				if ('row' in item) rows.push(item.row);
				else rejected.push(item.rejection);
			}
		}
	}
	// The names' own bad rows, once.
	const nameCheck = translateUccxTables(names);
	yield { events: [], rejected: [...rejected, ...nameCheck.rejected] };

	yield* translateAgentStates(dir, byTable.get('agentStateDetail') ?? [], names);
	yield* translateCalls(dir, byTable, names);
}

/** Translates without repeating the names' own rejections (they were given once). */
function translate(tables: UccxTables, names: UccxTables, previousStates?: Map<string, number>): UccxTranslation {
	const result = translateUccxTables({ ...names, ...tables }, { tieOrder: 'source', previousStates });
	const nameFiles = new Set(
		UCCX_NAME_TABLES.flatMap((key) =>
			(names[key] ?? []).map((row) => rowOrigins.get(row)?.file ?? UCCX_TABLES[key].name)
		)
	);
	return { ...result, rejected: result.rejected.filter((r) => !nameFiles.has(r.file)) };
}

async function* translateAgentStates(dir: string, files: string[], names: UccxTables): AsyncGenerator<UccxChunk> {
	let previousStates = new Map<string, number>();
	for (const file of files) {
		let slice: Row[] = [];
		let lastTie = '';
		const flush = () => {
			const result = translate({ agentStateDetail: slice }, names, previousStates);
			previousStates = result.lastStates;
			slice = [];
			return { events: result.events, rejected: result.rejected };
		};
		const fileRejected: UccxRejection[] = [];
		for await (const item of readTableFile(join(dir, file), file, UCCX_TABLES.agentStateDetail)) {
			if ('rejection' in item) {
				fileRejected.push(item.rejection);
				continue;
			}
			// A slice ends only between two instants of an agent, so that rows written at once stay together.
			const tie = tieKey(item.row);
			if (slice.length >= STATE_SLICE_ROWS && tie !== lastTie) yield flush();
			lastTie = tie;
			slice.push(item.row);
		}
		const last = flush();
		yield { events: last.events, rejected: [...last.rejected, ...fileRejected] };
	}
}

function tieKey(row: Row): string {
	let agent = '';
	let at = '';
	for (const [name, value] of Object.entries(row)) {
		const lower = name.trim().toLowerCase();
		if (lower === 'agentid') agent = String(value);
		else if (lower === 'eventdatetime') at = String(value);
	}
	return `${agent}|${at}`;
}

/**
 * The call tables, joined by leg: spread over partition files by session (all legs of a call land in the same
 * partition), then each partition translated whole.
 */
async function* translateCalls(
	dir: string,
	byTable: Map<UccxTableKey, string[]>,
	names: UccxTables
): AsyncGenerator<UccxChunk> {
	const files = CALL_TABLES.flatMap((key) => (byTable.get(key) ?? []).map((file) => ({ key, file })));
	if (files.length === 0) return;
	let bytes = 0;
	for (const { file } of files) bytes += (await stat(join(dir, file))).size;
	const partitions = Math.max(1, Math.ceil(bytes / PARTITION_BYTES));

	if (partitions === 1) {
		const tables: UccxTables = {};
		const rejected: UccxRejection[] = [];
		for (const { key, file } of files) {
			const rows = (tables[key] ??= []);
			for await (const item of readTableFile(join(dir, file), file, UCCX_TABLES[key])) {
				if ('row' in item) rows.push(item.row);
				else rejected.push(item.rejection);
			}
		}
		const result = translate(tables, names);
		yield { events: result.events, rejected: [...rejected, ...result.rejected] };
		return;
	}

	const scratch = await mkdtemp(join(tmpdir(), 'vigie-uccx-'));
	try {
		const outputs: WriteStream[] = Array.from({ length: partitions }, (_, i) =>
			createWriteStream(join(scratch, `part-${i}.ndjson`))
		);
		const rejected: UccxRejection[] = [];
		const present = new Set<UccxTableKey>();
		for (const { key, file } of files) {
			for await (const item of readTableFile(join(dir, file), file, UCCX_TABLES[key])) {
				if ('rejection' in item) {
					rejected.push(item.rejection);
					continue;
				}
				present.add(key);
				const origin = rowOrigins.get(item.row)!;
				const line = JSON.stringify([key, origin.file, origin.line, origin.raw, item.row]) + '\n';
				const out = outputs[partitionOf(item.row, partitions)]!;
				if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
			}
		}
		await Promise.all(outputs.map((out) => new Promise((resolve) => out.end(resolve))));
		yield { events: [], rejected };

		for (let i = 0; i < partitions; i++) {
			const tables: UccxTables = {};
			// A table the export has must count as read in every partition, even one that got none of its rows.
			for (const key of byTable.keys()) if (CALL_TABLES.includes(key)) tables[key] = [];
			const lines = createInterface({
				input: createReadStream(join(scratch, `part-${i}.ndjson`)),
				crlfDelay: Infinity
			});
			for await (const text of lines) {
				const [key, file, line, raw, row] = JSON.parse(text) as [UccxTableKey, string, number, string, Row];
				rowOrigins.set(row, { file, line, raw });
				tables[key]!.push(row);
			}
			const result = translate(tables, names);
			yield { events: result.events, rejected: result.rejected };
			await rm(join(scratch, `part-${i}.ndjson`));
		}
	} finally {
		await rm(scratch, { recursive: true, force: true });
	}
}

/** The partition of a call-table row: by session, so that every leg and queue row of a call meet. */
function partitionOf(row: Row, partitions: number): number {
	let session = '';
	for (const [name, value] of Object.entries(row)) {
		const lower = name.trim().toLowerCase();
		if (lower === 'sessionid' || lower === 'nodeid' || lower === 'profileid') session += `|${String(value).trim()}`;
	}
	return createHash('md5').update(session).digest().readUInt32BE(0) % partitions;
}

// ---------------------------------------------------------------------------------------------------------------
// Files

/** UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (a French Windows export). */
function decoderFor(head: Uint8Array): { encoding: string; skip: number } {
	if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
	if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
	if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
	return { encoding: 'utf-8', skip: 0 };
}

/** The delimiter of the header line: the most frequent of , ; tab | (header names contain none of them). */
function headerDelimiter(firstLine: string): string {
	let best = ',';
	let bestCount = 0;
	for (const candidate of [',', ';', '\t', '|']) {
		const count = firstLine.split(candidate).length - 1;
		if (count > bestCount) [best, bestCount] = [candidate, count];
	}
	return best;
}

type ReadItem = { row: Row } | { rejection: UccxRejection };

/**
 * The rows of one table file, streamed. Text that is not valid UTF-8 is read as Windows-1252, the whole file so:
 * a French Windows tool writes one encoding per file.
 */
async function* readTableFile(path: string, file: string, spec: UccxTableSpec): AsyncGenerator<ReadItem> {
	const size = (await stat(path)).size;
	// NOTE: whole-file decoding below 64 MiB (exports of a day or a month); above, UTF-8 is assumed when the
	// first megabyte is valid UTF-8, since a year's export comes from a database tool, not a spreadsheet.
	const head = new Uint8Array(await readHead(path, Math.min(size, 1024 * 1024)));
	const { encoding, skip } = decoderFor(head);
	let text: AsyncIterable<string>;
	if (encoding === 'utf-8' && !isUtf8(head.subarray(skip), head.length === size)) {
		const bytes = await readFile(path);
		text = once(new TextDecoder('windows-1252').decode(bytes));
	} else if (size < 64 * 1024 * 1024 || encoding !== 'utf-8') {
		const bytes = await readFile(path);
		let decoded: string;
		try {
			decoded = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(skip));
		} catch {
			decoded = new TextDecoder('windows-1252').decode(bytes);
		}
		text = once(decoded);
	} else {
		text = createReadStream(path, { encoding: 'utf-8', start: skip });
	}
	yield* parseRows(normalisedLines(text), file, spec);
}

async function readHead(path: string, length: number): Promise<Buffer> {
	const stream = createReadStream(path, { start: 0, end: Math.max(0, length - 1) });
	const parts: Buffer[] = [];
	for await (const part of stream) parts.push(part as Buffer);
	return Buffer.concat(parts);
}

/** Valid UTF-8, allowing a sequence cut at the end when the bytes are only the start of the file. */
function isUtf8(bytes: Uint8Array, whole: boolean): boolean {
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(whole ? bytes : bytes.subarray(0, Math.max(0, bytes.length - 4)));
		return true;
	} catch {
		return false;
	}
}

async function* once(text: string): AsyncGenerator<string> {
	yield text;
}

/** One line ending everywhere keeps csv-parse's line numbers exact (they drift on CRLF inside quoted cells). */
async function* normalisedLines(text: AsyncIterable<string>): AsyncGenerator<string> {
	let pendingCr = false;
	for await (let part of text) {
		if (pendingCr) part = '\r' + part;
		pendingCr = part.endsWith('\r');
		if (pendingCr) part = part.slice(0, -1);
		yield part.replace(/\r\n?/g, '\n');
	}
	if (pendingCr) yield '\n';
}

async function* parseRows(text: AsyncIterable<string>, file: string, spec: UccxTableSpec): AsyncGenerator<ReadItem> {
	const iterator = text[Symbol.asyncIterator]();
	let first = '';
	const buffered: string[] = [];
	// The header line decides the delimiter: read until it is whole.
	while (!first.includes('\n')) {
		const next = await iterator.next();
		if (next.done) break;
		buffered.push(next.value);
		first += next.value;
	}
	if (first.trim() === '') {
		yield { rejection: { file, line: 1, raw: '', error: `${spec.name}: the file is empty (no header row)` } };
		return;
	}
	const skipped: UccxRejection[] = [];
	const startLine = (endLine: number, raw: string) => endLine - (raw.trim().match(/\n/g)?.length ?? 0);
	const cleanRaw = (raw: string) => raw.replace(/^\n+|\n+$/g, '');
	const parser = parse({
		delimiter: headerDelimiter(first.slice(0, first.indexOf('\n') === -1 ? undefined : first.indexOf('\n'))),
		record_delimiter: '\n',
		raw: true,
		info: true,
		skip_empty_lines: true,
		relax_column_count: true,
		relax_quotes: true,
		skip_records_with_error: true,
		on_skip: (error, raw) => {
			const at = typeof error?.lines === 'number' ? startLine(error.lines, raw ?? '') : 0;
			skipped.push({
				file,
				line: at,
				raw: cleanRaw(raw ?? '').slice(0, 8192),
				error: `unreadable CSV: ${error?.message ?? 'unknown error'}`
			});
		}
	});
	const feed = (async () => {
		try {
			for (const part of buffered) if (!parser.write(part)) await new Promise((r) => parser.once('drain', r));
			for (;;) {
				const next = await iterator.next();
				if (next.done) break;
				if (!parser.write(next.value)) await new Promise((r) => parser.once('drain', r));
			}
			parser.end();
		} catch (error) {
			parser.destroy(error as Error);
		}
	})();

	let header: string[] | undefined;
	for await (const entry of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
		while (skipped.length > 0) yield { rejection: skipped.shift()! };
		const line = startLine(entry.info.lines, entry.raw);
		const raw = cleanRaw(entry.raw);
		if (entry.record.every((cell) => cell.trim() === '')) continue;
		if (header === undefined) {
			header = entry.record.map((name) => name.trim());
			const missing = missingColumns(spec, header);
			if (missing.length > 0) {
				yield {
					rejection: {
						file,
						line,
						raw,
						error: `${spec.name}: missing required column(s) ${missing.join(', ')}; the file was not read`
					}
				};
				parser.destroy();
				await feed.catch(() => {});
				return;
			}
			const lower = header.map((name) => name.toLowerCase());
			const duplicate = header.find((_, i) => lower.indexOf(lower[i]!) !== i);
			if (duplicate !== undefined) {
				yield {
					rejection: {
						file,
						line,
						raw,
						error: `${spec.name}: column ${duplicate} appears twice; the file was not read`
					}
				};
				parser.destroy();
				await feed.catch(() => {});
				return;
			}
			continue;
		}
		if (entry.record.length !== header.length) {
			yield {
				rejection: {
					file,
					line,
					raw,
					error: `the row has ${entry.record.length} field(s) but the header has ${header.length}`
				}
			};
			continue;
		}
		const row: Row = {};
		header.forEach((name, i) => (row[name] = entry.record[i]!));
		rowOrigins.set(row, { file, line, raw });
		yield { row };
	}
	await feed;
	while (skipped.length > 0) yield { rejection: skipped.shift()! };
}
