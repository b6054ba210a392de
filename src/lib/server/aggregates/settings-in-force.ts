import { sql, type RawBuilder } from 'kysely';

/**
 * A LATERAL join, as `alias`, to the queue's settings in force at `instant` (migration 000061): the last history
 * row at or before it. A queue never changed has none, so readers take `coalesce(<alias>.x, queues.x)`.
 * NOTE: one index probe per row through the history's primary key (queue, effective_from); history rows are a
 * handful per queue, so this adds nothing measurable to a rebuild.
 */
export function settingsInForce(queue: RawBuilder<unknown>, instant: RawBuilder<unknown>, alias: string) {
	return sql`LEFT JOIN LATERAL (
		SELECT h.sl_threshold_s, h.short_abandon_s, h.sl_variant
		FROM queue_settings_history h
		WHERE h.queue = ${queue} AND h.effective_from <= ${instant}
		ORDER BY h.effective_from DESC
		LIMIT 1
	) ${sql.raw(alias)} ON true`;
}
