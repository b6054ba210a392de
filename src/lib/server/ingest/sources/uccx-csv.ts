import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { checkEvent, type AgentState, type VigieEvent } from '../../../domain/event.ts';

/**
 * Cisco UCCX 12.x historical tables, exported as CSV, turned into canonical events (contract §1,
 * `vigie ingest --format uccx-csv DIR`). Column names and codes are those of the Cisco "Unified CCX Database
 * Schema Guide" (db_cra); docs/uccx-csv.md is the guide for the site's UCCX administrator.
 *
 * - ContactQueueDetail (one row per CSQ a call leg was queued to), joined to its ContactCallDetail leg, gives
 *   `call.queued` then `call.answered` + `call.ended` (agent from AgentConnectionDetail), `call.abandoned` or
 *   `call.dequeued`.
 * - AgentStateDetail gives `agent.state`.
 * - Resource and ContactServiceQueue name the agents and queues.
 *
 * Every event id is derived from the source row's key, so importing the same export twice counts once.
 */

/** One CSV row: header name → cell text. Header names are matched case-insensitively. */
export type Row = Record<string, string>;

export interface UccxRejection {
	/** The file the row came from (its name inside the directory), or the table name for rows given in memory. */
	file: string;
	/** 1-based line of the row in its file (the header is line 1); 1 for a problem with the header itself. */
	line: number;
	raw: string;
	error: string;
}

export interface UccxTranslation {
	events: VigieEvent[];
	rejected: UccxRejection[];
	/** The files read (names inside the directory); empty when the tables were given in memory. */
	files: string[];
}

/**
 * The tables of one export. A table left out (undefined) is "not exported"; an empty array is "exported, no rows".
 * That matters for ContactServiceQueue: without it, queues are named `CSQ-<recordID>`; with it, a queue row whose
 * CSQ is not in it is rejected.
 */
export interface UccxTables {
	contactCallDetail?: Row[];
	contactQueueDetail?: Row[];
	agentConnectionDetail?: Row[];
	agentStateDetail?: Row[];
	resource?: Row[];
	contactServiceQueue?: Row[];
}

type TableKey = keyof UccxTables;

interface TableSpec {
	/** The table name of the UCCX schema, also the start of the file name. */
	name: string;
	/** Columns every row needs (schema spelling; matched case-insensitively). */
	required: readonly string[];
	/** Columns used when present. */
	optional: readonly string[];
}

/** What each table must carry. Kept in step with docs/uccx-csv.md. */
export const UCCX_TABLES: Readonly<Record<TableKey, TableSpec>> = {
	contactCallDetail: {
		name: 'ContactCallDetail',
		required: ['sessionID', 'sessionSeqNum', 'nodeID', 'profileID', 'startDateTime'],
		optional: []
	},
	contactQueueDetail: {
		name: 'ContactQueueDetail',
		required: [
			'sessionID',
			'sessionSeqNum',
			'nodeID',
			'profileID',
			'targetID',
			'targetType',
			'disposition',
			'queueTime'
		],
		optional: ['qIndex', 'startDateTime', 'endDateTime']
	},
	agentConnectionDetail: {
		name: 'AgentConnectionDetail',
		required: [
			'sessionID',
			'sessionSeqNum',
			'nodeID',
			'profileID',
			'resourceID',
			'startDateTime',
			'endDateTime',
			'ringTime',
			'talkTime'
		],
		optional: ['qIndex', 'holdTime', 'rna', 'csqRecordID']
	},
	agentStateDetail: {
		name: 'AgentStateDetail',
		required: ['agentID', 'eventDateTime', 'eventType'],
		optional: ['reasonCode', 'profileID']
	},
	resource: { name: 'Resource', required: ['resourceID', 'resourceLoginID'], optional: ['profileID'] },
	contactServiceQueue: { name: 'ContactServiceQueue', required: ['recordID', 'csqName'], optional: ['profileID'] }
};

const TABLE_KEYS = Object.keys(UCCX_TABLES) as TableKey[];

/** ContactQueueDetail.disposition (schema guide): what became of the call in that CSQ. */
const DISPOSITIONS: Readonly<Record<number, 'call.abandoned' | 'answered' | 'call.dequeued'>> = {
	1: 'call.abandoned', // abandoned (also aborted calls: ContactCallDetail.contactDisposition 4)
	2: 'answered', // handled by this CSQ
	3: 'call.dequeued', // dequeued (a Dequeue step, overflow)
	4: 'call.dequeued', // handled by script
	5: 'call.dequeued' // handled by another CSQ
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

/** The reason a login row carries when it has none of its own: the code UCCX uses for "Not Ready after login". */
const LOGIN_REASON_CODE = 32760;

/**
 * System reason codes written by UCCX itself (Cisco Unified CCX Historical Reports / CTI Protocol guides,
 * "System-Generated Reason Codes"). Site codes (configured in Finesse) are kept as their number.
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

/** The `reason` of a reason code: "Ring no answer (32763)" for a system code, "101" for a site code. */
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

/** Where the directory reader found each row; rows given in memory have none and are numbered by position. */
const origins = new WeakMap<Row, Origin>();

class RowError extends Error {}

/** One row with case-insensitive, trimmed access; empty cells read as absent. */
class Cells {
	#values = new Map<string, string>();
	readonly origin: Origin;

	constructor(row: Row, origin: Origin) {
		for (const [key, value] of Object.entries(row)) {
			const name = key.trim().toLowerCase();
			if (!this.#values.has(name)) this.#values.set(name, (value ?? '').trim());
		}
		this.origin = origin;
	}

	text(column: string): string | undefined {
		const value = this.#values.get(column.toLowerCase());
		return value === undefined || value === '' ? undefined : value;
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
		return parseUtc(this.required(column), column);
	}

	optionalTime(column: string): number | undefined {
		const value = this.text(column);
		return value === undefined ? undefined : parseUtc(value, column);
	}

	flag(column: string): boolean {
		return /^(t|true|1|y|yes)$/i.test(this.text(column) ?? '');
	}
}

function canonicalInteger(text: string, column: string): string {
	const match = /^([+-]?)0*(\d+?)(?:\.0*)?$/.exec(text);
	if (!match) throw new RowError(`${column} must be an integer, got "${text}"`);
	return match[2] === '0' ? '0' : `${match[1] === '-' ? '-' : ''}${match[2]}`;
}

const TIMESTAMP =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A timestamp of the historical tables: `2026-03-02 08:15:00.123` (Informix `datetime year to fraction(3)`) or
 * ISO 8601. Without a zone it is UTC, as the schema guide states for every historical date (gmtOffset is 0).
 * Returns epoch milliseconds; anything else (a locale format such as 02/03/2026 08:15, an impossible date) throws.
 */
export function parseUtc(text: string, column = 'timestamp'): number {
	const m = TIMESTAMP.exec(text.trim());
	const fail = () => new RowError(`${column} is not a timestamp like 2026-03-02 08:15:00.123 (UTC): "${text}"`);
	if (!m) throw fail();
	const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
		number,
		number,
		number,
		number,
		number
	];
	const second = Number(m[6] ?? '0');
	const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
	const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
	const check = new Date(local);
	if (
		check.getUTCFullYear() !== year ||
		check.getUTCMonth() !== month - 1 ||
		check.getUTCDate() !== day ||
		check.getUTCHours() !== hour ||
		check.getUTCMinutes() !== minute ||
		check.getUTCSeconds() !== second
	) {
		throw fail();
	}
	const zone = (m[8] ?? 'Z').toUpperCase();
	if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return local;
	const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
	if (!offset) throw fail();
	const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? '0');
	if (minutes > 18 * 60) throw fail();
	return local - (offset[1] === '-' ? -1 : 1) * minutes * 60_000;
}

const iso = (ms: number) => new Date(ms).toISOString();

function eventId(...parts: string[]): string {
	return `uccx-${createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 32)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The translation

type Draft =
	| { type: 'call.queued' | 'call.abandoned' | 'call.dequeued'; at: number }
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
	cells: Cells;
	start: number;
	end: number;
	ringTime: number;
	answered: boolean;
	qIndex: string | undefined;
	csq: string | undefined;
	resourceID: string;
	profileID: string;
}

const EVENT_ORDER: Record<VigieEvent['type'], number> = {
	'call.queued': 0,
	'call.answered': 1,
	'call.abandoned': 2,
	'call.dequeued': 2,
	'call.ended': 3,
	'agent.state': 4
};

/**
 * The pure core: tables of rows (keys are header names, any case) in, canonical events out. Rows that cannot be
 * translated are rejected with their reason; every other row is still translated. Every event passes `checkEvent`.
 */
export function translateUccxTables(tables: UccxTables): UccxTranslation {
	const rejected: UccxRejection[] = [];
	const reject = (origin: Origin, error: string) => rejected.push({ ...origin, error });

	const prepared = {} as Record<TableKey, Cells[] | undefined>;
	for (const key of TABLE_KEYS) prepared[key] = prepareTable(key, tables[key], reject);

	const agentName = lookup(prepared.resource, 'resourceID', 'resourceLoginID', reject);
	const queueName = lookup(prepared.contactServiceQueue, 'recordID', 'csqName', reject);
	const agentOf = (profileID: string | undefined, resourceID: string) =>
		agentName?.get(profileID, resourceID) ?? `resource-${resourceID}`;

	// ContactCallDetail legs, by their key.
	const calls = new Map<string, { start: number }>();
	const badCalls = new Map<string, Origin>();
	for (const cells of prepared.contactCallDetail ?? []) {
		let key: string | undefined;
		try {
			key = legKey(cells);
			const start = cells.time('startDateTime');
			if (!calls.has(key)) calls.set(key, { start });
		} catch (error) {
			if (!(error instanceof RowError)) throw error;
			if (key !== undefined && !badCalls.has(key)) badCalls.set(key, cells.origin);
			reject(cells.origin, error.message);
		}
	}

	// AgentConnectionDetail rows, by leg.
	const connections = new Map<string, Connection[]>();
	for (const cells of prepared.agentConnectionDetail ?? []) {
		try {
			const talk = cells.optionalCount('talkTime') ?? 0;
			const hold = cells.optionalCount('holdTime') ?? 0;
			const connection: Connection = {
				cells,
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
			reject(cells.origin, error.message);
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
				reject(cells.origin, error.message);
			}
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
			throw new RowError(
				bad
					? `its ContactCallDetail row (${bad.file} line ${bad.line}) was rejected`
					: `no ContactCallDetail row for sessionID ${sessionID}, sessionSeqNum ${seqNum}, nodeID ${nodeID}, profileID ${profileID}`
			);
		}
		let queue: string;
		if (queueName) {
			const name = queueName.get(profileID, targetID);
			if (name === undefined) throw new RowError(`targetID ${targetID} is not a recordID of ContactServiceQueue`);
			queue = name;
		} else {
			queue = `CSQ-${targetID}`;
		}

		const queuedAt = cells.optionalTime('startDateTime') ?? call.start;
		const drafts: Draft[] = [{ type: 'call.queued', at: queuedAt }];
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
		throw new RowError(
			all.length > 0
				? 'handled (disposition 2) but no AgentConnectionDetail row of this leg was answered (talkTime > 0)'
				: 'handled (disposition 2) but no AgentConnectionDetail row for this leg: the agent is unknown'
		);
	}

	// One call keeps its id across queues; if the same call entered the same queue on two legs (a transfer back
	// to the same CSQ), the later legs get their own id, since every call figure is kept per (call, queue).
	const legsByCallQueue = new Map<string, Set<string>>();
	for (const row of queueRows) {
		const group = `${row.baseCall}\u001f${row.queue}`;
		const legs = legsByCallQueue.get(group) ?? new Set<string>();
		legs.add(legLabel(row));
		legsByCallQueue.set(group, legs);
	}
	const firstLeg = new Map<string, string>();
	for (const [group, legs] of legsByCallQueue) {
		const sorted = [...legs].sort((a, b) => compareLeg(a, b));
		firstLeg.set(group, sorted[0]!);
	}

	const events = new Map<string, VigieEvent>();
	const accept = (cells: Cells, candidates: VigieEvent[]) => {
		for (const event of candidates) {
			const check = checkEvent(event);
			if (!check.ok) {
				reject(cells.origin, `${event.type}: ${check.error}`);
				return;
			}
		}
		for (const event of candidates) if (!events.has(event.id)) events.set(event.id, event);
	};

	for (const row of queueRows) {
		const leg = legLabel(row);
		const call = firstLeg.get(`${row.baseCall}\u001f${row.queue}`) === leg ? row.baseCall : `${row.baseCall}-${leg}`;
		accept(
			row.cells,
			row.drafts.map((draft) => ({
				id: eventId(UCCX_TABLES.contactQueueDetail.name, ...row.keyParts, draft.type),
				type: draft.type,
				at: iso(draft.at),
				call,
				queue: row.queue,
				...('agent' in draft ? { agent: draft.agent } : {})
			})) as VigieEvent[]
		);
	}

	for (const cells of prepared.agentStateDetail ?? []) {
		try {
			const agentID = cells.id('agentID');
			const profileID = cells.optionalId('profileID');
			const at = cells.time('eventDateTime');
			const eventType = cells.int('eventType');
			const state = AGENT_EVENT_TYPES[eventType];
			if (state === undefined) {
				throw new RowError(
					`unknown eventType ${eventType} (1 login, 2 not ready, 3 ready, 4 reserved, 5 talking, 6 work, 7 logout)`
				);
			}
			const code = cells.text('reasonCode') === undefined ? undefined : cells.int('reasonCode');
			const meaningful = code !== undefined && code > 0 ? code : undefined;
			let reason: string | undefined;
			if (eventType === 2 || eventType === 7) reason = meaningful === undefined ? undefined : uccxReason(meaningful);
			if (eventType === 1) reason = uccxReason(meaningful ?? LOGIN_REASON_CODE);
			const event = {
				id: eventId(
					UCCX_TABLES.agentStateDetail.name,
					profileID ?? '',
					agentID,
					iso(at),
					String(eventType),
					code === undefined ? '' : String(code)
				),
				type: 'agent.state',
				at: iso(at),
				agent: agentOf(profileID, agentID),
				state,
				...(reason === undefined ? {} : { reason })
			} as VigieEvent;
			accept(cells, [event]);
		} catch (error) {
			if (!(error instanceof RowError)) throw error;
			reject(cells.origin, error.message);
		}
	}

	const sorted = [...events.values()].sort(
		(a, b) =>
			a.at.localeCompare(b.at) || EVENT_ORDER[a.type] - EVENT_ORDER[b.type] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
	return { events: sorted, rejected: sortRejections(rejected), files: [] };
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
 * the missing columns) and then counts as exported with no rows.
 */
function prepareTable(
	key: TableKey,
	rows: Row[] | undefined,
	reject: (origin: Origin, error: string) => void
): Cells[] | undefined {
	if (rows === undefined) return undefined;
	const spec = UCCX_TABLES[key];
	const cells = rows.map(
		(row, i) => new Cells(row, origins.get(row) ?? { file: spec.name, line: i + 2, raw: JSON.stringify(row) })
	);
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

function missingColumns(spec: TableSpec, header: readonly string[]): string[] {
	const present = new Set(header.map((h) => h.trim().toLowerCase()));
	return spec.required.filter((column) => !present.has(column.toLowerCase()));
}

/** id → name from Resource or ContactServiceQueue, per profile; a row without profileID serves every profile. */
function lookup(
	table: Cells[] | undefined,
	idColumn: string,
	nameColumn: string,
	reject: (origin: Origin, error: string) => void
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
			reject(cells.origin, error.message);
		}
	}
	return {
		get: (profile: string | undefined, id: string) =>
			(profile === undefined ? undefined : byProfile.get(`${profile}|${id}`)) ?? anyProfile.get(id)
	};
}

function sortRejections(rejected: UccxRejection[]): UccxRejection[] {
	return rejected.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

// ---------------------------------------------------------------------------------------------------------------
// The directory reader

/** The table a file holds, from its name: `ContactCallDetail.csv`, `contactcalldetail_2026-03-02.CSV`, … */
export function uccxTableOfFile(fileName: string): TableKey | undefined {
	const lower = fileName.toLowerCase();
	if (!lower.endsWith('.csv')) return undefined;
	const stem = lower.slice(0, -'.csv'.length);
	for (const key of TABLE_KEYS) {
		const name = UCCX_TABLES[key].name.toLowerCase();
		// The name must end there or be followed by a separator: Resource.csv, not ResourceGroup.csv.
		if (stem === name || (stem.startsWith(name) && /^[^a-z0-9]/.test(stem.slice(name.length)))) return key;
	}
	return undefined;
}

/**
 * Reads every UCCX table file of `dir` (see `uccxTableOfFile`; other files are ignored) and translates them.
 * Several files of one table (one per day, say) are read together.
 */
export async function translateUccxDirectory(dir: string): Promise<UccxTranslation> {
	const entries = await readdir(dir, { withFileTypes: true });
	const names = entries
		.filter((entry) => entry.isFile() && uccxTableOfFile(entry.name) !== undefined)
		.map((entry) => entry.name)
		.sort();
	const tables: UccxTables = {};
	const rejected: UccxRejection[] = [];
	for (const name of names) {
		const key = uccxTableOfFile(name)!;
		const read = await readTableFile(join(dir, name), name, UCCX_TABLES[key]);
		rejected.push(...read.rejected);
		(tables[key] ??= []).push(...read.rows);
	}
	const translation = translateUccxTables(tables);
	return {
		events: translation.events,
		rejected: sortRejections([...rejected, ...translation.rejected]),
		files: names
	};
}

/** UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (a French Windows export). */
function decode(bytes: Uint8Array): string {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return new TextDecoder('windows-1252').decode(bytes);
	}
}

/** The delimiter of the header line: the most frequent of , ; tab | (header names contain none of them). */
function headerDelimiter(text: string): string {
	const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
	let best = ',';
	let bestCount = 0;
	for (const candidate of [',', ';', '\t', '|']) {
		const count = firstLine.split(candidate).length - 1;
		if (count > bestCount) [best, bestCount] = [candidate, count];
	}
	return best;
}

async function readTableFile(
	path: string,
	file: string,
	spec: TableSpec
): Promise<{ rows: Row[]; rejected: UccxRejection[] }> {
	const rejected: UccxRejection[] = [];
	const rows: Row[] = [];
	// One line ending everywhere keeps csv-parse's line numbers exact (they drift on CRLF inside quoted cells).
	const text = decode(await readFile(path))
		.replace(/^\uFEFF/, '')
		.replace(/\r\n?/g, '\n');
	if (text.trim() === '') {
		rejected.push({ file, line: 1, raw: '', error: `${spec.name}: the file is empty (no header row)` });
		return { rows, rejected };
	}

	const startLine = (endLine: number, raw: string) => endLine - (raw.trim().match(/\n/g)?.length ?? 0);
	const cleanRaw = (raw: string) => raw.replace(/^\n+|\n+$/g, '');
	const parser = parse(text, {
		delimiter: headerDelimiter(text),
		record_delimiter: '\n',
		raw: true,
		info: true,
		skip_empty_lines: true,
		relax_column_count: true,
		relax_quotes: true,
		skip_records_with_error: true,
		on_skip: (error, raw) => {
			const at = typeof error?.lines === 'number' ? startLine(error.lines, raw ?? '') : 0;
			rejected.push({
				file,
				line: at,
				raw: cleanRaw(raw ?? '').slice(0, 8192),
				error: `unreadable CSV: ${error?.message ?? 'unknown error'}`
			});
		}
	});

	let header: string[] | undefined;
	for await (const entry of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
		const line = startLine(entry.info.lines, entry.raw);
		const raw = cleanRaw(entry.raw);
		if (entry.record.every((cell) => cell.trim() === '')) continue;
		if (header === undefined) {
			header = entry.record.map((name) => name.trim());
			const missing = missingColumns(spec, header);
			if (missing.length > 0) {
				rejected.push({
					file,
					line,
					raw,
					error: `${spec.name}: missing required column(s) ${missing.join(', ')}; the file was not read`
				});
				return { rows: [], rejected };
			}
			const lower = header.map((name) => name.toLowerCase());
			const duplicate = header.find((_, i) => lower.indexOf(lower[i]!) !== i);
			if (duplicate !== undefined) {
				rejected.push({
					file,
					line,
					raw,
					error: `${spec.name}: column ${duplicate} appears twice; the file was not read`
				});
				return { rows: [], rejected };
			}
			continue;
		}
		if (entry.record.length !== header.length) {
			rejected.push({
				file,
				line,
				raw,
				error: `the row has ${entry.record.length} field(s) but the header has ${header.length}`
			});
			continue;
		}
		const row: Row = {};
		header.forEach((name, i) => (row[name] = entry.record[i]!));
		origins.set(row, { file, line, raw });
		rows.push(row);
	}
	return { rows, rejected };
}
