import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pg from 'pg';
import { survivesConnectionLoss } from '../../db/database.ts';
import {
	TrafficSimulator,
	agentLogins,
	type QueueProfile,
	DEMO_QUEUES,
	DEFAULT_AGENTS
} from '../../demo/traffic-simulator.ts';
import type { Logger } from '../../log.ts';
import { UccxSiteModel, type FinesseUserChange, type SiteRow } from './site-model.ts';

/**
 * An emulated Cisco UCCX site for tests and the demo (`VIGIE_DEMO=uccx`): the traffic simulator's floor, written
 * by `UccxSiteModel` into one PostgreSQL database per node shaped like `db_cra` (db-cra.sql), when UCCX would
 * write it; the real-time snapshot every `snapshotSeconds` on the node holding the master database; each node's
 * `/uccx/isDBMaster`; and each change of agent state handed to `onFinesse` (the fake Finesse publishes it).
 * Historical rows go to every node that is up (UCCX replicates them); a node that is down gets them when it
 * comes back.
 */

export interface EmulatedSiteOptions {
	/** One `postgres://` database per node; node 1 holds the master database at start. */
	nodeDatabaseUrls: string[];
	timezone?: string;
	seed?: number;
	queues?: QueueProfile[];
	agents?: number;
	/** The RTSS writing interval (UCCX offers 5 to 180 s). */
	snapshotSeconds?: number;
	log?: Logger;
	onFinesse?: (changes: FinesseUserChange[]) => void;
	/**
	 * A new site each start (the demo): db_cra's tables are made again, and call sessions are numbered from the
	 * start's time, so that a restarted emulator neither collides with the rows it wrote before nor gives a new
	 * call the key, and so the event ids, of an old one.
	 */
	fresh?: boolean;
}

interface Node {
	pool: pg.Pool;
	up: boolean;
	backlog: SiteRow[];
}

const SCHEMA = new URL('./db-cra.sql', import.meta.url);

export class EmulatedSite {
	readonly model: UccxSiteModel;
	readonly simulator: TrafficSimulator;
	readonly #nodes: Node[];
	readonly #snapshotMs: number;
	readonly #onFinesse: ((changes: FinesseUserChange[]) => void) | undefined;
	#master = 0;
	#nextSnapshotAt = -Infinity;
	#rtssOn = true;
	#queue: Promise<void> = Promise.resolve();

	private constructor(options: EmulatedSiteOptions, nodes: Node[]) {
		const queues = options.queues ?? [...DEMO_QUEUES];
		const agents = options.agents ?? DEFAULT_AGENTS;
		const timezone = options.timezone ?? 'Europe/Paris';
		this.simulator = new TrafficSimulator({ seed: options.seed ?? 1, queues, agents, timezone });
		this.model = new UccxSiteModel({
			queues: queues.map((queue) => queue.name),
			agents: agentLogins(agents),
			timezone,
			...(options.fresh ? { firstSessionId: Date.now() * 1000 } : {})
		});
		this.#nodes = nodes;
		this.#snapshotMs = (options.snapshotSeconds ?? 5) * 1000;
		this.#onFinesse = options.onFinesse;
	}

	/** Creates the `db_cra` tables on each node (when missing) and writes the site's configuration. */
	static async start(options: EmulatedSiteOptions): Promise<EmulatedSite> {
		const nodes = options.nodeDatabaseUrls.map((url) => {
			const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'vigie-uccx-emulator' });
			survivesConnectionLoss(pool); // a node being cut in a test: its next write fails and is retried
			return { pool, up: true, backlog: [] as SiteRow[] };
		});
		const site = new EmulatedSite(options, nodes);
		const schema = await readFile(SCHEMA, 'utf8');
		for (const node of nodes) {
			if (options.fresh) await node.pool.query(dropTables(schema));
			const exists = await node.pool.query(`SELECT to_regclass('contactcalldetail') IS NOT NULL AS present`);
			if (!exists.rows[0].present) await node.pool.query(schema);
			else await node.pool.query('TRUNCATE rtcsqssummary, rticdstatistics');
			const configured = await node.pool.query('SELECT count(*)::int AS n FROM resource');
			if (configured.rows[0].n === 0) await writeRows(node.pool, site.model.configurationRows());
		}
		return site;
	}

	/** Which node (0 or 1) holds the master database. */
	get master(): number {
		return this.#master;
	}

	/** The site runs until `now`: UCCX's writes of that time go to the nodes. */
	advance(now: Date): Promise<void> {
		const step = this.#queue.then(() => this.#advance(now.getTime()));
		this.#queue = step.catch(() => {});
		return step;
	}

	async #advance(now: number): Promise<void> {
		const output = this.model.apply(this.simulator.advance(new Date(now)));
		for (const node of this.#nodes) node.backlog.push(...output.rows);
		await this.#flush();
		if (output.finesse.length > 0) this.#onFinesse?.(output.finesse);
		if (this.#rtssOn && now >= this.#nextSnapshotAt) {
			this.#nextSnapshotAt = now - (now % this.#snapshotMs) + this.#snapshotMs;
			await this.writeSnapshot(now);
		}
	}

	async #flush(): Promise<void> {
		for (const node of this.#nodes) {
			if (!node.up || node.backlog.length === 0) continue;
			const rows = node.backlog;
			node.backlog = [];
			try {
				await writeRows(node.pool, rows);
			} catch (error) {
				node.backlog = [...rows, ...node.backlog];
				throw error;
			}
		}
	}

	/** Writes the real-time snapshot of `now` on the master node. */
	async writeSnapshot(now: number): Promise<void> {
		const node = this.#nodes[this.#master]!;
		if (!node.up) return;
		const client = await node.pool.connect();
		try {
			await client.query('BEGIN');
			for (const { table, row } of this.model.snapshot(now)) {
				const key = table === 'rtcsqssummary' ? 'csqname' : 'type';
				await client.query(`DELETE FROM ${table} WHERE ${key} = $1`, [row[key]]);
				await insert(client, table, [row]);
			}
			await client.query('COMMIT');
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {});
			throw error;
		} finally {
			client.release();
		}
	}

	/** RTSS writing on or off (Tools > Real Time Snapshot Config). */
	setRealTimeSnapshots(on: boolean): void {
		this.#rtssOn = on;
	}

	/** A UCCX failover: the other node takes the master database and the calls. */
	failOver(): void {
		this.#master = (this.#master + 1) % this.#nodes.length;
		this.model.failOverTo(this.#master + 1);
	}

	/** A node goes down (its database stops taking writes here; the test cuts it for readers) or comes back. */
	async setNodeUp(index: number, up: boolean): Promise<void> {
		this.#nodes[index]!.up = up;
		if (up) await this.advanceWrites();
	}

	/** Writes what is waiting for nodes that came back. */
	advanceWrites(): Promise<void> {
		const step = this.#queue.then(() => this.#flush());
		this.#queue = step.catch(() => {});
		return step;
	}

	/** Serves `/uccx/isDBMaster` for node N at `/node<N>/uccx/isDBMaster` (N from 1). */
	handle(request: IncomingMessage, response: ServerResponse): boolean {
		const match = /^\/node(\d+)\/uccx\/isDBMaster$/.exec(new URL(request.url ?? '/', 'http://x').pathname);
		if (!match) return false;
		const index = Number(match[1]) - 1;
		if (index < 0 || index >= this.#nodes.length) {
			response.writeHead(404).end();
			return true;
		}
		if (!this.#nodes[index]!.up) {
			response.destroy();
			return true;
		}
		response.writeHead(200, { 'content-type': 'text/xml' });
		response.end(
			`<?xml version="1.0" encoding="UTF-8"?><response><DBMaster>${index === this.#master}</DBMaster></response>`
		);
		return true;
	}

	async close(): Promise<void> {
		await this.#queue;
		await Promise.all(this.#nodes.map((node) => node.pool.end()));
	}
}

/** `DROP TABLE` for every table the db_cra schema creates. */
function dropTables(schema: string): string {
	const tables = [...schema.matchAll(/^CREATE TABLE (\w+)/gim)].map((m) => m[1]!);
	return `DROP TABLE IF EXISTS ${tables.join(', ')} CASCADE`;
}

/** Rows as UCCX would write them: each table's rows in one statement, in one transaction. */
export async function writeRows(pool: pg.Pool, rows: SiteRow[]): Promise<void> {
	if (rows.length === 0) return;
	const byTable = new Map<string, Record<string, unknown>[]>();
	for (const { table, row } of rows) {
		const list = byTable.get(table) ?? [];
		list.push(row);
		byTable.set(table, list);
	}
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		for (const [table, list] of byTable) {
			for (let i = 0; i < list.length; i += 500) await insert(client, table, list.slice(i, i + 500));
		}
		await client.query('COMMIT');
	} catch (error) {
		await client.query('ROLLBACK').catch(() => {});
		throw error;
	} finally {
		client.release();
	}
}

async function insert(client: pg.PoolClient, table: string, rows: Record<string, unknown>[]): Promise<void> {
	const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
	const values: unknown[] = [];
	const tuples = rows.map((row) => {
		const placeholders = columns.map((column) => {
			values.push(sqlValue(row[column]));
			return `$${values.length}`;
		});
		return `(${placeholders.join(', ')})`;
	});
	await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
}

/** UCCX's times are UTC wall-clock times: written as such, whatever the zone of this process. */
export function sqlValue(value: unknown): unknown {
	if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
	return value ?? null;
}
