import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePeriodRows, type PeriodTable } from '../../src/lib/server/aggregates/buckets.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

/**
 * The worker deletes the periods it is about to count again. Over a site's history (a year's import, a year of
 * running), those deletes must read the periods they delete, not the queue's or agent's whole history: the cost
 * of a batch would otherwise grow with the tables (issue #9, the year import).
 */
const DAYS = 40;
const PERIODS = DAYS * 96;
const ORIGIN = '2026-01-01T00:00:00Z';

describe.each(DATABASE_KINDS)('deleting periods before a rebuild, on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await createTestDatabase(kind);
		const db = t.database.db;
		const periods = sql`generate_series(0, ${PERIODS - 1}) AS p`;
		const at = sql`${ORIGIN}::timestamptz + p * interval '15 minutes'`;
		await sql`INSERT INTO queues (name) VALUES ('Q1'), ('Q2'), ('Q3')`.execute(db);
		await sql`
			INSERT INTO queue_intervals (queue, period_start, offered, answered, abandoned, short_abandoned, dequeued,
				answered_within_sl, abandoned_within_sl, answered_wait_ms, talk_ms, talked, sl_threshold_s)
			SELECT q, ${at}, 1, 1, 0, 0, 0, 1, 0, 1000, 60000, 1, 20
			FROM unnest(ARRAY['Q1', 'Q2', 'Q3']) AS q, ${periods}`.execute(db);
		await sql`
			INSERT INTO agent_answer_intervals (agent, period_start, answered)
			SELECT a, ${at}, 2 FROM unnest(ARRAY['a1', 'a2', 'a3']) AS a, ${periods}`.execute(db);
		await sql`
			INSERT INTO agent_state_intervals (agent, period_start, state, reason, duration_ms)
			SELECT a, ${at}, s, '', 450000
			FROM unnest(ARRAY['a1', 'a2', 'a3']) AS a, unnest(ARRAY['ready', 'talking']) AS s, ${periods}`.execute(db);
	}, 60_000);
	afterAll(() => t?.dispose());

	const cases: [PeriodTable, string, number][] = [
		[{ table: 'queue_intervals', key: 'queue' }, 'Q2', 1],
		[{ table: 'agent_answer_intervals', key: 'agent' }, 'a2', 1],
		[{ table: 'agent_state_intervals', key: 'agent' }, 'a2', 2]
	];

	it.each(cases)('%o reads only the periods it deletes, whatever the history', async (target, owner, rowsPerPeriod) => {
		// (the owner names the series: Q1–Q3 or a1–a3)
		const db = t.database.db;
		// As a batch gives them: 39 windows of two periods, on 13 days of the history for each of the three.
		const owners = [1, 2, 3].map((i) => `${owner.slice(0, 1)}${i}`);
		const windowList = owners.flatMap((who) =>
			Array.from({ length: 13 }, (_, day) => ({
				who,
				from: new Date(Date.parse(ORIGIN) + (day * 3 + 1) * 86_400_000 + 10 * 3600_000).toISOString()
			}))
		);
		const windows = sql`SELECT * FROM unnest(${windowList.map((w) => w.who)}::text[],
			${windowList.map((w) => w.from)}::timestamptz[]) AS w(${sql.ref(target.key)}, from_period)
			CROSS JOIN LATERAL (SELECT from_period + interval '30 minutes' AS to_period) t`;
		const deleted = windowList.length * 2 * rowsPerPeriod;
		const count = async () =>
			Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(target.table)}`.execute(db)).rows[0]!.n);
		const before = await count();

		const plan = await db
			.transaction()
			.execute(async (trx) => {
				const explained = await sql<{ 'QUERY PLAN': unknown }>`
				EXPLAIN (ANALYZE, FORMAT JSON) ${deletePeriodRows(target, windows)}`.execute(trx);
				const after = Number(
					(await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(target.table)}`.execute(trx)).rows[0]!.n
				);
				expect(after).toBe(before - deleted);
				// Thrown to roll the deletion back: the next case reads the same history.
				throw new Rollback(explained.rows[0]!['QUERY PLAN']);
			})
			.catch((error: unknown) => {
				if (error instanceof Rollback) return error.plan;
				throw error;
			});

		// Every row the plan read from the table, kept or filtered out, over all its loops.
		const read = rowsReadFrom(plan, target.table);
		expect(read, `rows read from ${target.table}`).toBeLessThanOrEqual(2 * deleted);
		expect(before).toBe(3 * PERIODS * rowsPerPeriod);
	});
});

class Rollback extends Error {
	readonly plan: unknown;
	constructor(plan: unknown) {
		super('rollback');
		this.plan = plan;
	}
}

/** Rows the plan's scans of `table` produced or threw away (EXPLAIN ANALYZE, JSON), summed over their loops. */
function rowsReadFrom(plan: unknown, table: string): number {
	let rows = 0;
	const visit = (node: unknown) => {
		if (Array.isArray(node)) return node.forEach(visit);
		if (typeof node !== 'object' || node === null) return;
		const n = node as Record<string, unknown>;
		if (n['Relation Name'] === table && String(n['Node Type']).includes('Scan')) {
			const loops = Number(n['Actual Loops'] ?? 1);
			const kept = Number(n['Actual Rows'] ?? 0);
			const removed = Number(n['Rows Removed by Filter'] ?? 0) + Number(n['Rows Removed by Index Recheck'] ?? 0);
			rows += (kept + removed) * loops;
		}
		for (const value of Object.values(n)) if (typeof value === 'object') visit(value);
	};
	visit(plan);
	return rows;
}
