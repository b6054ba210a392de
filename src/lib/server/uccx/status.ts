/**
 * What each part of the UCCX connector is doing, for supervision (`/readyz`, `/metrics`, `vigie check uccx`) and
 * the log. The connector runs in the worker process; web processes read these states from the database.
 */

/** The connector's parts: the historical tables, the real-time snapshots, and Finesse's agent states. */
export const UCCX_PARTS = ['historical', 'realtime', 'finesse'] as const;
export type UccxPart = (typeof UCCX_PARTS)[number];

/**
 * `starting` until the first read; `live` while reads succeed; `stale` when the source answers but its data has
 * stopped moving (RTSS turned off, say); `failing` while it cannot be read (it is retried with a growing delay).
 */
export type UccxPartState = 'starting' | 'live' | 'stale' | 'failing';

export interface UccxPartStatus {
	part: UccxPart;
	state: UccxPartState;
	/** Which node is read (host name), when known. */
	node: string | null;
	/** The newest row's time at the source (epoch ms): how far the figures reach. */
	lastRowAt: number | null;
	/** The last successful read (epoch ms, Vigie's clock). */
	lastReadAt: number | null;
	/** What went wrong, in words for an operator (no secret in it), while failing or stale. */
	error: string | null;
}

/** Where a part reports to; the connector writes these to the database and the log. */
export type StatusSink = (status: UccxPartStatus) => void;
