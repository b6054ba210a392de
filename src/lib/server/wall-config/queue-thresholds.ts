import type { Kysely } from 'kysely';
import {
	DEFAULT_THRESHOLDS,
	THRESHOLD_METRICS,
	type ThresholdMetric,
	type Thresholds
} from '../../domain/thresholds.ts';
import type { Database } from '../db/schema.ts';
import type { OwnAlarmRules } from '../../domain/alarms.ts';
import { saveAlarmRules } from './alarm-rules.ts';
import { notifyConfigChanged } from './config-changes.ts';

export type QueueThresholds = Record<ThresholdMetric, Thresholds>;

function isThresholdMetric(value: string): value is ThresholdMetric {
	return (THRESHOLD_METRICS as readonly string[]).includes(value);
}

/** Each queue's thresholds, its own where it has them and the product's defaults elsewhere. */
export async function readQueueThresholds(db: Kysely<Database>): Promise<Map<string, QueueThresholds>> {
	const rows = await db.selectFrom('queue_thresholds').selectAll().execute();
	const byQueue = new Map<string, QueueThresholds>();
	for (const row of rows) {
		if (!isThresholdMetric(row.metric)) continue;
		const own = byQueue.get(row.queue) ?? { ...DEFAULT_THRESHOLDS };
		own[row.metric] = { warn: row.warn, alarm: row.alarm };
		byQueue.set(row.queue, own);
	}
	return byQueue;
}

export function thresholdsOf(all: Map<string, QueueThresholds>, queue: string): QueueThresholds {
	return all.get(queue) ?? DEFAULT_THRESHOLDS;
}

/** Sets a queue's thresholds for one figure, or back to the defaults with `null`. */
export async function saveQueueThreshold(
	db: Kysely<Database>,
	queue: string,
	metric: ThresholdMetric,
	thresholds: Thresholds | null
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		if (thresholds === null) {
			await trx.deleteFrom('queue_thresholds').where('queue', '=', queue).where('metric', '=', metric).execute();
		} else {
			await trx
				.insertInto('queue_thresholds')
				.values({ queue, metric, ...thresholds })
				.onConflict((oc) => oc.columns(['queue', 'metric']).doUpdateSet(thresholds))
				.execute();
		}
		await notifyConfigChanged(trx);
	});
}

/** Each queue's own thresholds only (what the administrator set), without the defaults. */
export async function readOwnThresholds(
	db: Kysely<Database>
): Promise<Map<string, Partial<Record<ThresholdMetric, Thresholds>>>> {
	const rows = await db.selectFrom('queue_thresholds').selectAll().execute();
	const byQueue = new Map<string, Partial<Record<ThresholdMetric, Thresholds>>>();
	for (const row of rows) {
		if (!isThresholdMetric(row.metric)) continue;
		byQueue.set(row.queue, { ...byQueue.get(row.queue), [row.metric]: { warn: row.warn, alarm: row.alarm } });
	}
	return byQueue;
}

/** Saves the whole grid in one transaction; screens hear of it once. */
export async function saveThresholdGrid(
	db: Kysely<Database>,
	cells: { queue: string; metric: ThresholdMetric; thresholds: Thresholds | null }[],
	rules: { queue: string; rules: OwnAlarmRules }[] = []
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await saveAlarmRules(trx, rules);
		for (const { queue, metric, thresholds } of cells) {
			if (thresholds === null) {
				await trx.deleteFrom('queue_thresholds').where('queue', '=', queue).where('metric', '=', metric).execute();
			} else {
				await trx
					.insertInto('queue_thresholds')
					.values({ queue, metric, ...thresholds })
					.onConflict((oc) => oc.columns(['queue', 'metric']).doUpdateSet(thresholds))
					.execute();
			}
		}
		await notifyConfigChanged(trx);
	});
}
