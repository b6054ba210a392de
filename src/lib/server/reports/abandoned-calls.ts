import { sql, type Kysely } from 'kysely';
import { formatPeriodStart } from '../../domain/periods.ts';
import { settingsInForce } from '../aggregates/settings-in-force.ts';
import type { Database } from '../db/schema.ts';
import type { ExportRequest } from './export-request.ts';
import { dayByDay, epochMs, withDates } from './period-rows.ts';

/** One call that hung up while waiting in a queue: a leg whose outcome is "abandoned" (contract §2). */
export interface AbandonedCallRow {
	queuedAt: Date;
	queue: string;
	call: string;
	/** From entering the queue to hanging up; a negative wait (disagreeing clocks) counts as zero. */
	waitMs: number;
	/** Whether the wait was under the queue's short-abandon threshold in force when the call was queued. */
	short: boolean;
	/** The caller's number when the source gave it (for a call-back), else null. Personal data. */
	caller: string | null;
}

/**
 * The abandoned calls of the request's days, in queue-entry order, day by day so memory stays flat.
 * A leg answered in the end is answered, not abandoned, as in the aggregates.
 */
export function readAbandonedCalls(db: Kysely<Database>, request: ExportRequest): AsyncGenerator<AbandonedCallRow[]> {
	const onlyQueues = request.queues.length > 0 ? sql`AND leg.queue = ANY(${request.queues}::text[])` : sql``;
	return dayByDay(request, async (from, to) => {
		const result = await sql<Omit<AbandonedCallRow, 'queuedAt'> & { queuedAt: number }>`
			SELECT ${epochMs(sql`leg.queued_at`)} AS "queuedAt", leg.queue, leg.call, w.wait_ms AS "waitMs",
				w.wait_ms < coalesce(h.short_abandon_s, q.short_abandon_s) * 1000 AS short, leg.caller
			FROM call_legs leg
			JOIN queues q ON q.name = leg.queue
			${settingsInForce(sql`leg.queue`, sql`leg.queued_at`, 'h')}
			CROSS JOIN LATERAL (
				SELECT GREATEST(0, round(extract(epoch FROM leg.abandoned_at - leg.queued_at) * 1000))::float8 AS wait_ms
			) w
			WHERE leg.abandoned_at IS NOT NULL AND leg.answered_at IS NULL
				AND leg.queued_at >= ${from} AND leg.queued_at < ${to} ${onlyQueues}
			ORDER BY leg.queued_at, leg.queue, leg.call`.execute(db);
		return withDates<AbandonedCallRow, 'queuedAt'>(result.rows, 'queuedAt');
	});
}

/** An abandoned call as a report page shows it. */
export interface AbandonedCallLine {
	/** RFC 3339 with the zone's offset. */
	queuedAt: string;
	queue: string;
	call: string;
	waitS: number;
	short: boolean;
	caller: string | null;
}

/** The abandoned calls of a report page's range (at most a month, so they are held at once). */
export async function abandonedCallsReport(db: Kysely<Database>, request: ExportRequest): Promise<AbandonedCallLine[]> {
	const lines: AbandonedCallLine[] = [];
	for await (const rows of readAbandonedCalls(db, request)) {
		for (const row of rows)
			lines.push({
				queuedAt: formatPeriodStart(row.queuedAt, request.zone),
				queue: row.queue,
				call: row.call,
				waitS: row.waitMs / 1000,
				short: row.short,
				caller: row.caller
			});
	}
	return lines;
}
