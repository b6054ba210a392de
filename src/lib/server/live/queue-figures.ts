import { sql, type Kysely } from 'kysely';
import type { QueueFigures } from '../../protocol.ts';
import type { Database } from '../db/schema.ts';

/** Every known queue with its live figures, by name. One query serves every screen. */
export async function readQueueFigures(db: Kysely<Database>): Promise<QueueFigures[]> {
	const result = await sql<QueueFigures>`
		SELECT q.name AS queue, count(leg.call)::int AS waiting
		FROM queues q
		LEFT JOIN call_legs leg ON leg.queue = q.name
			AND leg.queued_at IS NOT NULL AND leg.answered_at IS NULL
			AND leg.abandoned_at IS NULL AND leg.dequeued_at IS NULL
		GROUP BY q.name
		ORDER BY q.name`.execute(db);
	return result.rows;
}
