import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { CHANGES_CHANNEL } from '../worker/apply-batch.ts';
import type { UccxPartStatus } from './status.ts';

/** What the UCCX connector keeps in Vigie's database (migration 000010): read positions, states, snapshots. */

export async function readWatermark(db: Kysely<Database>, table: string): Promise<number | null> {
	const row = await db
		.selectFrom('uccx_watermarks')
		.select('watermark')
		.where('source_table', '=', table)
		.executeTakeFirst();
	return row ? row.watermark.getTime() : null;
}

export async function saveWatermark(db: Kysely<Database>, table: string, at: number): Promise<void> {
	await db
		.insertInto('uccx_watermarks')
		.values({ source_table: table, watermark: new Date(at), updated_at: new Date() })
		.onConflict((oc) =>
			oc.column('source_table').doUpdateSet({
				watermark: sql`GREATEST(uccx_watermarks.watermark, excluded.watermark)`,
				updated_at: new Date()
			})
		)
		.execute();
}

export async function saveStatus(db: Kysely<Database>, status: UccxPartStatus): Promise<void> {
	const values = {
		part: status.part,
		state: status.state,
		node: status.node,
		last_row_at: status.lastRowAt === null ? null : new Date(status.lastRowAt),
		last_read_at: status.lastReadAt === null ? null : new Date(status.lastReadAt),
		error: status.error,
		updated_at: new Date()
	};
	await db
		.insertInto('uccx_status')
		.values(values)
		.onConflict((oc) =>
			oc.column('part').doUpdateSet({
				...values,
				// A failing read keeps what was last known to have been read.
				last_row_at: sql`coalesce(excluded.last_row_at, uccx_status.last_row_at)`,
				last_read_at: sql`coalesce(excluded.last_read_at, uccx_status.last_read_at)`
			})
		)
		.execute();
}

export async function readStatuses(db: Kysely<Database>): Promise<UccxPartStatus[]> {
	const rows = await db.selectFrom('uccx_status').selectAll().orderBy('part').execute();
	return rows.map((row) => ({
		part: row.part,
		state: row.state,
		node: row.node,
		lastRowAt: row.last_row_at?.getTime() ?? null,
		lastReadAt: row.last_read_at?.getTime() ?? null,
		error: row.error
	}));
}

export async function updateAgentDirectory(
	db: Kysely<Database>,
	entries: { agent: string; displayName: string | null; team: string | null }[],
	source: string
): Promise<void> {
	if (entries.length === 0) return;
	await sql`
		INSERT INTO agent_directory (agent, display_name, team, source, updated_at)
		SELECT agent, display_name, team, ${source}, now()
		FROM jsonb_to_recordset(${JSON.stringify(entries.map((e) => ({ agent: e.agent, display_name: e.displayName, team: e.team })))}::jsonb)
			AS d(agent text, display_name text, team text)
		ON CONFLICT (agent) DO UPDATE SET display_name = excluded.display_name, team = excluded.team,
			source = excluded.source, updated_at = now()
		WHERE agent_directory.display_name IS DISTINCT FROM excluded.display_name
			OR agent_directory.team IS DISTINCT FROM excluded.team`.execute(db);
}

export interface SnapshotRow {
	csq: string;
	node: string | null;
	figures: Record<string, number | null>;
	sourceTime: string | null;
	readAt: number;
	movedAt: number;
	staleSince: number | null;
}

/**
 * Replaces the snapshots with these (CSQs no longer in RTSS leave) and tells web processes, in one transaction.
 */
export async function saveSnapshots(db: Kysely<Database>, rows: SnapshotRow[]): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const names = rows.map((row) => row.csq);
		await trx
			.deleteFrom('uccx_snapshots')
			.where((eb) => (names.length > 0 ? eb('csq', 'not in', names) : eb.lit(true)))
			.execute();
		if (rows.length > 0) {
			await trx
				.insertInto('uccx_snapshots')
				.values(
					rows.map((row) => ({
						csq: row.csq,
						node: row.node,
						figures: JSON.stringify(row.figures),
						source_time: row.sourceTime,
						read_at: new Date(row.readAt),
						moved_at: new Date(row.movedAt),
						stale_since: row.staleSince === null ? null : new Date(row.staleSince)
					}))
				)
				.onConflict((oc) =>
					oc.column('csq').doUpdateSet((eb) => ({
						node: eb.ref('excluded.node'),
						figures: eb.ref('excluded.figures'),
						source_time: eb.ref('excluded.source_time'),
						read_at: eb.ref('excluded.read_at'),
						moved_at: eb.ref('excluded.moved_at'),
						stale_since: eb.ref('excluded.stale_since')
					}))
				)
				.execute();
		}
		// A CSQ RTSS describes is a queue of the floor's screens, calls or not.
		const csqs = names.filter((name) => name !== '');
		if (csqs.length > 0) {
			await trx
				.insertInto('queues')
				.values(csqs.map((name) => ({ name })))
				.onConflict((oc) => oc.column('name').doNothing())
				.execute();
		}
		await sql`SELECT pg_notify(${CHANGES_CHANNEL}, '')`.execute(trx);
	});
}

/** Marks every snapshot stale since `since` (the source cannot be read), keeping the earliest mark. */
export async function markSnapshotsStale(db: Kysely<Database>, since: number): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const changed = await trx
			.updateTable('uccx_snapshots')
			.set({ stale_since: new Date(since) })
			.where('stale_since', 'is', null)
			.executeTakeFirst();
		if (Number(changed.numUpdatedRows) > 0) await sql`SELECT pg_notify(${CHANGES_CHANNEL}, '')`.execute(trx);
	});
}

export async function readSnapshots(db: Kysely<Database>): Promise<SnapshotRow[]> {
	const rows = await db.selectFrom('uccx_snapshots').selectAll().execute();
	return rows.map((row) => ({
		csq: row.csq,
		node: row.node,
		figures: row.figures,
		sourceTime: row.source_time,
		readAt: row.read_at.getTime(),
		movedAt: row.moved_at.getTime(),
		staleSince: row.stale_since?.getTime() ?? null
	}));
}
