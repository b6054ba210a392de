import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * Runs `fast`, a plain INSERT, and should it hit a row already there, runs `careful` (the same INSERT with
 * ON CONFLICT) instead, inside the same transaction. NOTE: ON CONFLICT's speculative insertion costs about as
 * much again as the row itself; where rows already there are the exception, trying without it first and
 * falling back through a savepoint is cheaper, and gives the same rows.
 */
export async function withUniqueFallback<T>(
	trx: Transaction<Database>,
	name: string,
	fast: RawBuilder<T>,
	careful: RawBuilder<T>
) {
	const savepoint = sql.id(`before_${name}`);
	await sql`SAVEPOINT ${savepoint}`.execute(trx);
	try {
		const result = await fast.execute(trx);
		await sql`RELEASE SAVEPOINT ${savepoint}`.execute(trx);
		return result;
	} catch (error) {
		if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
		await sql`ROLLBACK TO SAVEPOINT ${savepoint}`.execute(trx);
		return careful.execute(trx);
	}
}
