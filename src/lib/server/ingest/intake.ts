import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { DemoDatabaseError, DEMO_SOURCE, demoHasRun } from '../demo/demo-guard.ts';
import { checkEvent, type VigieEvent } from '../../domain/event.ts';
import type { Database } from '../db/schema.ts';
import { withUniqueFallback } from '../db/unique-fallback.ts';
import { canCopy, copyField } from '../db/copy.ts';
import type { IntakeItem } from './decode.ts';

/** The answer of every source, as the contract gives it for `POST /api/events`. */
export interface IntakeResult {
	accepted: number;
	duplicates: number;
	rejected: { line: number; error: string }[];
}

/** Tells workers that events wait. The payload is empty: a worker always claims from the table. */
export const EVENTS_CHANNEL = 'vigie_events';

/** A dead letter keeps at most this much of a line: enough to diagnose it, not a way to fill the disk. */
const MAX_DEAD_LETTER_CHARS = 8192;

/** What a dead letter keeps of a line: PostgreSQL refuses NUL and broken UTF-16, so those are replaced. */
function storable(text: string): string {
	return text.slice(0, MAX_DEAD_LETTER_CHARS).toWellFormed().replaceAll('\u0000', '\uFFFD');
}

/** Lines checked and ready to store: the distinct valid events, and the bad lines as dead letters. */
export interface CheckedItems {
	events: VigieEvent[];
	/** Events whose id came earlier in the same lines. */
	duplicates: number;
	rejected: IntakeResult['rejected'];
	deadLetters: { line: number; raw: string; error: string }[];
}

/** Validates decoded lines, keeping the first of each id. Pure CPU: no database. */
export function checkItems(items: readonly IntakeItem[]): CheckedItems {
	const checked: CheckedItems = { events: [], duplicates: 0, rejected: [], deadLetters: [] };
	const idsInBatch = new Set<string>();
	for (const item of items) {
		const check = item.error === undefined ? checkEvent(item.value) : { ok: false as const, error: item.error };
		if (!check.ok) {
			checked.rejected.push({ line: item.line, error: check.error });
			checked.deadLetters.push({ line: item.line, raw: storable(rawOf(item)), error: storable(check.error) });
		} else if (idsInBatch.has(check.event.id)) {
			checked.duplicates++;
		} else {
			idsInBatch.add(check.event.id);
			checked.events.push(check.event);
		}
	}
	return checked;
}

/**
 * Events a translator has already passed through `checkEvent` (the UCCX translation does, to name the row at fault),
 * with the lines it could not translate: the same result as {@link checkItems} without checking each event again.
 * NOTE: the second check ran zod over every event again: about 5 % of the reader's CPU in a profile of a history
 * import.
 */
export function checkedEvents(events: readonly VigieEvent[], failed: readonly IntakeItem[] = []): CheckedItems {
	const checked = checkItems(failed);
	const idsInBatch = new Set<string>();
	for (const event of events) {
		if (idsInBatch.has(event.id)) checked.duplicates++;
		else {
			idsInBatch.add(event.id);
			checked.events.push(event);
		}
	}
	return checked;
}

/**
 * Stores checked lines: valid events once (their `id` is the idempotency key), queued for the worker, and bad
 * lines as dead letters with their reason. All of it commits together, so the caller's answer is only given once
 * every accepted event is durable.
 */
export async function storeItems(db: Kysely<Database>, checked: CheckedItems, source: string): Promise<IntakeResult> {
	// A database the demo wrote into takes no real events: its figures would mix both (issue #10, item 12).
	if (source !== DEMO_SOURCE && (await demoHasRun(db))) throw new DemoDatabaseError();
	const { events, deadLetters } = checked;
	const copy = canCopy(db);
	const accepted = await db.transaction().execute(async (trx) => {
		const inserted = copy ? await copyEvents(trx, events, source) : await storeEvents(trx, events, source);
		if (deadLetters.length > 0) {
			await sql`
				INSERT INTO dead_letters (source, line, raw, error)
				SELECT ${source}, line, raw, error
				FROM jsonb_to_recordset(${JSON.stringify(deadLetters)}::jsonb) AS d(line integer, raw text, error text)`.execute(trx);
		}
		if (inserted > 0) await sql`SELECT pg_notify(${EVENTS_CHANNEL}, '')`.execute(trx);
		return inserted;
	});
	return {
		accepted,
		duplicates: checked.duplicates + events.length - accepted,
		rejected: checked.rejected
	};
}

/** Accepts decoded lines from any source: {@link checkItems}, then {@link storeItems}. */
export async function acceptEvents(
	db: Kysely<Database>,
	items: readonly IntakeItem[],
	source: string
): Promise<IntakeResult> {
	return storeItems(db, checkItems(items), source);
}

/** The line as the sender wrote it, or, for an event handed over in memory, its JSON. */
function rawOf(item: IntakeItem): string {
	return item.raw ?? JSON.stringify(item.value) ?? String(item.value);
}

/** A text[] element holding a whole array, as PostgreSQL writes one: `{"Support N1","Comptes et accès"}`. */
function textArrayLiteral(values: readonly string[]): string {
	return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

/**
 * Stores events not seen before in the ledger and queues them for the worker, in one statement; returns how many
 * were new. NOTE: the fields travel as one array per column, unnested side by side, so nothing is parsed as JSON
 * in PostgreSQL; and the ledger is first written without ON CONFLICT, whose speculative insertion cost 7.1 µs of
 * backend CPU an event against 4.2 µs for a plain insert (20,000 events). Only a batch holding an id already
 * accepted (a sender retrying, an import read again) pays for it, once the plain insert has failed.
 */
async function storeEvents(trx: Transaction<Database>, events: readonly VigieEvent[], source: string) {
	if (events.length === 0) return 0;
	const column = <T>(of: (e: VigieEvent) => T) => events.map(of);
	const statement = (onConflict: RawBuilder<unknown>) => sql<{ inserted: number }>`
		WITH input AS (
			SELECT * FROM unnest(
				${column((e) => e.id)}::text[], ${column((e) => e.type)}::text[], ${column((e) => e.at)}::timestamptz[],
				${column((e) => ('call' in e ? e.call : null))}::text[],
				${column((e) => ('queue' in e ? e.queue : null))}::text[],
				${column((e) => ('agent' in e ? e.agent : null))}::text[],
				${column((e) => ('state' in e ? e.state : null))}::text[],
				${column((e) => e.reason ?? null)}::text[],
				${column((e) => ('queues' in e && e.queues ? textArrayLiteral(e.queues) : null))}::text[],
				${column((e) => ('caller' in e ? (e.caller ?? null) : null))}::text[]
			) AS e(id, type, at, call, queue, agent, state, reason, queues, caller)
		), stored AS (
			INSERT INTO events (id, type, at, source)
			SELECT id, type, at, ${source} FROM input
			${onConflict}
			RETURNING seq, id
		), queued AS (
			INSERT INTO pending_events (seq, id, type, at, call, queue, agent, state, reason, queues, caller)
			SELECT stored.seq, input.id, input.type, input.at, input.call, input.queue, input.agent, input.state,
				input.reason, input.queues::text[], input.caller
			FROM stored JOIN input USING (id)
			RETURNING seq
		)
		SELECT count(*)::int AS inserted FROM queued`;
	const result = await withUniqueFallback(trx, 'events', statement(sql``), statement(sql`ON CONFLICT (id) DO NOTHING`));
	return result.rows[0]?.inserted ?? 0;
}

/** The columns of an event as the intake stores them, in the order {@link copyEvents} writes them. */
const INTAKE_COLUMNS = sql.raw('id, type, at, call, queue, agent, state, reason, queues, caller');

/**
 * What {@link storeEvents} does, on a real PostgreSQL, through COPY (db/copy.ts): the events go into a batch table
 * of this session that empties itself at commit, each with its ledger `seq` taken from the ledger's own sequence
 * as it arrives, and from there into the ledger and the pending queue. NOTE: with the `seq` known beforehand, the
 * queue is filled from the batch table directly; joining the ledger's RETURNING rows back to the input by id cost
 * a sort of both, per batch. A batch holding an id already accepted falls back to ON CONFLICT, as there.
 */
async function copyEvents(trx: Transaction<Database>, events: readonly VigieEvent[], source: string) {
	if (events.length === 0) return 0;
	await sql`
		CREATE TEMPORARY TABLE IF NOT EXISTS intake_batch (
			-- The ledger's identity sequence, by name: pg_get_serial_sequence() here looked it up in the catalog for
			-- every row, and cost more than COPY saved.
			seq bigint NOT NULL DEFAULT nextval('events_seq_seq'),
			id text NOT NULL, type text NOT NULL, at timestamptz NOT NULL,
			call text, queue text, agent text, state text, reason text, queues text[], caller text
		) ON COMMIT DELETE ROWS`.execute(trx);
	let rows = '';
	for (const e of events) {
		rows +=
			`${copyField(e.id)}\t${copyField(e.type)}\t${copyField(e.at)}\t${copyField('call' in e ? e.call : null)}\t` +
			`${copyField('queue' in e ? e.queue : null)}\t${copyField('agent' in e ? e.agent : null)}\t` +
			`${copyField('state' in e ? e.state : null)}\t${copyField(e.reason)}\t` +
			`${copyField('queues' in e && e.queues ? textArrayLiteral(e.queues) : null)}\t` +
			`${copyField('caller' in e ? e.caller : null)}\n`;
	}
	await sql`COPY intake_batch (${INTAKE_COLUMNS}) FROM STDIN ${rows}`.execute(trx);
	// Every row is new (the usual case): both inserts take the whole batch. A data-modifying WITH runs whether or
	// not it is read.
	const fast = sql<{ inserted: number }>`
		WITH stored AS (
			INSERT INTO events (seq, id, type, at, source) OVERRIDING SYSTEM VALUE
			SELECT seq, id, type, at, ${source} FROM intake_batch
		), queued AS (
			INSERT INTO pending_events (seq, ${INTAKE_COLUMNS}) SELECT seq, ${INTAKE_COLUMNS} FROM intake_batch RETURNING seq
		)
		SELECT count(*)::int AS inserted FROM queued`;
	// Some ids were accepted before: only the new ones are queued.
	const careful = sql<{ inserted: number }>`
		WITH stored AS (
			INSERT INTO events (seq, id, type, at, source) OVERRIDING SYSTEM VALUE
			SELECT seq, id, type, at, ${source} FROM intake_batch
			ON CONFLICT (id) DO NOTHING
			RETURNING seq
		), queued AS (
			INSERT INTO pending_events (seq, ${INTAKE_COLUMNS})
			SELECT seq, ${INTAKE_COLUMNS} FROM intake_batch WHERE seq IN (SELECT seq FROM stored)
			RETURNING seq
		)
		SELECT count(*)::int AS inserted FROM queued`;
	const result = await withUniqueFallback(trx, 'events', fast, careful);
	return result.rows[0]?.inserted ?? 0;
}
