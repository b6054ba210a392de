import { sql, type Kysely } from 'kysely';
import { SL_VARIANTS, type SlVariant } from '../../domain/metrics.ts';
import type { Database } from '../db/schema.ts';
import { CHANGES_CHANNEL, lockAggregates } from '../worker/apply-batch.ts';
import { periodOf } from './buckets.ts';
import { rebuildQueueIntervals } from './queue-intervals.ts';

export interface QueueSettings {
	slThresholdS: number;
	shortAbandonS: number;
	slVariant: SlVariant;
}

/** The one rule for each setting, shared by the CLI, the admin page and the database's checks (000061). */
export const SETTING_LIMITS = {
	slThresholdS: { min: 1, max: 3600 },
	shortAbandonS: { min: 0, max: 3600 }
} as const;

export function isSlVariant(value: string): value is SlVariant {
	return (SL_VARIANTS as readonly string[]).includes(value);
}

export async function listQueueSettings(db: Kysely<Database>): Promise<(QueueSettings & { queue: string })[]> {
	return db
		.selectFrom('queues')
		.select([
			'name as queue',
			'sl_threshold_s as slThresholdS',
			'short_abandon_s as shortAbandonS',
			'sl_variant as slVariant'
		])
		.orderBy('name')
		.execute() as Promise<(QueueSettings & { queue: string })[]>;
}

/** A queue's settings from an instant on; `effectiveFrom` is null for "since the queue appeared". */
export interface SettingsPeriod extends QueueSettings {
	queue: string;
	effectiveFrom: Date | null;
	changedAt: Date;
	changedBy: string | null;
}

/** The settings history of these queues (all when empty), oldest first per queue. */
export async function readSettingsHistory(db: Kysely<Database>, queues: string[] = []): Promise<SettingsPeriod[]> {
	const only = queues.length > 0 ? sql`WHERE queue = ANY(${queues}::text[])` : sql``;
	const result = await sql<SettingsPeriod>`
		SELECT queue, CASE WHEN isfinite(effective_from) THEN effective_from END AS "effectiveFrom",
			sl_threshold_s AS "slThresholdS", short_abandon_s AS "shortAbandonS", sl_variant AS "slVariant",
			changed_at AS "changedAt", changed_by AS "changedBy"
		FROM queue_settings_history ${only}
		ORDER BY queue, effective_from`.execute(db);
	return result.rows;
}

/** Why a settings change was refused; `code` names the message for a page, `message` says it to the CLI. */
export type QueueSettingsErrorCode =
	'unknownQueue' | 'nothingToChange' | 'future' | 'pastNeedsConfirmation' | 'beforeRetention';

export class QueueSettingsError extends Error {
	readonly code: QueueSettingsErrorCode;
	/** For `pastNeedsConfirmation`: the first period that would change; for `beforeRetention`, the first that can. */
	readonly effectiveFrom: Date | undefined;
	constructor(code: QueueSettingsErrorCode, message: string, effectiveFrom?: Date) {
		super(message);
		this.name = 'QueueSettingsError';
		this.code = code;
		this.effectiveFrom = effectiveFrom;
	}
}

export interface SettingsChange {
	queue: string;
	changes: Partial<QueueSettings>;
	/** When the change takes effect (default: now), moved back to the start of its 15-minute period. */
	effectiveFrom?: Date;
	/**
	 * A change effective before the current period rewrites figures already reported: it must be asked for. A
	 * change from now on keeps every past period as it was computed.
	 */
	recomputePast?: boolean;
	/** Who asked (a person or token name), kept with the history. */
	changedBy?: string | null;
	now?: Date;
}

export interface SettingsChangeResult {
	effectiveFrom: Date;
	before: QueueSettings;
	after: QueueSettings;
	/** Stored 15-minute periods computed again with the new settings. */
	recomputedPeriods: number;
}

const PERIOD_MS = 15 * 60 * 1000;
/** The start of the 15-minute period holding `instant` (UTC quarters are every real zone's quarters). */
const periodStart = (instant: Date) => new Date(Math.floor(instant.getTime() / PERIOD_MS) * PERIOD_MS);

/**
 * Changes a queue's settings from an instant on (default: now). Periods before it keep the settings then in
 * force, and their figures stay as reported; periods from it on are computed again with the new ones. A change
 * that reaches back before the current period must say `recomputePast`. Runs under the aggregates' lock, so no
 * batch lands half-way through.
 */
export async function changeQueueSettings(db: Kysely<Database>, change: SettingsChange): Promise<SettingsChangeResult> {
	const { queue, changes } = change;
	if (changes.slThresholdS === undefined && changes.shortAbandonS === undefined && changes.slVariant === undefined) {
		throw new QueueSettingsError(
			'nothingToChange',
			'nothing to change: give --sl-threshold, --short-abandon or --sl-variant'
		);
	}
	const now = change.now ?? new Date();
	const effectiveFrom = periodStart(change.effectiveFrom ?? now);
	if (effectiveFrom > now) {
		throw new QueueSettingsError('future', 'a change takes effect now or from a past date, not a future one');
	}
	if (effectiveFrom < periodStart(now) && !change.recomputePast) {
		throw new QueueSettingsError(
			'pastNeedsConfirmation',
			`from ${effectiveFrom.toISOString()} is in the past: the figures of "${queue}" already reported from then on ` +
				'would be computed again with the new settings. Confirm with --recompute-past',
			effectiveFrom
		);
	}

	return db.transaction().execute(async (trx) => {
		await lockAggregates(trx);
		const current = await trx
			.selectFrom('queues')
			.select(['sl_threshold_s', 'short_abandon_s', 'sl_variant'])
			.where('name', '=', queue)
			.forUpdate()
			.executeTakeFirst();
		if (!current) throw new QueueSettingsError('unknownQueue', `unknown queue: ${queue}`);
		// The calls of days past the retention period are purged: their figures can no longer be computed again.
		const retention = await sql<{ final: Date | null }>`
			SELECT max(final_before) AS final FROM retention_horizons WHERE kind = 'events'`.execute(trx);
		const final = retention.rows[0]?.final ?? null;
		if (final !== null && effectiveFrom < final) {
			throw new QueueSettingsError(
				'beforeRetention',
				`the calls before ${final.toISOString()} are purged (VIGIE_RETAIN_EVENTS_DAYS): their figures can no ` +
					'longer be computed again; choose a later --from',
				final
			);
		}

		// The first change of a queue writes down what it had until then, so the periods before keep it.
		await sql`
			INSERT INTO queue_settings_history (queue, effective_from, sl_threshold_s, short_abandon_s, sl_variant, changed_at)
			SELECT name, '-infinity', sl_threshold_s, short_abandon_s, sl_variant, created_at FROM queues
			WHERE name = ${queue} AND NOT EXISTS (SELECT 1 FROM queue_settings_history WHERE queue = ${queue})`.execute(trx);
		const inForce = await sql<{ sl_threshold_s: number; short_abandon_s: number; sl_variant: SlVariant }>`
			SELECT sl_threshold_s, short_abandon_s, sl_variant FROM queue_settings_history
			WHERE queue = ${queue} AND effective_from <= ${effectiveFrom}
			ORDER BY effective_from DESC LIMIT 1`.execute(trx);
		const before: QueueSettings = {
			slThresholdS: inForce.rows[0]!.sl_threshold_s,
			shortAbandonS: inForce.rows[0]!.short_abandon_s,
			slVariant: inForce.rows[0]!.sl_variant
		};
		const after: QueueSettings = { ...before, ...definedOnly(changes) };

		await sql`
			INSERT INTO queue_settings_history
				(queue, effective_from, sl_threshold_s, short_abandon_s, sl_variant, changed_at, changed_by)
			VALUES (${queue}, ${effectiveFrom}, ${after.slThresholdS}, ${after.shortAbandonS}, ${after.slVariant},
				${now}, ${change.changedBy ?? null})
			ON CONFLICT (queue, effective_from) DO UPDATE SET sl_threshold_s = excluded.sl_threshold_s,
				short_abandon_s = excluded.short_abandon_s, sl_variant = excluded.sl_variant,
				changed_at = excluded.changed_at, changed_by = excluded.changed_by`.execute(trx);
		// "From this date on": later changes keep their own date but take what was changed here.
		await trx
			.updateTable('queue_settings_history')
			.set({
				...(changes.slThresholdS !== undefined && { sl_threshold_s: changes.slThresholdS }),
				...(changes.shortAbandonS !== undefined && { short_abandon_s: changes.shortAbandonS }),
				...(changes.slVariant !== undefined && { sl_variant: changes.slVariant })
			})
			.where('queue', '=', queue)
			.where('effective_from', '>', effectiveFrom)
			.execute();
		// `queues` holds the settings in force now, which the live screens read.
		await sql`
			UPDATE queues q SET sl_threshold_s = h.sl_threshold_s, short_abandon_s = h.short_abandon_s,
				sl_variant = h.sl_variant
			FROM (SELECT * FROM queue_settings_history WHERE queue = ${queue}
				ORDER BY effective_from DESC LIMIT 1) h
			WHERE q.name = h.queue`.execute(trx);

		const periods = await sql<{ period_start: Date }>`
			SELECT DISTINCT ${periodOf(sql.ref('queued_at'))} AS period_start
			FROM call_legs WHERE queue = ${queue} AND queued_at >= ${effectiveFrom}`.execute(trx);
		await rebuildQueueIntervals(
			trx,
			periods.rows.map((p) => ({ queue, periodStart: p.period_start }))
		);
		await sql`SELECT pg_notify(${CHANGES_CHANNEL}, '')`.execute(trx);
		return { effectiveFrom, before, after, recomputedPeriods: periods.rows.length };
	});
}

/** How many stored quarter-hours of a queue a change from `from` would compute again (for its confirmation). */
export async function periodsToRecompute(db: Kysely<Database>, queue: string, from: Date): Promise<number> {
	const result = await sql<{ n: number }>`
		SELECT count(DISTINCT ${periodOf(sql.ref('queued_at'))})::int AS n
		FROM call_legs WHERE queue = ${queue} AND queued_at >= ${from}`.execute(db);
	return result.rows[0]?.n ?? 0;
}

function definedOnly(changes: Partial<QueueSettings>): Partial<QueueSettings> {
	return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}

/** A settings change as a report mentions it: when, which queue, what it had before and after. */
export interface SettingsChangeNote {
	queue: string;
	effectiveFrom: Date;
	before: QueueSettings;
	after: QueueSettings;
}

/** The changes that took effect in [from, to) for these queues (all when empty), in time order. */
export async function settingsChangesBetween(
	db: Kysely<Database>,
	queues: string[],
	from: Date,
	to: Date
): Promise<SettingsChangeNote[]> {
	const only = queues.length > 0 ? sql`AND queue = ANY(${queues}::text[])` : sql``;
	const result = await sql<{
		queue: string;
		effective_from: Date;
		sl: number;
		short: number;
		variant: SlVariant;
		sl_before: number;
		short_before: number;
		variant_before: SlVariant;
	}>`
		SELECT * FROM (
			SELECT queue, effective_from, sl_threshold_s AS sl, short_abandon_s AS short, sl_variant AS variant,
				lag(sl_threshold_s) OVER w AS sl_before, lag(short_abandon_s) OVER w AS short_before,
				lag(sl_variant) OVER w AS variant_before
			FROM queue_settings_history WHERE true ${only}
			WINDOW w AS (PARTITION BY queue ORDER BY effective_from)
		) h
		WHERE effective_from >= ${from} AND effective_from < ${to} AND sl_before IS NOT NULL
		ORDER BY effective_from, queue`.execute(db);
	return result.rows.map((r) => ({
		queue: r.queue,
		effectiveFrom: r.effective_from,
		before: { slThresholdS: r.sl_before, shortAbandonS: r.short_before, slVariant: r.variant_before },
		after: { slThresholdS: r.sl, shortAbandonS: r.short, slVariant: r.variant }
	}));
}
