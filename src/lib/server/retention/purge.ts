import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import {
	deadLetterHorizon,
	retentionHorizons,
	RETENTION_KINDS,
	type RetentionDays,
	type RetentionKind
} from '../../domain/retention.ts';
import type { Database } from '../db/schema.ts';
import { lockAggregates } from '../worker/apply-batch.ts';

/**
 * What the purge removes, step by step (docs/fr/donnees-personnelles.md). Each step works on the rows of one kind
 * between where the last purge stopped and the new horizon, so a day is read once and a purge cut short takes up
 * again where it stopped; the queue figures (`queue_intervals`) are never touched.
 */
export const PURGE_STEPS = [
	'events',
	'call_legs',
	'agent_states',
	'agent_state_intervals',
	'agent_answer_intervals',
	'call_agents',
	'agent_directory',
	'callers',
	'dead_letters'
] as const;
export type PurgeStep = (typeof PURGE_STEPS)[number];

interface Step {
	step: PurgeStep;
	kind: RetentionKind | 'dead_letters';
	/** The rows of the step between two instants (`from` may be -infinity). */
	rows(from: RawBuilder<Date>, to: RawBuilder<Date>): RawBuilder<unknown>;
	table:
		| 'events'
		| 'call_legs'
		| 'agent_states'
		| 'agent_state_intervals'
		| 'agent_answer_intervals'
		| 'agent_directory'
		| 'dead_letters';
	/** Deletes the rows, or empties a column of them. */
	action: 'delete' | RawBuilder<unknown>;
}

const between = (column: RawBuilder<unknown>, from: RawBuilder<Date>, to: RawBuilder<Date>) =>
	sql`${column} >= ${from} AND ${column} < ${to}`;

/**
 * Legs queued between two instants, found queue by queue through call_legs_queue_queued_at (migration 000063
 * says why not by a BRIN index: legs are updated long after they are written).
 */
const legsQueued = (from: RawBuilder<Date>, to: RawBuilder<Date>) =>
	sql`queue = ANY(ARRAY(SELECT name FROM queues)) AND ${between(sql`queued_at`, from, to)}`;

const STEPS: Step[] = [
	{ step: 'events', kind: 'events', table: 'events', action: 'delete', rows: (f, t) => between(sql`at`, f, t) },
	{
		step: 'call_legs',
		kind: 'events',
		table: 'call_legs',
		action: 'delete',
		// A leg whose `call.queued` never came goes by its first known time (index call_legs_never_queued).
		rows: (f, t) =>
			sql`(${legsQueued(f, t)}) OR (queued_at IS NULL AND ${between(
				sql`(coalesce(answered_at, abandoned_at, dequeued_at, ended_at))`,
				f,
				t
			)})`
	},
	// NOTE: a state that began before the horizon and lasted past it goes too. The figures after the horizon were
	// computed with it and stay; only a late event for the first hours after the horizon (at most VIGIE_MAX_STATE_H,
	// the longest a state counts) would rebuild them without it, and such an event is then days old.
	{
		step: 'agent_states',
		kind: 'events',
		table: 'agent_states',
		action: 'delete',
		rows: (f, t) => between(sql`at`, f, t)
	},
	{
		step: 'agent_states',
		kind: 'agent_detail',
		table: 'agent_states',
		action: 'delete',
		rows: (f, t) => between(sql`at`, f, t)
	},
	{
		step: 'agent_state_intervals',
		kind: 'agent_detail',
		table: 'agent_state_intervals',
		action: 'delete',
		rows: (f, t) => between(sql`period_start`, f, t)
	},
	{
		step: 'agent_answer_intervals',
		kind: 'agent_detail',
		table: 'agent_answer_intervals',
		action: 'delete',
		rows: (f, t) => between(sql`period_start`, f, t)
	},
	{
		step: 'call_agents',
		kind: 'agent_detail',
		table: 'call_legs',
		action: sql`agent = NULL`,
		rows: (f, t) => sql`${legsQueued(f, t)} AND agent IS NOT NULL`
	},
	{
		step: 'agent_directory',
		kind: 'agent_detail',
		table: 'agent_directory',
		action: 'delete',
		// An agent's name and team, once nothing of theirs is newer than the agent period (someone who left): the
		// connector writes those of the agents still at work again at its next read of UCCX's directory.
		rows: (_f, t) =>
			sql`updated_at < ${t} AND NOT EXISTS (
				SELECT 1 FROM agent_states s WHERE s.agent = agent_directory.agent AND s.at >= ${t})`
	},
	{
		step: 'callers',
		kind: 'callers',
		table: 'call_legs',
		action: sql`caller = NULL`,
		rows: (f, t) => sql`${legsQueued(f, t)} AND caller IS NOT NULL`
	},
	{
		step: 'dead_letters',
		kind: 'dead_letters',
		table: 'dead_letters',
		action: 'delete',
		// Indexed by time (dead_letters_received_at): what is left before the horizon is found at once.
		rows: (_f, t) => sql`received_at < ${t}`
	}
];

export interface PurgeOptions {
	days: RetentionDays;
	zone: string;
	now?: Date;
	/** Count what would go, change nothing. */
	dryRun?: boolean;
	/** Rows per transaction: small, so that the worker never waits long for the aggregates' lock. */
	batchSize?: number;
	/** Called after each batch, e.g. to log progress. */
	onBatch?: (step: PurgeStep, rows: number, ms: number) => void;
}

export interface PurgeReport {
	dryRun: boolean;
	/** Per kind: everything before this instant is (or, dry, would be) purged. */
	horizons: Record<RetentionKind | 'dead_letters', Date>;
	/** Rows deleted, or emptied of a name or number, per step. */
	rows: Record<PurgeStep, number>;
	batches: number;
	/** The longest batch: how long the worker may have waited for the aggregates' lock. */
	longestBatchMs: number;
	ms: number;
}

const DEFAULT_BATCH = 5000;

/**
 * Purges what has outlived its retention period, in batches of `batchSize` rows, each its own short transaction
 * under the aggregates' lock (so that no worker batch rebuilds a period while its rows go). Safe to run while the
 * screens, the worker and other purges run; a second purge at the same time only finds less to do.
 */
export async function purgeExpired(db: Kysely<Database>, options: PurgeOptions): Promise<PurgeReport> {
	const started = performance.now();
	const now = options.now ?? new Date();
	const batchSize = options.batchSize ?? DEFAULT_BATCH;
	const kinds = retentionHorizons(now, options.days, options.zone);
	const horizons = { ...kinds, dead_letters: deadLetterHorizon(kinds) };
	const report: PurgeReport = {
		dryRun: options.dryRun ?? false,
		horizons,
		rows: Object.fromEntries(PURGE_STEPS.map((s) => [s, 0])) as Record<PurgeStep, number>,
		batches: 0,
		longestBatchMs: 0,
		ms: 0
	};

	// Where each kind's last purge stopped; a kind never purged starts at -infinity.
	const previous = new Map<string, Date | null>();
	for (const row of (
		await sql<{ kind: string; purged_before: Date | null }>`
			SELECT kind, CASE WHEN isfinite(purged_before) THEN purged_before END AS purged_before
			FROM retention_horizons`.execute(db)
	).rows) {
		previous.set(row.kind, row.purged_before);
	}
	const fromOf = (kind: Step['kind']): RawBuilder<Date> => {
		const from = kind === 'dead_letters' ? null : (previous.get(kind) ?? null);
		return from === null ? sql<Date>`'-infinity'::timestamptz` : sql<Date>`${from}::timestamptz`;
	};
	const toOf = (kind: Step['kind']): RawBuilder<Date> => sql<Date>`${horizons[kind]}::timestamptz`;

	if (report.dryRun) {
		for (const [i, s] of STEPS.entries()) {
			// A row an earlier step deletes is not counted again (a call's leg, then its caller's number).
			const deletedBefore = STEPS.slice(0, i)
				.filter((e) => e.table === s.table && e.action === 'delete')
				.map((e) => sql`AND (${e.rows(fromOf(e.kind), toOf(e.kind))}) IS NOT TRUE`);
			const result = await sql<{ n: number }>`
				SELECT count(*)::int AS n FROM ${sql.table(s.table)}
				WHERE (${s.rows(fromOf(s.kind), toOf(s.kind))}) ${sql.join(deletedBefore, sql` `)}`.execute(db);
			report.rows[s.step] += result.rows[0]?.n ?? 0;
		}
		report.ms = performance.now() - started;
		return report;
	}

	// From now on, the worker sets aside events older than each horizon instead of applying them.
	await db.transaction().execute(async (trx) => {
		await lockAggregates(trx);
		for (const kind of RETENTION_KINDS) {
			await sql`
				INSERT INTO retention_horizons (kind, final_before, started_at) VALUES (${kind}, ${horizons[kind]}, ${now})
				ON CONFLICT (kind) DO UPDATE SET final_before = GREATEST(retention_horizons.final_before, excluded.final_before),
					started_at = excluded.started_at`.execute(trx);
		}
	});

	for (const s of STEPS) {
		const from = fromOf(s.kind);
		const to = toOf(s.kind);
		for (;;) {
			const batchStarted = performance.now();
			const rows = await db.transaction().execute(async (trx) => {
				await lockAggregates(trx);
				return purgeBatch(trx, s, from, to, batchSize);
			});
			const ms = performance.now() - batchStarted;
			report.batches++;
			report.longestBatchMs = Math.max(report.longestBatchMs, ms);
			report.rows[s.step] += rows;
			options.onBatch?.(s.step, rows, ms);
			if (rows < batchSize) break;
		}
	}

	for (const kind of RETENTION_KINDS) {
		await sql`
			UPDATE retention_horizons SET purged_before = GREATEST(purged_before, ${horizons[kind]}), finished_at = now()
			WHERE kind = ${kind}`.execute(db);
	}
	report.ms = performance.now() - started;
	return report;
}

/**
 * One batch of a step. NOTE: the rows are found by their physical address (ctid) and changed through it, so a
 * batch costs one index range read and a TID scan, whatever the table's size.
 */
async function purgeBatch(
	trx: Transaction<Database>,
	s: Step,
	from: RawBuilder<Date>,
	to: RawBuilder<Date>,
	limit: number
): Promise<number> {
	const table = sql.table(s.table);
	const chosen = sql`ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${s.rows(from, to)} LIMIT ${limit}))`;
	const result =
		s.action === 'delete'
			? await sql`DELETE FROM ${table} WHERE ${chosen}`.execute(trx)
			: await sql`UPDATE ${table} SET ${s.action} WHERE ${chosen}`.execute(trx);
	return Number(result.numAffectedRows ?? 0);
}

/** Each kind's horizons as the last purge left them, for `vigie purge --dry-run` and the documents. */
export async function readRetentionHorizons(
	db: Kysely<Database>
): Promise<{ kind: RetentionKind; finalBefore: Date; purgedBefore: Date | null; finishedAt: Date | null }[]> {
	const result = await sql<{
		kind: RetentionKind;
		finalBefore: Date;
		purgedBefore: Date | null;
		finishedAt: Date | null;
	}>`
		SELECT kind, final_before AS "finalBefore",
			CASE WHEN isfinite(purged_before) THEN purged_before END AS "purgedBefore", finished_at AS "finishedAt"
		FROM retention_horizons ORDER BY kind`.execute(db);
	return result.rows;
}
