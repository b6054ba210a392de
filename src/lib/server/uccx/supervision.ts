import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { UccxPart, UccxPartState, UccxPartStatus } from './status.ts';
import { readStatuses } from './store.ts';

/**
 * What supervision says of each UCCX part (`/readyz`, `/metrics`, `vigie check uccx`). A part's lag is how long ago
 * it last got fresh data from UCCX: a successful read for the historical tables and Finesse, a snapshot that moved
 * for RTSS (which UCCX rewrites every interval, calls or not).
 */
export interface UccxPartHealth {
	state: UccxPartState;
	node: string | null;
	last_row_at: string | null;
	lag_s: number | null;
	error: string | null;
}

export type UccxHealth = Partial<Record<UccxPart, UccxPartHealth>>;

export function partHealth(status: UccxPartStatus, now: number): UccxPartHealth {
	const fresh = status.part === 'realtime' ? status.lastRowAt : status.lastReadAt;
	return {
		state: status.state,
		node: status.node,
		last_row_at: status.lastRowAt === null ? null : new Date(status.lastRowAt).toISOString(),
		lag_s: fresh === null ? null : Math.max(0, Math.round((now - fresh) / 100) / 10),
		error: status.error
	};
}

/** The parts' health, or null when no UCCX part has ever run against this database. */
export async function readUccxHealth(db: Kysely<Database>, now = Date.now()): Promise<UccxHealth | null> {
	const statuses = await readStatuses(db);
	if (statuses.length === 0) return null;
	return Object.fromEntries(statuses.map((status) => [status.part, partHealth(status, now)])) as UccxHealth;
}
