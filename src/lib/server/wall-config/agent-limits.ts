import type { Kysely } from 'kysely';
import { LIMITED_STATES, type AgentStateLimit, type LimitedState } from '../../domain/agent-limits.ts';
import type { Database } from '../db/schema.ts';
import { notifyConfigChanged } from './config-changes.ts';

const isLimitedState = (state: string): state is LimitedState => (LIMITED_STATES as readonly string[]).includes(state);

/** The site's agent limits (migration 000064); the product's defaults fill in at use (`domain/agent-limits.ts`). */
export async function readAgentLimits(db: Kysely<Database>): Promise<AgentStateLimit[]> {
	const rows = await db.selectFrom('agent_state_limits').selectAll().orderBy('state').orderBy('reason').execute();
	return rows.flatMap((row) =>
		isLimitedState(row.state) ? [{ state: row.state, reason: row.reason, warnS: row.warn_s, alarmS: row.alarm_s }] : []
	);
}

/** Replaces every limit at once; screens hear of it once. */
export async function saveAgentLimits(db: Kysely<Database>, limits: AgentStateLimit[]): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('agent_state_limits').execute();
		if (limits.length > 0)
			await trx
				.insertInto('agent_state_limits')
				.values(limits.map((l) => ({ state: l.state, reason: l.reason, warn_s: l.warnS, alarm_s: l.alarmS })))
				.execute();
		await notifyConfigChanged(trx);
	});
}
