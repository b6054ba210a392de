import type { VigieEvent } from '../../domain/event.ts';
import { parseUtcTimestamp } from '../../domain/timestamps.ts';
import type { VigieDatabase } from '../db/database.ts';
import type { IntakeItem } from '../ingest/decode.ts';
import { ingestBatches } from '../ingest/ingest-run.ts';
import { checkedEvents, storeItems, type CheckedItems } from '../ingest/intake.ts';
import { translateUccxTables, type UccxRejection, type UccxTables } from '../ingest/sources/uccx/translate.ts';
import type { Logger } from '../log.ts';
import { connectUccx, type UccxConnection } from './odbc.ts';
import * as queries from './queries.ts';
import type { StatusSink } from './status.ts';
import { readWatermark, saveWatermark, updateAgentDirectory } from './store.ts';

/**
 * The historical reader: every `pollSeconds`, the UCCX historical tables (user uccxhruser) from a little before
 * where the last read stopped, through the one translation (ingest/sources/uccx/translate.ts) into the intake.
 *
 * NOTE on the window: UCCX writes a call's ContactCallDetail and AgentConnectionDetail rows when the agent's
 * wrap-up ends, and its ContactQueueDetail rows when the caller hangs up, so a row can appear long after the
 * leg started. Each read goes back `overlapSeconds` (default two hours, longer than a call plus its wrap-up)
 * before the newest leg start seen; event ids come from the rows' keys, so what was read before counts once. The
 * call tables are read by leg (ContactCallDetail.startDateTime), with their queue and connection rows joined to
 * the leg: a leg is complete when it is visible. Reads go in slices of at most SLICE_MS, so that a long gap
 * (the first import of a year of history, a week of outage) is read piece by piece with flat memory, each piece
 * saving its progress.
 */

export interface HistoricalReaderOptions {
	database: VigieDatabase;
	log: Logger;
	/** One per node, the preferred node first. */
	connectionStrings: string[];
	/** How to name each node in the log and supervision. */
	nodeNames: string[];
	pollSeconds: number;
	overlapSeconds: number;
	/** Agent states come from here only when Finesse does not give them. */
	readAgentStates: boolean;
	onStatus: StatusSink;
	/** Where to start when nothing was ever read (epoch ms); default: the start of the UTC day. */
	startAt?: number;
	now?: () => number;
}

export interface HistoricalReader {
	/** One read now (tests); resolves with what it did. */
	pollOnce(): Promise<PollResult>;
	/**
	 * Reads [from, to) once, slice by slice, whatever the watermarks (`vigie uccx history`: a site's first import of
	 * its history); `onSlice` is told after each slice.
	 */
	readRange(from: number, to: number, onSlice?: (reachedAt: number, total: PollResult) => void): Promise<PollResult>;
	/** Reads every `pollSeconds` from now on, retrying with a growing delay after a failure. */
	start(): void;
	/** The CSQs each agent serves, as last read from UCCX's skills and resource groups (empty before a read). */
	agentQueues(): ReadonlyMap<string, readonly string[]>;
	stop(): Promise<void>;
}

export interface PollResult {
	accepted: number;
	duplicates: number;
	rejected: number;
	/** The newest source time read (epoch ms), or null. */
	lastRowAt: number | null;
}

/** The part of a slice read at once. */
const SLICE_MS = 6 * 3600_000;
/** How far past Vigie's clock a source time may be (clocks of two systems). */
/**
 * The last slice of a read has no end: a row dated in the future (a UCCX clock gone wrong) is read, and becomes a
 * dead letter, rather than being silently skipped. The watermark never goes past Vigie's clock plus this much, so
 * that such a row cannot make the reader skip the present.
 */
const CLOCK_TOLERANCE_MS = 5 * 60_000;
/** `datetime year to fraction(3)` holds no later time: "no end" for a window. */
const NO_END = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const MAX_RETRY_DELAY_MS = 60_000;
/** Events stored in one transaction. */
const BATCH = 5000;

const LEGS = 'ContactCallDetail';
const STATES = 'AgentStateDetail';

export function createHistoricalReader(options: HistoricalReaderOptions): HistoricalReader {
	const { database, log, connectionStrings, nodeNames, readAgentStates, onStatus } = options;
	const now = options.now ?? Date.now;
	const overlapMs = options.overlapSeconds * 1000;
	let node = 0;
	let connection: UccxConnection | null = null;
	// Event ids sent already, with their time, so that re-reading the overlap does not send them again.
	const sent = new Map<string, number>();
	// Dead letters written already (table, key, reason), for the same reason.
	const deadLettered = new Map<string, number>();
	// Handled queue rows waiting for their connection row: first seen (Vigie's clock).
	const waiting = new Map<string, number>();
	let lastRowAt: number | null = null;
	let directory = '';
	let queuesOfAgents: ReadonlyMap<string, readonly string[]> = new Map();
	let mappingProblem = '';

	const name = (i: number) => nodeNames[i] ?? `node ${i + 1}`;

	/** A connection to the preferred node that answers; tries each node once, from the current one. */
	async function connect(): Promise<UccxConnection> {
		if (connection) return connection;
		const errors: string[] = [];
		for (let attempt = 0; attempt < connectionStrings.length; attempt++) {
			const i = (node + attempt) % connectionStrings.length;
			try {
				connection = await connectUccx(connectionStrings[i]!, `the historical tables on ${name(i)}`);
				if (i !== node) log.warn({ from: name(node), to: name(i) }, 'uccx historical: reading the other node');
				node = i;
				return connection;
			} catch (error) {
				errors.push((error as Error).message);
			}
		}
		throw new Error(errors.join('; '));
	}

	async function read(statement: queries.Statement) {
		const open = await connect();
		try {
			return await open.query(statement.sql, statement.parameters);
		} catch (error) {
			// A broken connection is dropped: the next read reconnects, to the other node if this one is gone.
			connection = null;
			await open.close();
			node = (node + 1) % connectionStrings.length;
			throw error;
		}
	}

	async function names(): Promise<UccxTables> {
		const tables: UccxTables = {};
		for (const [key, statement] of Object.entries(queries.NAME_TABLES)) {
			tables[key as keyof typeof queries.NAME_TABLES] = await read(statement);
		}
		await readAgentQueues();
		return tables;
	}

	/** Which CSQs each agent serves; without it agents still show, only not per queue. */
	async function readAgentQueues(): Promise<void> {
		try {
			const rows = await (await connect()).query(queries.AGENT_CSQS.sql);
			const map = new Map<string, string[]>();
			for (const row of rows) {
				const agent = String(row.resourceloginid ?? '').trim();
				const csq = String(row.csqname ?? '').trim();
				if (agent === '' || csq === '') continue;
				const list = map.get(agent) ?? [];
				if (!list.includes(csq)) list.push(csq);
				map.set(agent, list);
			}
			for (const list of map.values()) list.sort();
			queuesOfAgents = map;
			mappingProblem = '';
		} catch (error) {
			const message = (error as Error).message;
			if (message !== mappingProblem) {
				log.warn(
					{ err: message },
					'uccx historical: cannot read which CSQs agents serve (skills, resource groups); agents are shown without their queues'
				);
				mappingProblem = message;
			}
		}
	}

	/** Events not sent yet, and the rejections not dead-lettered yet, into the intake. */
	async function deliver(events: VigieEvent[], rejected: UccxRejection[]): Promise<PollResult> {
		const fresh = events.filter((event) => !sent.has(event.id));
		const letters = rejected.filter((r) => !deadLettered.has(`${r.file}|${r.key}|${r.error}`));
		const result: PollResult = { accepted: 0, duplicates: 0, rejected: letters.length, lastRowAt };
		// The translation checked each event already: the intake only sets aside the ids it has stored before.
		for (let i = 0; i < fresh.length; i += BATCH) {
			const answer = await storeItems(database.db, checkedEvents(fresh.slice(i, i + BATCH)), 'uccx');
			result.accepted += answer.accepted;
			result.duplicates += answer.duplicates;
		}
		const byTable = new Map<string, IntakeItem[]>();
		for (const r of letters) {
			const items = byTable.get(r.file) ?? [];
			items.push({ line: r.line, raw: r.raw, error: `${r.file}${r.key ? ` (${r.key})` : ''}: ${r.error}` });
			byTable.set(r.file, items);
		}
		for (const [table, items] of byTable) await storeItems(database.db, checkedEvents([], items), `uccx:${table}`);
		const at = now();
		for (const event of fresh) sent.set(event.id, Date.parse(event.at));
		for (const r of letters) deadLettered.set(`${r.file}|${r.key}|${r.error}`, at);
		return result;
	}

	/** Reads one table's window slice by slice, from `watermark - overlap`, saving the watermark after each. */
	async function readWindow(
		table: string,
		readSlice: (from: number, to: number) => Promise<{ tables: UccxTables; newest: number | null }>,
		total: PollResult
	): Promise<void> {
		const stored = await readWatermark(database.db, table);
		const watermark = stored ?? options.startAt ?? startOfUtcDay(now());
		const present = now();
		let from = stored === null ? watermark : watermark - overlapMs;
		let newest = watermark;
		for (let to = from; to < NO_END; from = to) {
			// The last slice runs to no end at once: an ordinary poll is one read of each table.
			to = from + SLICE_MS >= present ? NO_END : from + SLICE_MS;
			const slice = await readSlice(from, to);
			const result = translate(slice.tables);
			const delivered = await deliver(result.events, result.rejected);
			total.accepted += delivered.accepted;
			total.duplicates += delivered.duplicates;
			total.rejected += delivered.rejected;
			if (slice.newest !== null && slice.newest > newest) newest = Math.min(slice.newest, present + CLOCK_TOLERANCE_MS);
			// Saved only once what the slice gave is in the intake: a reader killed mid-read starts again from here.
			if (newest > watermark || stored === null) await saveWatermark(database.db, table, newest);
		}
		lastRowAt = Math.max(lastRowAt ?? 0, newest);
		prune(sent, newest - overlapMs - SLICE_MS);
		prune(deadLettered, now() - 2 * overlapMs);
	}

	function translate(tables: UccxTables) {
		const result = translateUccxTables(tables, {
			tieOrder: 'transitions',
			deferIncomplete: true,
			agentQueues: queuesOfAgents
		});
		const rejected = [...result.rejected];
		const at = now();
		for (const leg of result.incomplete) {
			const first = waiting.get(leg.key) ?? at;
			waiting.set(leg.key, first);
			// Past the overlap, its connection row will not come: a dead letter, so that nothing goes unsaid.
			if (at - first > overlapMs) {
				rejected.push({
					...leg.rejection,
					error: `${leg.rejection.error} (still none after ${Math.round(overlapMs / 60_000)} minutes)`
				});
				waiting.delete(leg.key);
			}
		}
		return { events: result.events, rejected };
	}

	async function pollOnce(): Promise<PollResult> {
		const total: PollResult = { accepted: 0, duplicates: 0, rejected: 0, lastRowAt };
		const nameTables = await names();
		const agents = agentNames(nameTables);
		if (agents.key !== directory) {
			await updateAgentDirectory(database.db, agents.entries, 'uccx');
			directory = agents.key;
		}
		await readWindow(
			LEGS,
			async (from, to) => {
				const [legs, queueRows, connections] = [
					await read(queries.callLegs(from, to)),
					await read(queries.queueRowsOfLegs(from, to)),
					await read(queries.connectionsOfLegs(from, to))
				];
				return {
					tables: {
						...nameTables,
						contactCallDetail: legs,
						contactQueueDetail: queueRows,
						agentConnectionDetail: connections
					},
					newest: newestTime(legs, 'startdatetime')
				};
			},
			total
		);
		if (readAgentStates) {
			await readWindow(
				STATES,
				async (from, to) => {
					const rows = await read(queries.agentStates(from, to));
					return { tables: { ...nameTables, agentStateDetail: rows }, newest: newestTime(rows, 'eventdatetime') };
				},
				total
			);
		}
		total.lastRowAt = lastRowAt;
		onStatus({
			part: 'historical',
			state: 'live',
			node: name(node),
			lastRowAt,
			lastReadAt: now(),
			error: null
		});
		return total;
	}

	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	let running: Promise<void> = Promise.resolve();
	let failures = 0;

	const loop = () => {
		if (stopped) return;
		running = pollOnce()
			.then((result) => {
				if (failures > 0) log.info({ node: name(node) }, 'uccx historical: reading again');
				failures = 0;
				if (result.accepted > 0 || result.rejected > 0)
					log.debug({ ...result, node: name(node) }, 'uccx historical: read');
			})
			.catch((error: unknown) => {
				failures++;
				const message = error instanceof Error ? error.message : String(error);
				log.error({ err: message, node: name(node), failures }, 'uccx historical: read failed; retrying');
				onStatus({
					part: 'historical',
					state: 'failing',
					node: name(node),
					lastRowAt,
					lastReadAt: null,
					error: message
				});
			})
			.finally(() => {
				if (stopped) return;
				const delay =
					failures === 0
						? options.pollSeconds * 1000
						: Math.min(1000 * 2 ** (failures - 1), MAX_RETRY_DELAY_MS, options.pollSeconds * 1000);
				timer = setTimeout(loop, delay);
			});
	};

	async function readRange(
		from: number,
		to: number,
		onSlice?: (reachedAt: number, total: PollResult) => void
	): Promise<PollResult> {
		const total: PollResult = { accepted: 0, duplicates: 0, rejected: 0, lastRowAt: null };
		const nameTables = await names();
		// No memory of what was sent: a year would not fit, and the intake counts each event once anyway.
		async function* translated(tables: UccxTables): AsyncGenerator<CheckedItems> {
			const result = translateUccxTables(tables, { tieOrder: 'transitions', agentQueues: queuesOfAgents });
			if (result.rejected.length > 0) total.rejected += (await deliver([], result.rejected)).rejected;
			for (let i = 0; i < result.events.length; i += BATCH) yield checkedEvents(result.events.slice(i, i + BATCH));
		}
		async function* slices(): AsyncGenerator<CheckedItems> {
			for (let start = from; start < to; start += SLICE_MS) {
				const end = Math.min(to, start + SLICE_MS);
				const legs = await read(queries.callLegs(start, end));
				yield* translated({
					...nameTables,
					contactCallDetail: legs,
					contactQueueDetail: await read(queries.queueRowsOfLegs(start, end)),
					agentConnectionDetail: await read(queries.connectionsOfLegs(start, end))
				});
				if (readAgentStates)
					yield* translated({ ...nameTables, agentStateDetail: await read(queries.agentStates(start, end)) });
				total.lastRowAt = Math.max(total.lastRowAt ?? 0, newestTime(legs, 'startdatetime') ?? 0) || null;
				onSlice?.(end, total);
			}
		}
		// NOTE: through the intake's pipeline, each slice is read from UCCX and translated while the previous batch
		// is being stored: on a year's import, the Node side and PostgreSQL work at the same time.
		await ingestBatches(database.db, slices(), 'uccx', {
			onProgress: (totals) => {
				total.accepted = totals.accepted;
				total.duplicates = totals.duplicates;
			}
		});
		return total;
	}

	return {
		pollOnce,
		readRange,
		agentQueues: () => queuesOfAgents,
		start() {
			onStatus({ part: 'historical', state: 'starting', node: null, lastRowAt, lastReadAt: null, error: null });
			loop();
		},
		async stop() {
			stopped = true;
			clearTimeout(timer);
			await running;
			await connection?.close();
			connection = null;
		}
	};
}

function startOfUtcDay(ms: number): number {
	return ms - (ms % 86_400_000);
}

function prune(map: Map<string, number>, before: number): void {
	for (const [key, at] of map) if (at < before) map.delete(key);
}

/** The newest time of a column over rows from ODBC (`2026-03-02 08:15:00.123`, UTC). */
function newestTime(rows: Record<string, unknown>[], column: string): number | null {
	let newest: number | null = null;
	for (const row of rows) {
		const text = row[column];
		if (typeof text !== 'string') continue;
		let at: number;
		try {
			at = parseUtcTimestamp(text, column);
		} catch {
			continue; // the translation has made it a dead letter
		}
		if (newest === null || at > newest) newest = at;
	}
	return newest;
}

/** Agents' names and teams from Resource and Team, with a key that changes when any of them does. */
function agentNames(tables: UccxTables) {
	const teams = new Map<string, string>();
	for (const row of tables.team ?? []) teams.set(`${row.profileid}|${row.teamid}`, String(row.teamname ?? ''));
	const entries = new Map<string, { displayName: string | null; team: string | null }>();
	for (const row of tables.resource ?? []) {
		const login = typeof row.resourceloginid === 'string' ? row.resourceloginid.trim() : '';
		if (login === '') continue;
		const active = row.active === true || /^(t|true|1)$/i.test(String(row.active ?? 't'));
		if (!active && entries.has(login)) continue;
		entries.set(login, {
			displayName:
				typeof row.resourcename === 'string' && row.resourcename.trim() !== '' ? row.resourcename.trim() : null,
			team: teams.get(`${row.profileid}|${row.assignedteamid}`) ?? null
		});
	}
	const list = [...entries].map(([agent, e]) => ({ agent, ...e })).sort((a, b) => a.agent.localeCompare(b.agent));
	return { entries: list, key: JSON.stringify(list) };
}
