import type { VigieDatabase } from '../db/database.ts';
import { acceptEvents } from '../ingest/intake.ts';
import type { Logger } from '../log.ts';
import { connectUccx, type UccxConnection } from './odbc.ts';
import * as queries from './queries.ts';
import type { StatusSink } from './status.ts';
import { markSnapshotsStale, saveSnapshots, type SnapshotRow } from './store.ts';

/**
 * The real-time reader: every `pollSeconds`, UCCX's Real-Time Snapshot tables (RtCSQsSummary per CSQ,
 * RtICDStatistics for the whole system; user uccxwallboard), the one path Cisco sanctions for third-party
 * wallboards. The latest snapshot of each CSQ goes to `uccx_snapshots` with its own time, and web processes are
 * told (NOTIFY), so that screens show it at once.
 *
 * A snapshot whose time stops moving is stale: UCCX stopped writing it (RTSS turned off, the engine stopped), and
 * its tile says so, since then. With two nodes, the snapshot is read from the node that holds the master database
 * (`/uccx/isDBMaster`), re-asked now and then and after every failure.
 */

export interface RealtimeReaderOptions {
	database: VigieDatabase;
	log: Logger;
	/** One per node, in node order. */
	connectionStrings: string[];
	nodeNames: string[];
	/** The nodes' web addresses, in node order, to ask which one holds the master database; empty: not asked. */
	nodeUrls: string[];
	pollSeconds: number;
	onStatus: StatusSink;
	now?: () => number;
}

export interface RealtimeReader {
	pollOnce(): Promise<void>;
	start(): void;
	stop(): Promise<void>;
}

/** How often to ask which node holds the master database, when nothing fails. */
const MASTER_CHECK_MS = 30_000;
const MASTER_TIMEOUT_MS = 3000;
const MAX_RETRY_DELAY_MS = 30_000;

/**
 * A snapshot that has not moved for three polls is stale (VIGIE_UCCX_REALTIME_POLL_S is the site's RTSS interval:
 * three snapshots missed), and never before 3 s.
 */
export function staleAfterMs(pollSeconds: number): number {
	return Math.max(3000, 3 * pollSeconds * 1000);
}

/** Counters taken from each snapshot row (durations in milliseconds, as UCCX writes them). */
const FIGURES = [
	'loggedinagents',
	'availableagents',
	'unavailableagents',
	'talkingagents',
	'workingagents',
	'reservedagents',
	'totalcalls',
	'callshandled',
	'callsabandoned',
	'callsdequeued',
	'callswaiting',
	'oldestcontact',
	'avgtalkduration',
	'avgwaitduration',
	'longesttalkduration',
	'longestwaitduration',
	'totalcsqs'
] as const;

/** Whether an `/uccx/isDBMaster` answer says "this node holds the master database". */
export function saysMaster(body: string): boolean {
	return /master\s*>\s*true/i.test(body) || /^\s*true\s*$/i.test(body);
}

export function createRealtimeReader(options: RealtimeReaderOptions): RealtimeReader {
	const { database, log, connectionStrings, nodeNames, nodeUrls, onStatus } = options;
	const now = options.now ?? Date.now;
	const staleMs = staleAfterMs(options.pollSeconds);
	let node = 0;
	let connection: UccxConnection | null = null;
	let masterCheckedAt = -Infinity;
	let lastGoodRead: number | null = null;
	let lastMoved: number | null = null;
	let savedKey = '';
	// Per snapshot row: its source time and when Vigie saw it change.
	const seen = new Map<string, { sourceTime: string; movedAt: number }>();
	const name = (i: number) => nodeNames[i] ?? `node ${i + 1}`;

	/** Asks each node's `/uccx/isDBMaster`; moves to the master if it is not the node read now. */
	async function followMaster(): Promise<void> {
		if (nodeUrls.length < 2 || now() - masterCheckedAt < MASTER_CHECK_MS) return;
		masterCheckedAt = now();
		const answers = await Promise.all(
			nodeUrls.map(async (url) => {
				try {
					const response = await fetch(`${url.replace(/\/+$/, '')}/uccx/isDBMaster`, {
						signal: AbortSignal.timeout(MASTER_TIMEOUT_MS)
					});
					return response.ok && saysMaster(await response.text());
				} catch {
					return false;
				}
			})
		);
		const master = answers.indexOf(true);
		if (master >= 0 && master !== node) {
			log.warn({ from: name(node), to: name(master) }, 'uccx realtime: the master database is on the other node now');
			await connection?.close();
			connection = null;
			node = master;
		}
	}

	async function connect(): Promise<UccxConnection> {
		if (connection) return connection;
		connection = await connectUccx(connectionStrings[node]!, `the real-time snapshots on ${name(node)}`, {
			queryTimeoutSeconds: Math.max(5, options.pollSeconds * 2)
		});
		return connection;
	}

	async function pollOnce(): Promise<void> {
		await followMaster();
		const open = await connect();
		let csqs: Record<string, unknown>[];
		let system: Record<string, unknown>[];
		try {
			csqs = await open.query(queries.CSQ_SNAPSHOTS.sql);
			system = await open.query(queries.SYSTEM_SNAPSHOT.sql);
		} catch (error) {
			connection = null;
			await open.close();
			// Without node addresses to ask, the other node is tried next; with them, the master is asked again.
			if (nodeUrls.length < 2) node = (node + 1) % connectionStrings.length;
			masterCheckedAt = -Infinity;
			throw error;
		}
		const at = now();
		lastGoodRead = at;
		const rows: SnapshotRow[] = [];
		const broken: { table: string; key: string; raw: string; error: string }[] = [];
		const candidates = [
			...csqs.map((r) => ({ table: 'RtCSQsSummary', key: String(r.csqname ?? '').trim(), r })),
			...voiceRow(system).map((row) => ({ table: 'RtICDStatistics', ...row }))
		];
		for (const row of candidates) {
			const problem = snapshotProblem(row.table, row.key, row.r);
			if (problem) {
				broken.push({ table: row.table, key: row.key, raw: JSON.stringify(row.r), error: problem });
				continue;
			}
			const sourceTime = String(row.r.enddatetime);
			const known = seen.get(row.key);
			const movedAt = known && known.sourceTime === sourceTime ? known.movedAt : at;
			seen.set(row.key, { sourceTime, movedAt });
			const figures: Record<string, number | null> = {};
			for (const figure of FIGURES) {
				const value = row.r[figure];
				if (value !== undefined) figures[figure] = value === null ? null : Number(value);
			}
			rows.push({
				csq: row.key,
				node: name(node),
				figures,
				sourceTime,
				readAt: at,
				movedAt,
				staleSince: at - movedAt > staleMs ? movedAt : null
			});
		}
		for (const key of seen.keys()) if (!rows.some((row) => row.csq === key)) seen.delete(key);
		await deadLetter(broken);
		// Written only when something a screen shows changed: a quiet floor costs no database writes.
		const key = JSON.stringify(rows.map((row) => [row.csq, row.figures, row.staleSince, row.sourceTime]));
		if (key !== savedKey) {
			await saveSnapshots(database.db, rows);
			savedKey = key;
		}
		const moving = rows.filter((row) => row.staleSince === null);
		lastMoved = rows.reduce<number | null>(
			(max, row) => (max === null || row.movedAt > max ? row.movedAt : max),
			lastMoved
		);
		if (rows.length === 0) {
			onStatus({
				part: 'realtime',
				state: 'stale',
				node: name(node),
				lastRowAt: lastMoved,
				lastReadAt: at,
				error: 'RtCSQsSummary is empty: turn on Real-Time Snapshot writing in UCCX (Tools > Real Time Snapshot Config)'
			});
		} else if (moving.length === 0) {
			onStatus({
				part: 'realtime',
				state: 'stale',
				node: name(node),
				lastRowAt: lastMoved,
				lastReadAt: at,
				error: `the snapshots have not moved since ${new Date(lastMoved!).toISOString()}: RTSS writing stopped (check Tools > Real Time Snapshot Config in UCCX, and the engine)`
			});
		} else {
			onStatus({
				part: 'realtime',
				state: 'live',
				node: name(node),
				lastRowAt: lastMoved,
				lastReadAt: at,
				error: null
			});
		}
	}

	/** Broken snapshot rows become dead letters (table, key, reason), once each while they stay broken. */
	const letters = new Set<string>();
	async function deadLetter(broken: { table: string; key: string; raw: string; error: string }[]): Promise<void> {
		const fresh = broken.filter((b) => !letters.has(`${b.table}|${b.key}|${b.error}`));
		for (const b of fresh) {
			await acceptEvents(
				database.db,
				[{ line: 1, raw: b.raw, error: `${b.table} (csqName=${b.key}): ${b.error}` }],
				`uccx:${b.table}`
			);
			letters.add(`${b.table}|${b.key}|${b.error}`);
		}
		if (fresh.length > 0)
			log.warn({ broken: fresh.map((b) => `${b.table} ${b.key}: ${b.error}`) }, 'uccx realtime: broken snapshot rows');
	}

	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	let running: Promise<void> = Promise.resolve();
	let failures = 0;
	const loop = () => {
		if (stopped) return;
		running = pollOnce()
			.then(() => {
				if (failures > 0) log.info({ node: name(node) }, 'uccx realtime: reading again');
				failures = 0;
			})
			.catch(async (error: unknown) => {
				failures++;
				const message = error instanceof Error ? error.message : String(error);
				if (failures === 1 || failures % 10 === 0)
					log.error({ err: message, node: name(node), failures }, 'uccx realtime: read failed; retrying');
				onStatus({
					part: 'realtime',
					state: 'failing',
					node: name(node),
					lastRowAt: lastMoved,
					lastReadAt: null,
					error: message
				});
				// Figures that can no longer be read are not current: their tiles go stale, since the last good read.
				const since = lastGoodRead ?? now();
				if (now() - since > staleMs) await markSnapshotsStale(database.db, since).catch(() => {});
			})
			.finally(() => {
				if (stopped) return;
				const delay =
					failures === 0 ? options.pollSeconds * 1000 : Math.min(1000 * 2 ** (failures - 1), MAX_RETRY_DELAY_MS);
				timer = setTimeout(loop, delay);
			});
	};

	return {
		pollOnce,
		start() {
			onStatus({ part: 'realtime', state: 'starting', node: null, lastRowAt: null, lastReadAt: null, error: null });
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

/** Why a snapshot row cannot be shown, or null: no name, no time, a counter that is not a count. */
export function snapshotProblem(table: string, key: string, row: Record<string, unknown>): string | null {
	if (table === 'RtCSQsSummary' && key === '') return 'csqName is empty';
	const time = row.enddatetime;
	if (time === null || time === undefined || String(time).trim() === '') return 'endDateTime is empty';
	for (const figure of FIGURES) {
		const value = row[figure];
		if (value === null || value === undefined) continue;
		const n = Number(value);
		if (!Number.isFinite(n) || n < 0) return `${figure} is not a count or a duration: ${JSON.stringify(value)}`;
	}
	return null;
}

/** RtICDStatistics' voice row, kept under the empty name (the whole system). */
function voiceRow(rows: Record<string, unknown>[]): { key: string; r: Record<string, unknown> }[] {
	const voice =
		rows.find(
			(row) =>
				String(row.type ?? '')
					.trim()
					.toLowerCase() === 'voice'
		) ?? rows[0];
	return voice ? [{ key: '', r: voice }] : [];
}
