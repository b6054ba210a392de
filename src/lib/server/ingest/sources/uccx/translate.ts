import { checkEvent, type AgentState, type VigieEvent } from '../../../../domain/event.ts';
import { derivedEventId } from '../../derived-id.ts';
import { parseUtcTimestamp, rfc3339, TimestampError } from '../../../../domain/timestamps.ts';
import { UCCX_TABLE_KEYS, UCCX_TABLES, type UccxTableKey, type UccxTableSpec } from './tables.ts';

/**
 * The one translation of Cisco UCCX 12.x historical rows (db_cra) into canonical events (contract §1 and §7).
 * CSV exports (`vigie ingest --format uccx-csv`) and the live connector's database reads both come here; they
 * differ only in how the rows arrive. Pure: rows in, events out.
 *
 * - ContactQueueDetail (one row per CSQ a call leg was queued to), joined to its ContactCallDetail leg, gives
 *   `call.queued` then `call.answered` + `call.ended` (agent from AgentConnectionDetail), `call.abandoned` or
 *   `call.dequeued`, following UCCX's dispositions (1 abandoned, 2 handled, 3 dequeued, 4 handled by script,
 *   5 handled by another CSQ — the last three are "dequeued" for this CSQ, as in Cisco's CSQ Activity report).
 * - AgentStateDetail gives `agent.state`, with the ReasonCodeLabelMap label of its reason code.
 * - Resource, ContactServiceQueue, ReasonCodeLabelMap and Team name agents, queues, reasons and teams.
 *
 * Every event id is derived from its source row's primary key, so a row read twice counts once.
 */

/** One row: column name → value. Names are matched case-insensitively; CSV gives text, ODBC numbers and text too. */
export type Row = Record<string, unknown>;

export interface UccxRejection {
	/** The file the row came from (its name inside the directory), or the table name for rows from a database. */
	file: string;
	/** 1-based line of the row in its file (the header is line 1); for rows given in memory, their position + 1. */
	line: number;
	raw: string;
	error: string;
	/** The row's primary key, `column=value, …`, when it could be read. */
	key?: string;
}

/** A handled queue row whose agent connection is not written yet (UCCX writes it when wrap-up ends). */
export interface UccxIncompleteLeg {
	key: string;
	/** When the row's call left the queue: how long it has been waiting for its connection row. */
	since: number;
	rejection: UccxRejection;
}

export interface UccxTranslation {
	events: VigieEvent[];
	rejected: UccxRejection[];
	/** Only with `deferIncomplete`: handled queue rows that wait for their AgentConnectionDetail row. */
	incomplete: UccxIncompleteLeg[];
	/** The files read (names inside the directory); empty when the tables were given in memory. */
	files: string[];
	/** Each agent's last state in these rows (AgentStateDetail eventType), for the next translation's ties. */
	lastStates: Map<string, number>;
}

/** The tables of one read. A table left out is "not read"; an empty array is "read, no rows". */
export type UccxTables = { [K in UccxTableKey]?: Row[] };

export interface UccxTranslateOptions {
	/**
	 * How to order two states of one agent written in the same millisecond: `source` keeps the rows' own order
	 * (a file's line order), `transitions` finds the order in which each change is a legal UCCX transition from
	 * the state before (database rows, whose order means nothing). Either way the order is kept in the events by
	 * giving each a microsecond more than the one before it.
	 */
	tieOrder?: 'source' | 'transitions';
	/** Return handled queue rows without their AgentConnectionDetail row as `incomplete` instead of rejecting them. */
	deferIncomplete?: boolean;
	/** The state each agent was last seen in before these rows (`lastStates` of the previous translation). */
	previousStates?: ReadonlyMap<string, number>;
	/** The CSQs each agent serves (by agent id), given to its states as `queues` for per-queue agent figures. */
	agentQueues?: ReadonlyMap<string, readonly string[]>;
}

/** Where each row came from, set by the reader; rows without one are numbered by position in their table. */
export const rowOrigins = new WeakMap<Row, { file: string; line: number; raw: string }>();

/** ContactQueueDetail.disposition (schema guide): what became of the call in that CSQ. */
const DISPOSITIONS: Readonly<Record<number, 'call.abandoned' | 'answered' | 'call.dequeued'>> = {
	1: 'call.abandoned', // abandoned (also aborted calls: ContactCallDetail.contactDisposition 4)
	2: 'answered', // handled by this CSQ
	3: 'call.dequeued', // dequeued (a Dequeue step)
	4: 'call.dequeued', // handled by script
	5: 'call.dequeued' // handled by another CSQ (overflow)
};

/**
 * AgentStateDetail.eventType → canonical state. A login (1) leaves the agent Not Ready: UCCX puts every agent in
 * Not Ready at login (system reason 32760, AGT_LOGON) until they make themselves Ready.
 */
const AGENT_EVENT_TYPES: Readonly<Record<number, AgentState>> = {
	1: 'not_ready',
	2: 'not_ready',
	3: 'ready',
	4: 'reserved',
	5: 'talking',
	6: 'work',
	7: 'logged_out'
};

/**
 * The changes of agent state UCCX makes (from eventType → to eventType), to order two rows written in the same
 * millisecond: a Ready and a Reserved at once mean Ready then Reserved after Work, Reserved then Ready after a
 * caller hung up while it rang.
 */
const LEGAL_TRANSITIONS: ReadonlySet<string> = new Set(
	[
		[1, [2, 3, 7]],
		[2, [2, 3, 4, 5, 7]],
		[3, [2, 4, 5, 7]],
		[4, [2, 3, 5, 7]],
		[5, [2, 3, 6, 7]],
		[6, [2, 3, 7]],
		[7, [1]]
	].flatMap(([from, tos]) => (tos as number[]).map((to) => `${from as number}>${to}`))
);

/** The reason a login row carries when it has none of its own: the code UCCX uses for "Not Ready after login". */
const LOGIN_REASON_CODE = 32760;

/**
 * System reason codes written by UCCX itself (Cisco Unified CCX Historical Reports / CTI Protocol guides,
 * "System-Generated Reason Codes"). Site codes are named by ReasonCodeLabelMap, or kept as their number.
 */
export const UCCX_SYSTEM_REASONS: Readonly<Record<number, string>> = {
	32741: 'Extension used by another agent', // AGT_EXTENSION_CONFLICT
	32742: 'Secondary line off-hook', // AGT_SEC_LINE_OFFHOOK
	32745: 'Outbound wrap-up', // OUTBOUND_WORK_REASONCODE
	32746: 'Reserved for direct preview outbound', // AGENT_RESERVED_OUTBOUND_DIRECTPREVIEW
	32747: 'Reserved for outbound', // AGENT_RESERVED_OUTBOUND
	32748: 'Agent deleted', // AGENT_DELETED
	32749: 'Consult cancelled', // CANCEL_FEATURE
	32750: 'Extension changed', // AGT_IPCC_EXT_CHANGED
	32751: 'Preview call skipped', // AGENT_SKIPS
	32752: 'Preview reservation cancelled', // CANCEL_RESERVATION
	32753: 'Line restricted', // LINE_RESTRICTED
	32754: 'Device restricted', // DEVICE_RESTRICTED
	32755: 'Call ended', // CALL_ENDED
	32756: 'Phone back up', // PHONE_UP
	32757: 'Unified CM failover', // CM_FAILOVER
	32758: 'Work timer expired', // WORK_TIMER_EXP
	32759: 'Phone down', // PHONE_DOWN
	32760: 'Agent login', // AGT_LOGON
	32761: 'Non-ACD call', // AGT_RCV_NON_ICD
	32762: 'Off-hook', // AGT_OFFHOOK
	32763: 'Ring no answer', // AGT_RNA
	32764: 'Unified CCX failover', // CRS_FAILURE
	32765: 'Connection down', // CONNECTION_DOWN
	32766: 'Desktop closed without logout', // CLOSE_CAD
	32767: 'Logged in on another device' // AGT_RELOGIN
};

/** The `reason` of a reason code without a site label: "Ring no answer (32763)" for a system code, else "101". */
export function uccxReason(code: number): string {
	const label = UCCX_SYSTEM_REASONS[code];
	return label === undefined ? String(code) : `${label} (${code})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows and cells

interface Origin {
	file: string;
	line: number;
	raw: string;
}

class RowError extends Error {}

/**
 * One row with case-insensitive, trimmed access; empty cells and NULLs read as absent. NOTE: the row is read in
 * place, through its table's column names found once, and where it came from is only written out for a rejection:
 * copying each row into a map and writing each out as JSON took half the translation's time on a year's import.
 */
class Cells {
	readonly #row: Row;
	readonly #columns: ReadonlyMap<string, string>;
	readonly #index: number;
	readonly spec: UccxTableSpec;

	constructor(row: Row, columns: ReadonlyMap<string, string>, index: number, spec: UccxTableSpec) {
		this.#row = row;
		this.#columns = columns;
		this.#index = index;
		this.spec = spec;
	}

	get origin(): Origin {
		return rowOrigins.get(this.#row) ?? { file: this.spec.name, line: this.#index + 2, raw: JSON.stringify(this.#row) };
	}

	text(column: string): string | undefined {
		const key = this.#columns.get(column) ?? this.#columns.get(column.toLowerCase());
		if (key === undefined) return undefined;
		const value = cellText(this.#row[key]);
		return value === '' ? undefined : value;
	}

	required(column: string): string {
		const value = this.text(column);
		if (value === undefined) throw new RowError(`${column} is empty`);
		return value;
	}

	/** An integer column as canonical text ("0042", "42.0" → "42"); identifiers may exceed 2^53, so no Number. */
	id(column: string): string {
		return canonicalInteger(this.required(column), column);
	}

	optionalId(column: string): string | undefined {
		const value = this.text(column);
		return value === undefined ? undefined : canonicalInteger(value, column);
	}

	int(column: string): number {
		return Number(this.id(column));
	}

	/** A duration or count where UCCX writes -1 (or nothing) for "none". */
	optionalCount(column: string): number | undefined {
		const value = this.optionalId(column);
		if (value === undefined) return undefined;
		const n = Number(value);
		return n < 0 ? undefined : n;
	}

	time(column: string): number {
		return timeOf(this.required(column), column);
	}

	optionalTime(column: string): number | undefined {
		const value = this.text(column);
		return value === undefined ? undefined : timeOf(value, column);
	}

	flag(column: string): boolean {
		return /^(t|true|1|y|yes)$/i.test(this.text(column) ?? '');
	}

	/** The row's primary key as `column=value, …`, for dead letters; the columns it lacks are left out. */
	key(): string {
		return this.spec.key
			.map((column) => [column, this.text(column)] as const)
			.filter(([, value]) => value !== undefined)
			.map(([column, value]) => `${column}=${value}`)
			.join(', ');
	}
}

function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
	if (value instanceof Date) return value.toISOString();
	return String(value).trim();
}

function timeOf(text: string, column: string): number {
	try {
		return parseUtcTimestamp(text, column);
	} catch (error) {
		if (error instanceof TimestampError) throw new RowError(error.message);
		throw error;
	}
}

function canonicalInteger(text: string, column: string): string {
	const match = /^([+-]?)0*(\d+?)(?:\.0*)?$/.exec(text);
	if (!match) throw new RowError(`${column} must be an integer, got "${text}"`);
	return match[2] === '0' ? '0' : `${match[1] === '-' ? '-' : ''}${match[2]}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The translation

type Draft =
	| { type: 'call.queued'; at: number; caller?: string }
	| { type: 'call.abandoned' | 'call.dequeued'; at: number }
	| { type: 'call.answered' | 'call.ended'; at: number; agent: string };

interface QueueRowResult {
	cells: Cells;
	keyParts: string[];
	baseCall: string;
	queue: string;
	seqNum: string;
	qIndex: string;
	drafts: Draft[];
}

interface Connection {
	start: number;
	end: number;
	ringTime: number;
	answered: boolean;
	qIndex: string | undefined;
	csq: string | undefined;
	resourceID: string;
	profileID: string;
}

/** An event with the instant it sorts by: its millisecond, then the microseconds a tie gave it. */
interface Timed {
	event: VigieEvent;
	ms: number;
	micros: number;
}

const EVENT_ORDER: Record<VigieEvent['type'], number> = {
	'call.queued': 0,
	'call.answered': 1,
	'call.abandoned': 2,
	'call.dequeued': 2,
	'call.ended': 3,
	'agent.state': 4
};

/** A caller's number longer than this is not a number (contract §1: `caller` ≤ 32 characters). */
const MAX_CALLER_LENGTH = 32;

/** ContactCallDetail.originatorType of an outside caller (1 is an agent, 2 a device such as a CTI port). */
const UNKNOWN_ORIGINATOR = '3';

class Incomplete extends RowError {}

/**
 * Rows (keys are column names, any case) in, canonical events out. Rows that cannot be translated are rejected
 * with their reason; every other row is still translated. Every event passes `checkEvent`.
 */
export function translateUccxTables(tables: UccxTables, options: UccxTranslateOptions = {}): UccxTranslation {
	const rejected: UccxRejection[] = [];
	const incomplete: UccxIncompleteLeg[] = [];
	const reject = (cells: { origin: Origin; key?: () => string } | Origin, error: string) => {
		if ('origin' in cells) {
			const key = cells.key?.();
			rejected.push({ ...cells.origin, error, ...(key ? { key } : {}) });
		} else {
			rejected.push({ ...cells, error });
		}
	};

	const prepared = {} as Record<UccxTableKey, Cells[] | undefined>;
	for (const key of UCCX_TABLE_KEYS) prepared[key] = prepareTable(key, tables[key], reject);

	const names = readNames(prepared, reject);
	const agentOf = (profileID: string | undefined, resourceID: string) =>
		names.agents?.get(profileID, resourceID) ?? `resource-${resourceID}`;

	// ContactCallDetail legs, by their key.
	const calls = new Map<string, { start: number; caller: string | undefined }>();
	const badCalls = new Map<string, Origin>();
	for (const cells of prepared.contactCallDetail ?? []) {
		let key: string | undefined;
		try {
			key = legKey(cells);
			const start = cells.time('startDateTime');
			const originatorType = cells.optionalId('originatorType');
			const number = cells.text('originatorDN');
			const caller =
				number !== undefined &&
				number.length <= MAX_CALLER_LENGTH &&
				(originatorType === undefined || originatorType === UNKNOWN_ORIGINATOR)
					? number
					: undefined;
			if (!calls.has(key)) calls.set(key, { start, caller });
		} catch (error) {
			if (!(error instanceof RowError)) throw error;
			if (key !== undefined && !badCalls.has(key)) badCalls.set(key, cells.origin);
			reject(cells, error.message);
		}
	}

	// AgentConnectionDetail rows, by leg.
	const connections = new Map<string, Connection[]>();
	for (const cells of prepared.agentConnectionDetail ?? []) {
		try {
			const talk = cells.optionalCount('talkTime') ?? 0;
			const hold = cells.optionalCount('holdTime') ?? 0;
			const connection: Connection = {
				start: cells.time('startDateTime'),
				end: cells.time('endDateTime'),
				ringTime: cells.optionalCount('ringTime') ?? 0,
				// Cisco's own reports count the handling agent as the connection with talkTime > 0 (rna = ring no answer).
				answered: !cells.flag('rna') && (talk > 0 || hold > 0),
				qIndex: cells.optionalId('qIndex'),
				csq: cells.optionalId('csqRecordID'),
				resourceID: cells.id('resourceID'),
				profileID: cells.id('profileID')
			};
			const key = legKey(cells);
			const list = connections.get(key);
			if (list) list.push(connection);
			else connections.set(key, [connection]);
		} catch (error) {
			if (!(error instanceof RowError)) throw error;
			reject(cells, error.message);
		}
	}

	// ContactQueueDetail: one (call, queue) leg each.
	const queueRows: QueueRowResult[] = [];
	const queueTable = prepared.contactQueueDetail ?? [];
	if (queueTable.length > 0 && prepared.contactCallDetail === undefined) {
		const first = queueTable[0]!.origin;
		reject(
			{ file: first.file, line: 1, raw: '' },
			`ContactCallDetail is not in the export: its ${queueTable.length} ContactQueueDetail row(s) cannot be joined to their calls`
		);
	} else {
		for (const cells of queueTable) {
			try {
				queueRows.push(translateQueueRow(cells));
			} catch (error) {
				if (!(error instanceof RowError)) throw error;
				if (error instanceof Incomplete && options.deferIncomplete) {
					incomplete.push({
						key: cells.key(),
						since: queueExit(cells),
						rejection: { ...cells.origin, error: error.message, key: cells.key() }
					});
				} else {
					reject(cells, error.message);
				}
			}
		}
	}

	/** When the call left this CSQ, as well as the row tells. */
	function queueExit(cells: Cells): number {
		try {
			const start = cells.optionalTime('startDateTime') ?? calls.get(legKey(cells))?.start ?? 0;
			return cells.optionalTime('endDateTime') ?? start + (cells.optionalCount('queueTime') ?? 0) * 1000;
		} catch {
			return 0; // unreadable times: the row is then as old as can be, and the caller gives up on it at once
		}
	}

	function translateQueueRow(cells: Cells): QueueRowResult {
		const [sessionID, seqNum, nodeID, profileID] = [
			cells.id('sessionID'),
			cells.id('sessionSeqNum'),
			cells.id('nodeID'),
			cells.id('profileID')
		];
		const targetType = cells.int('targetType');
		const targetID = cells.id('targetID');
		if (targetType === 1) throw new RowError('agent-based routing (targetType 1) has no CSQ: not translated');
		if (targetType !== 0) throw new RowError(`unknown targetType ${targetType} (0 is a CSQ)`);
		const dispositionCode = cells.int('disposition');
		const disposition = DISPOSITIONS[dispositionCode];
		if (disposition === undefined) {
			throw new RowError(
				`unknown disposition ${dispositionCode} (1 abandoned, 2 handled, 3 dequeued, 4 handled by script, 5 handled by another CSQ)`
			);
		}
		const qIndex = cells.optionalId('qIndex');
		const key = legKey(cells);
		const call = calls.get(key);
		if (!call) {
			const bad = badCalls.get(key);
			if (!bad && options.deferIncomplete) {
				throw new Incomplete(
					`no ContactCallDetail row for sessionID ${sessionID}, sessionSeqNum ${seqNum}, nodeID ${nodeID}, profileID ${profileID}`
				);
			}
			throw new RowError(
				bad
					? `its ContactCallDetail row (${bad.file} line ${bad.line}) was rejected`
					: `no ContactCallDetail row for sessionID ${sessionID}, sessionSeqNum ${seqNum}, nodeID ${nodeID}, profileID ${profileID}`
			);
		}
		let queue: string;
		if (names.queues) {
			const name = names.queues.get(profileID, targetID);
			if (name === undefined) throw new RowError(`targetID ${targetID} is not a recordID of ContactServiceQueue`);
			queue = name;
		} else {
			queue = `CSQ-${targetID}`;
		}

		const queuedAt = cells.optionalTime('startDateTime') ?? call.start;
		const drafts: Draft[] = [
			{ type: 'call.queued', at: queuedAt, ...(call.caller === undefined ? {} : { caller: call.caller }) }
		];
		if (disposition === 'answered') {
			const connection = answeringConnection(key, qIndex, targetID);
			const agent = agentOf(connection.profileID, connection.resourceID);
			const answeredAt = Math.max(queuedAt, connection.start + connection.ringTime * 1000);
			drafts.push({ type: 'call.answered', at: answeredAt, agent });
			drafts.push({ type: 'call.ended', at: Math.max(answeredAt, connection.end), agent });
		} else {
			const endedAt = cells.optionalTime('endDateTime');
			const queueTime = cells.optionalCount('queueTime');
			if (endedAt === undefined && queueTime === undefined) {
				throw new RowError(
					'queueTime is empty and there is no endDateTime: the time the call left the queue is unknown'
				);
			}
			drafts.push({ type: disposition, at: Math.max(queuedAt, endedAt ?? queuedAt + queueTime! * 1000) });
		}
		return {
			cells,
			keyParts: [profileID, nodeID, sessionID, seqNum, String(targetType), targetID, qIndex ?? ''],
			baseCall: `uccx-${profileID}-${nodeID}-${sessionID}`,
			queue,
			seqNum,
			qIndex: qIndex ?? '',
			drafts
		};
	}

	function answeringConnection(key: string, qIndex: string | undefined, csq: string): Connection {
		const all = connections.get(key) ?? [];
		const candidates = all.filter(
			(c) => c.answered && (qIndex === undefined || c.qIndex === undefined || c.qIndex === qIndex)
		);
		const sameCsq = candidates.filter((c) => c.csq === csq);
		const pool = sameCsq.length > 0 ? sameCsq : candidates.filter((c) => c.csq === undefined || c.csq === '-1');
		// The first agent to pick up, as the aggregates do when a leg has several answers.
		const chosen = [...(pool.length > 0 ? pool : candidates)].sort(
			(a, b) => a.start - b.start || a.resourceID.localeCompare(b.resourceID)
		)[0];
		if (chosen) return chosen;
		if (prepared.agentConnectionDetail === undefined) {
			throw new RowError(
				'handled (disposition 2) but AgentConnectionDetail is not in the export: the agent is unknown'
			);
		}
		if (all.length === 0) {
			// UCCX writes the connection when the agent's wrap-up ends: a live read may simply be early.
			throw new Incomplete(
				'handled (disposition 2) but no AgentConnectionDetail row for this leg: the agent is unknown'
			);
		}
		throw new RowError(
			'handled (disposition 2) but no AgentConnectionDetail row of this leg was answered (talkTime > 0)'
		);
	}

	// One call keeps its id across queues; if the same call entered the same queue on two legs (a transfer back
	// to the same CSQ), the later legs get their own id, since every call figure is kept per (call, queue).
	const firstLeg = new Map<string, string>();
	for (const row of queueRows) {
		const group = `${row.baseCall}\u001f${row.queue}`;
		const leg = legLabel(row);
		const known = firstLeg.get(group);
		if (known === undefined || compareLeg(leg, known) < 0) firstLeg.set(group, leg);
	}

	const events = new Map<string, Timed>();
	const accept = (cells: Cells, candidates: Timed[]) => {
		for (const timed of candidates) {
			const check = checkEvent(timed.event);
			if (!check.ok) {
				reject(cells, `${timed.event.type}: ${check.error}`);
				return;
			}
			timed.event = check.event;
		}
		for (const timed of candidates) if (!events.has(timed.event.id)) events.set(timed.event.id, timed);
	};

	for (const row of queueRows) {
		const leg = legLabel(row);
		const call = firstLeg.get(`${row.baseCall}\u001f${row.queue}`) === leg ? row.baseCall : `${row.baseCall}-${leg}`;
		// Every event of a queue row takes its id's time from the row's own queue time: the same at each read.
		const idTime = row.drafts[0]!.at;
		accept(
			row.cells,
			row.drafts.map((draft) => {
				const { at, ...fields } = draft;
				return {
					ms: at,
					micros: 0,
					event: {
						id: derivedEventId('uccx', idTime, UCCX_TABLES.contactQueueDetail.name, ...row.keyParts, draft.type),
						...fields,
						at: rfc3339(at),
						call,
						queue: row.queue
					} as VigieEvent
				};
			})
		);
	}

	const lastStates = new Map(options.previousStates ?? []);
	for (const group of agentStateGroups(prepared.agentStateDetail ?? [], reject)) {
		const agentKey = `${group.profileID ?? ''}|${group.agentID}`;
		const ordered =
			group.rows.length > 1 && options.tieOrder === 'transitions'
				? orderByTransitions(group.rows, lastStates.get(agentKey))
				: group.rows;
		ordered.forEach((row, rank) => {
			const { cells, eventType, code } = row;
			const meaningful = code !== undefined && code > 0 ? code : undefined;
			let reason: string | undefined;
			if ((eventType === 2 || eventType === 7) && meaningful !== undefined) reason = names.reasonOf(meaningful);
			if (eventType === 1) reason = names.reasonOf(meaningful ?? LOGIN_REASON_CODE);
			const at = rfc3339(group.at, rank);
			const agent = agentOf(group.profileID, group.agentID);
			const queues = options.agentQueues?.get(agent);
			accept(cells, [
				{
					ms: group.at,
					micros: rank,
					event: {
						id: derivedEventId(
							'uccx',
							group.at,
							UCCX_TABLES.agentStateDetail.name,
							group.profileID ?? '',
							group.agentID,
							new Date(group.at).toISOString(),
							String(eventType),
							code === undefined ? '' : String(code)
						),
						type: 'agent.state',
						at,
						agent,
						state: AGENT_EVENT_TYPES[eventType]!,
						...(reason === undefined ? {} : { reason }),
						...(queues && queues.length > 0 ? { queues: [...queues] } : {})
					} as VigieEvent
				}
			]);
		});
		lastStates.set(agentKey, ordered[ordered.length - 1]!.eventType);
	}

	const sorted = [...events.values()].sort(compareTimed).map((timed) => timed.event);
	return { events: sorted, rejected: sortRejections(rejected), incomplete, files: [], lastStates };
}

function compareTimed(a: Timed, b: Timed): number {
	return (
		a.ms - b.ms ||
		a.micros - b.micros ||
		EVENT_ORDER[a.event.type] - EVENT_ORDER[b.event.type] ||
		(a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0)
	);
}

/** The order of a translation's events, for merging translations: time (to the microsecond), then kind, then id. */
export function compareUccxEvents(a: VigieEvent, b: VigieEvent): number {
	const timed = (event: VigieEvent): Timed => {
		const micros = /\.\d{3}(\d{3})Z$/.exec(event.at);
		return { event, ms: Date.parse(event.at), micros: micros ? Number(micros[1]) : 0 };
	};
	return compareTimed(timed(a), timed(b));
}

interface StateRow {
	cells: Cells;
	eventType: number;
	code: number | undefined;
}

interface StateGroup {
	agentID: string;
	profileID: string | undefined;
	at: number;
	rows: StateRow[];
}

/**
 * AgentStateDetail rows, checked, grouped by agent and millisecond (the groups of more than one row are the
 * ties), in time order; within a group, the rows' own order.
 */
function agentStateGroups(table: Cells[], reject: (cells: Cells, error: string) => void): StateGroup[] {
	const groups = new Map<string, StateGroup>();
	for (const cells of table) {
		try {
			const agentID = cells.id('agentID');
			const profileID = cells.optionalId('profileID');
			const at = cells.time('eventDateTime');
			const eventType = cells.int('eventType');
			if (AGENT_EVENT_TYPES[eventType] === undefined) {
				throw new RowError(
					`unknown eventType ${eventType} (1 login, 2 not ready, 3 ready, 4 reserved, 5 talking, 6 work, 7 logout)`
				);
			}
			const code = cells.text('reasonCode') === undefined ? undefined : cells.int('reasonCode');
			const key = `${profileID ?? ''}|${agentID}|${at}`;
			let group = groups.get(key);
			if (!group) groups.set(key, (group = { agentID, profileID, at, rows: [] }));
			// The same row twice (overlapping files or reads) is one row, not a tie.
			if (!group.rows.some((r) => r.eventType === eventType && r.code === code))
				group.rows.push({ cells, eventType, code });
		} catch (error) {
			if (!(error instanceof RowError)) throw error;
			reject(cells, error.message);
		}
	}
	return [...groups.values()].sort((a, b) => a.at - b.at);
}

/**
 * The order of simultaneous rows in which every change is a legal transition from the state before (the agent's
 * previous state when known); among legal orders the rows' own, and the rows' own when none is legal.
 */
function orderByTransitions(rows: StateRow[], previous: number | undefined): StateRow[] {
	if (rows.length > 5) return rows;
	const legal = (order: StateRow[]) =>
		order.every((row, i) => {
			const from = i === 0 ? previous : order[i - 1]!.eventType;
			return from === undefined || LEGAL_TRANSITIONS.has(`${from}>${row.eventType}`);
		});
	for (const order of permutations(rows)) if (legal(order)) return order;
	return rows;
}

/** Every order of `items`, the given one first. */
function* permutations<T>(items: T[]): Generator<T[]> {
	if (items.length <= 1) {
		yield items;
		return;
	}
	for (let i = 0; i < items.length; i++) {
		const rest = [...items.slice(0, i), ...items.slice(i + 1)];
		for (const tail of permutations(rest)) yield [items[i]!, ...tail];
	}
}

interface Names {
	agents: { get(profile: string | undefined, id: string): string | undefined } | undefined;
	queues: { get(profile: string | undefined, id: string): string | undefined } | undefined;
	/** A reason code's text: the site's label, else Cisco's name for a system code, else the number. */
	reasonOf(code: number): string;
}

function readNames(
	prepared: Record<UccxTableKey, Cells[] | undefined>,
	reject: (cells: Cells, error: string) => void
): Names {
	const labels = new Map<number, string>();
	for (const cells of prepared.reasonCodeLabelMap ?? []) {
		try {
			const code = cells.int('code');
			const label = cells.required('label');
			if (!labels.has(code)) labels.set(code, label);
		} catch (error) {
			if (!(error instanceof RowError)) throw error;
			reject(cells, error.message);
		}
	}
	return {
		agents: lookup(prepared.resource, 'resourceID', 'resourceLoginID', reject),
		queues: lookup(prepared.contactServiceQueue, 'recordID', 'csqName', reject),
		reasonOf: (code) => labels.get(code) ?? uccxReason(code)
	};
}

function legKey(cells: Cells): string {
	return [cells.id('profileID'), cells.id('nodeID'), cells.id('sessionID'), cells.id('sessionSeqNum')].join('|');
}

/** A leg of a call inside the queue tables: `<sessionSeqNum>.<qIndex>`, or `<sessionSeqNum>` without qIndex. */
function legLabel(row: { seqNum: string; qIndex: string }): string {
	return row.qIndex === '' ? row.seqNum : `${row.seqNum}.${row.qIndex}`;
}

function compareLeg(a: string, b: string): number {
	const [aSeq = 0, aIdx = 0] = a.split('.').map(Number);
	const [bSeq = 0, bIdx = 0] = b.split('.').map(Number);
	return aSeq - bSeq || aIdx - bIdx;
}

/**
 * Wraps a table's rows, checking its columns once: a table without a required column is one rejection (naming
 * the missing columns) and then counts as read with no rows.
 */
function prepareTable(
	key: UccxTableKey,
	rows: Row[] | undefined,
	reject: (origin: Origin, error: string) => void
): Cells[] | undefined {
	if (rows === undefined) return undefined;
	const spec = UCCX_TABLES[key];
	const cells = rows.map((row, i) => new Cells(row, columnsOf(row), i, spec));
	if (rows.length === 0) return cells;
	const missing = missingColumns(spec, Object.keys(rows[0]!));
	if (missing.length > 0) {
		const first = cells[0]!.origin;
		reject(
			{ file: first.file, line: 1, raw: Object.keys(rows[0]!).join(',') },
			`${spec.name}: missing required column(s) ${missing.join(', ')}`
		);
		return [];
	}
	return cells;
}

/** A row's column names by their trimmed lower-case form (the first of two that differ only in case), kept per shape. */
const shapes = new Map<string, ReadonlyMap<string, string>>();
function columnsOf(row: Row): ReadonlyMap<string, string> {
	const keys = Object.keys(row);
	const shape = keys.join('\u001f');
	let columns = shapes.get(shape);
	if (columns === undefined) {
		const map = new Map<string, string>();
		for (const key of keys) {
			const name = key.trim().toLowerCase();
			if (!map.has(name)) map.set(name, key);
		}
		columns = map;
		if (shapes.size > 1000) shapes.clear();
		shapes.set(shape, columns);
	}
	return columns;
}

export function missingColumns(spec: UccxTableSpec, header: readonly string[]): string[] {
	const present = new Set(header.map((h) => h.trim().toLowerCase()));
	return spec.required.filter((column) => !present.has(column.toLowerCase()));
}

/** id → name from Resource or ContactServiceQueue, per profile; a row without profileID serves every profile. */
function lookup(
	table: Cells[] | undefined,
	idColumn: string,
	nameColumn: string,
	reject: (cells: Cells, error: string) => void
) {
	if (table === undefined) return undefined;
	const byProfile = new Map<string, string>();
	const anyProfile = new Map<string, string>();
	for (const cells of table) {
		try {
			const id = cells.id(idColumn);
			const name = cells.required(nameColumn);
			const profile = cells.optionalId('profileID');
			if (profile !== undefined && !byProfile.has(`${profile}|${id}`)) byProfile.set(`${profile}|${id}`, name);
			if (!anyProfile.has(id)) anyProfile.set(id, name);
		} catch (error) {
			if (!(error instanceof RowError)) throw error;
			reject(cells, error.message);
		}
	}
	return {
		get: (profile: string | undefined, id: string) =>
			(profile === undefined ? undefined : byProfile.get(`${profile}|${id}`)) ?? anyProfile.get(id)
	};
}

export function sortRejections(rejected: UccxRejection[]): UccxRejection[] {
	return rejected.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}
