import { sql, type Kysely } from 'kysely';
import type { AgentFigures } from '../../protocol.ts';
import type { Database } from '../db/schema.ts';

/**
 * Every logged-in agent with its latest state.
 * NOTE: `agent_states` keeps every change ever made; a DISTINCT ON would read all of it. The recursive walk
 * jumps from one agent to the next through the primary key (agent, at, event_id), then reads each agent's last
 * row backwards: about two index probes per agent, however long the history.
 */
export async function readAgentFigures(db: Kysely<Database>): Promise<AgentFigures[]> {
	const result = await sql<{ agent: string; state: string; at: Date; reason: string | null; queues: string[] | null }>`
		WITH RECURSIVE agents AS (
			(SELECT agent FROM agent_states ORDER BY agent LIMIT 1)
			UNION ALL
			SELECT (SELECT s.agent FROM agent_states s WHERE s.agent > a.agent ORDER BY s.agent LIMIT 1)
			FROM agents a WHERE a.agent IS NOT NULL
		)
		SELECT latest.agent, latest.state, latest.at, latest.reason, latest.queues
		FROM agents a
		CROSS JOIN LATERAL (
			SELECT s.agent, s.state, s.at, s.reason, s.queues FROM agent_states s
			WHERE s.agent = a.agent
			ORDER BY s.at DESC, s.event_id DESC
			LIMIT 1
		) latest
		WHERE latest.state <> 'logged_out'`.execute(db);
	return result.rows.map((row) => ({
		agent: row.agent,
		state: row.state,
		since: row.at.toISOString(),
		reason: row.reason,
		queues: row.queues
	}));
}
