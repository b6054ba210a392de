import type { Kysely, Transaction } from 'kysely';
import { alarmRulesOf, type AlarmRules, type OwnAlarmRules } from '../../domain/alarms.ts';
import type { Database } from '../db/schema.ts';

/** The queue name of the row that holds the site's defaults (migration 000071). */
export const SITE_RULES = '';

/** The site's rules and each queue's own, as set (missing fields inherit). */
export interface SetAlarmRules {
	site: OwnAlarmRules;
	queues: Map<string, OwnAlarmRules>;
}

const own = (row: { min_offered: number | null; escalate_after_min: number | null }): OwnAlarmRules => ({
	...(row.min_offered !== null && { minOffered: row.min_offered }),
	...(row.escalate_after_min !== null && { escalateAfterMin: row.escalate_after_min })
});

export async function readAlarmRules(db: Kysely<Database>): Promise<SetAlarmRules> {
	const rows = await db.selectFrom('queue_alarm_rules').selectAll().execute();
	const queues = new Map<string, OwnAlarmRules>();
	let site: OwnAlarmRules = {};
	for (const row of rows) {
		if (row.queue === SITE_RULES) site = own(row);
		else queues.set(row.queue, own(row));
	}
	return { site, queues };
}

/** A queue's rules in force: its own, else the site's, else the product's. */
export function rulesOf(all: SetAlarmRules, queue: string): AlarmRules {
	return alarmRulesOf(all.queues.get(queue), all.site);
}

/** Replaces the rules of these queues (and of the site, as `SITE_RULES`); a row with nothing set is removed. */
export async function saveAlarmRules(
	trx: Transaction<Database>,
	rules: { queue: string; rules: OwnAlarmRules }[]
): Promise<void> {
	for (const { queue, rules: r } of rules) {
		const values = { min_offered: r.minOffered ?? null, escalate_after_min: r.escalateAfterMin ?? null };
		if (values.min_offered === null && values.escalate_after_min === null) {
			await trx.deleteFrom('queue_alarm_rules').where('queue', '=', queue).execute();
			continue;
		}
		await trx
			.insertInto('queue_alarm_rules')
			.values({ queue, ...values })
			.onConflict((oc) => oc.column('queue').doUpdateSet(values))
			.execute();
	}
}
