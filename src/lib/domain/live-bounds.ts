/**
 * What is still open, and for how long it counts (contract §3): a call whose outcome never arrives and an agent
 * whose next state never arrives (a lost event, a forgotten logout) must not stay "waiting" or "ready" for ever.
 */

/** Contract §3 (`VIGIE_MAX_WAIT_H`): a call still waiting after this many hours is unfinished, not waiting. */
export const DEFAULT_MAX_WAIT_H = 4;
/** Contract §3 (`VIGIE_MAX_STATE_H`): an agent state open longer than this is closed. */
export const DEFAULT_MAX_STATE_H = 12;

const HOUR_MS = 3_600_000;

/**
 * The queue-entry time before which a call with no outcome yet has left the live figures: it is unfinished (its
 * outcome was lost), not waiting, and never counted as abandoned.
 */
export function unfinishedBefore(now: Date, maxWaitHours: number): Date {
	return new Date(now.getTime() - maxWaitHours * HOUR_MS);
}

/** The start before which an agent's latest state, still open, is closed: that agent no longer counts as logged in. */
export function closedStatesBefore(now: Date, maxStateHours: number): Date {
	return new Date(now.getTime() - maxStateHours * HOUR_MS);
}

/** When a state that started at `sinceMs` stops counting if no next state comes: `maxStateHours` later. */
export function stateClosesAt(sinceMs: number, maxStateHours: number): number {
	return sinceMs + maxStateHours * HOUR_MS;
}

/**
 * The milliseconds an agent's open state (started at `sinceMs`, no next state yet) counts within `[fromMs, toMs)`
 * at `nowMs`: up to now, and never past its closing at `maxStateHours`.
 */
export function openStateMs(
	sinceMs: number,
	nowMs: number,
	maxStateHours: number,
	fromMs: number,
	toMs: number
): number {
	const end = Math.min(nowMs, stateClosesAt(sinceMs, maxStateHours), toMs);
	return Math.max(0, end - Math.max(sinceMs, fromMs));
}
