import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { decodeLine, type IntakeItem } from './decode.ts';
import { checkedEvents, checkItems, storeItems, type CheckedItems, type IntakeResult } from './intake.ts';
import type { LineChunk } from './line-source.ts';
import type { QueueLogTranslator } from './sources/queue-log.ts';
import type { UccxChunk } from './sources/uccx/csv.ts';

/** What a command-line ingestion did, for its summary. Every rejected line is also a dead letter. */
export interface IngestTotals {
	accepted: number;
	duplicates: number;
	rejectedCount: number;
	/** The first rejections, for the summary; the dead letters keep them all. */
	rejected: { line: number; error: string }[];
}

const REJECTIONS_SHOWN = 20;
/** Batches being stored at once, each in its own transaction. */
const STORES_IN_FLIGHT = 2;
const ITEMS_PER_REQUEST = 5000;

/** Passes batches of lines through the intake, as `POST /api/events` does, adding up the answers. */
export interface IngestOptions {
	onProgress?: (totals: IngestTotals) => void;
	/**
	 * Keep trying a batch the database refused (an outage, a restart), telling `onRetry`, instead of stopping:
	 * for sources that follow a live file, where stopping would mean reading it again from the start.
	 */
	onRetry?: (error: unknown, delayMs: number) => void;
}

const MAX_RETRY_DELAY_MS = 10_000;

export async function ingestBatches(
	db: Kysely<Database>,
	batches: AsyncIterable<CheckedItems> | Iterable<CheckedItems>,
	source: string,
	options: IngestOptions = {}
): Promise<IngestTotals> {
	const { onProgress, onRetry } = options;
	const totals: IngestTotals = { accepted: 0, duplicates: 0, rejectedCount: 0, rejected: [] };
	const store = async (checked: CheckedItems) => {
		for (let attempt = 1; ; attempt++) {
			try {
				return await storeItems(db, checked, source);
			} catch (error) {
				if (!onRetry) throw error;
				const delay = Math.min(250 * 2 ** attempt, MAX_RETRY_DELAY_MS);
				onRetry(error, delay);
				await new Promise((resolve) => setTimeout(resolve, delay));
			}
		}
	};
	const add = (result: IntakeResult) => {
		totals.accepted += result.accepted;
		totals.duplicates += result.duplicates;
		totals.rejectedCount += result.rejected.length;
		totals.rejected.push(...result.rejected.slice(0, REJECTIONS_SHOWN - totals.rejected.length));
		onProgress?.(totals);
	};
	// NOTE: batches are stored while the next ones are read and checked (the sources check as they yield), so that
	// reading, parsing and validating (the Node side, about as costly as PostgreSQL's) overlap with the database's
	// work instead of waiting for it; and up to STORES_IN_FLIGHT at once, each in its own transaction and connection,
	// so that a source that yields several batches at a time (a UCCX slice, translated whole) keeps both the
	// database and this process busy. The intake is order-free: batches may commit in any order.
	const inFlight: Promise<void>[] = [];
	try {
		for await (const checked of batches) {
			if (checked.events.length + checked.deadLetters.length + checked.duplicates === 0) continue;
			if (inFlight.length >= STORES_IN_FLIGHT) await inFlight.shift();
			const storing = store(checked).then(add);
			// Awaited in turn below; this only keeps it from counting as unhandled meanwhile.
			storing.catch(() => {});
			inFlight.push(storing);
		}
		while (inFlight.length > 0) await inFlight.shift();
	} finally {
		// A batch that failed stops the run: the others still being stored finish first, whatever becomes of them.
		await Promise.allSettled(inFlight);
	}
	return totals;
}

/**
 * Events already in memory, a batch at a time (an importer's translated rows, an adapter's reads), through the
 * same intake: valid ones are stored once and queued for the worker, bad ones kept as dead letters whose line is
 * the event's position in the whole stream (from 1). Resolves once every accepted event is durable.
 */
export function importEvents(
	db: Kysely<Database>,
	batches: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
	source: string,
	options: IngestOptions = {}
): Promise<IngestTotals> {
	async function* checked() {
		let line = 1;
		for await (const values of batches) {
			yield checkItems(values.map((value) => ({ line: line++, value })));
		}
	}
	return ingestBatches(db, checked(), source, options);
}

/** NDJSON lines: one event each; blank lines are skipped but keep their number. */
export async function* ndjsonBatches(chunks: AsyncIterable<LineChunk>): AsyncGenerator<CheckedItems> {
	for await (const chunk of chunks) {
		yield checkItems(
			chunk.lines.flatMap((raw, i) => (raw.trim() === '' ? [] : [decodeLine(raw, chunk.firstLine + i)]))
		);
	}
}

/** queue_log lines through one translator, in order (it keeps each agent's state); a line may give two events. */
export async function* queueLogBatches(
	chunks: AsyncIterable<LineChunk>,
	translator: QueueLogTranslator
): AsyncGenerator<CheckedItems> {
	for await (const chunk of chunks) {
		const items: IntakeItem[] = [];
		chunk.lines.forEach((raw, i) => {
			if (raw.trim() === '') return;
			const line = chunk.firstLine + i;
			const result = translator.translate(raw);
			if ('error' in result) items.push({ line, raw, error: result.error });
			else for (const event of result.events) items.push({ line, raw, value: event });
		});
		yield checkItems(items);
	}
}

/**
 * A UCCX export's translation, slice by slice: in each slice the rows that failed first (their file and primary key
 * in the reason), then the events, which the translation has checked already.
 */
export async function* uccxBatches(chunks: AsyncIterable<UccxChunk>): AsyncGenerator<CheckedItems> {
	for await (const chunk of chunks) {
		const failed = chunk.rejected.map((r) => ({
			line: r.line,
			raw: r.raw,
			error: `${r.file}${r.key ? ` (${r.key})` : ''}: ${r.error}`
		}));
		yield checkedEvents([], failed);
		for (let i = 0; i < chunk.events.length; i += ITEMS_PER_REQUEST) {
			yield checkedEvents(chunk.events.slice(i, i + ITEMS_PER_REQUEST));
		}
	}
}
