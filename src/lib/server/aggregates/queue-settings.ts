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

/**
 * Changes a queue's thresholds and rebuilds every period of that queue with them, so that past and future
 * figures follow one definition. Runs under the aggregates' lock: no batch lands half-way through.
 */
export async function updateQueueSettings(
	db: Kysely<Database>,
	queue: string,
	changes: Partial<QueueSettings>
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await lockAggregates(trx);
		const updated = await trx
			.updateTable('queues')
			.set({
				...(changes.slThresholdS !== undefined && { sl_threshold_s: changes.slThresholdS }),
				...(changes.shortAbandonS !== undefined && { short_abandon_s: changes.shortAbandonS }),
				...(changes.slVariant !== undefined && { sl_variant: changes.slVariant })
			})
			.where('name', '=', queue)
			.executeTakeFirst();
		if (updated.numUpdatedRows === 0n) throw new Error(`unknown queue: ${queue}`);
		const periods = await sql<{ period_start: Date }>`
			SELECT DISTINCT ${periodOf(sql.ref('queued_at'))} AS period_start
			FROM call_legs WHERE queue = ${queue} AND queued_at IS NOT NULL`.execute(trx);
		await rebuildQueueIntervals(
			trx,
			periods.rows.map((p) => ({ queue, periodStart: p.period_start }))
		);
		await sql`SELECT pg_notify(${CHANGES_CHANNEL}, '')`.execute(trx);
	});
}
