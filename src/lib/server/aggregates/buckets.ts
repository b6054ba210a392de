import { sql, type RawBuilder } from 'kysely';

/**
 * The SQL of the 15-minute period holding a timestamp. NOTE: periods are cut in UTC from a fixed origin; every
 * real zone's offset is a multiple of 15 minutes, so these are also the site's local quarters, DST days included.
 */
export const periodOf = (column: ReturnType<typeof sql.ref>) =>
	sql<Date>`date_bin('15 minutes', ${column}, '2000-01-01 00:00:00+00'::timestamptz)`;

export const PERIOD = sql`interval '15 minutes'`;

/** The tables of 15-minute aggregates, by the column their rows belong to (a queue or an agent). */
export type PeriodTable =
	| { table: 'queue_intervals'; key: 'queue' }
	| { table: 'agent_answer_intervals'; key: 'agent' }
	| { table: 'agent_state_intervals'; key: 'agent' };

/**
 * Deletes the rows of `windows` (rows of `key`, `from_period`, `to_period`: the periods from `from_period` up to,
 * not including, `to_period`) from an aggregate table, before they are counted again.
 *
 * NOTE: each window is read in a LATERAL subquery fenced by OFFSET 0, which PostgreSQL plans once per window
 * with both ends in the index condition on (key, period_start), and the rows found are deleted by their ctid.
 * Written as a join (`DELETE … USING`), the planner read every period of the queue or agent, or the whole
 * table, for each batch, and hashed them: a cost that grew with the history. Measured on the first five days of
 * a UCCX history (400,000 events): 572 rows of each agent read to delete 3, and a whole-table scan of the
 * answered-call periods, at every batch.
 */
export function deletePeriodRows({ table, key }: PeriodTable, windows: RawBuilder<unknown>): RawBuilder<unknown> {
	const [rows, column] = [sql.table(table), sql.ref(key)];
	return sql`
		DELETE FROM ${rows} WHERE ctid = ANY (ARRAY(
			SELECT found.ctid
			FROM (${windows}) w
			CROSS JOIN LATERAL (
				SELECT t.ctid FROM ${rows} t
				WHERE t.${column} = w.${column} AND t.period_start >= w.from_period AND t.period_start < w.to_period
				OFFSET 0
			) found
		))`;
}
