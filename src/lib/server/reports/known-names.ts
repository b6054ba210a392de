import { sql, type Kysely } from 'kysely';
import { matchNames, suggestNames } from '../../domain/name-search.ts';
import type { Database } from '../db/schema.ts';
import { ExportRequestError, type ExportRequest, type RequestProblem } from './export-request.ts';

/** Every queue Vigie knows, in name order. */
export async function listKnownQueues(db: Kysely<Database>): Promise<string[]> {
	const rows = await db.selectFrom('queues').select('name').orderBy('name').execute();
	return rows.map((r) => r.name);
}

/**
 * Every agent Vigie has figures for (a state or an answered call), in name order.
 * NOTE: a skip scan over each table's primary key, which starts with `agent`: one index probe per agent (a few
 * hundred) where `SELECT DISTINCT` would read every state change ever recorded.
 */
export async function listKnownAgents(db: Kysely<Database>): Promise<string[]> {
	const distinctAgents = (table: 'agent_state_intervals' | 'agent_answer_intervals') => sql`
		WITH RECURSIVE a(agent) AS (
			(SELECT agent FROM ${sql.table(table)} ORDER BY agent LIMIT 1)
			UNION ALL
			SELECT (SELECT t.agent FROM ${sql.table(table)} t WHERE t.agent > a.agent ORDER BY t.agent LIMIT 1)
			FROM a WHERE a.agent IS NOT NULL
		)
		SELECT agent FROM a WHERE agent IS NOT NULL`;
	const result = await sql<{ agent: string }>`
		SELECT agent FROM (${distinctAgents('agent_state_intervals')}) s
		UNION
		SELECT agent FROM (${distinctAgents('agent_answer_intervals')}) a
		ORDER BY agent`.execute(db);
	return result.rows.map((r) => r.agent);
}

/**
 * The request with the queues and agents it names found among those Vigie knows, forgivingly (case, accents,
 * separators, part of a name; see `matchNames`). A name that matches none is refused with the nearest known names,
 * so a typo never looks like a day without activity.
 */
export async function resolveNames(db: Kysely<Database>, request: ExportRequest): Promise<ExportRequest> {
	const problems: RequestProblem[] = [];
	const resolve = (field: 'queue' | 'agent', typed: string[], known: string[]) => {
		const found = new Set<string>();
		for (const value of typed) {
			const matches = matchNames(value, known);
			if (matches.length === 0) {
				problems.push({ field, code: 'unknownName', value, suggestions: suggestNames(value, known) });
			}
			for (const name of matches) found.add(name);
		}
		return [...found];
	};
	const queues = request.queues.length > 0 ? resolve('queue', request.queues, await listKnownQueues(db)) : [];
	const agents = request.agents.length > 0 ? resolve('agent', request.agents, await listKnownAgents(db)) : [];
	if (problems.length > 0) throw new ExportRequestError(problems);
	return { ...request, queues, agents };
}
