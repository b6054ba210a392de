import { DateTime } from 'luxon';

/**
 * The replay of a past instant on a wall screen (contract §3): `?replay=YYYY-MM-DDTHH:MM[:SS]&speed=N`, local time
 * in the site's zone, N ≥ 0 (0 holds the instant). Read the same way by the page and by `/ws`.
 */
export interface Replay {
	/** The instant the replay starts from. */
	at: Date;
	/** Replayed seconds per real second; 0 holds the instant. */
	speed: number;
}

/** Why a replay request cannot be played; each has a sentence in the wall's language (`wall.replay.problems`). */
export const REPLAY_PROBLEMS = ['format', 'noSuchTime', 'future', 'speed'] as const;
export type ReplayProblem = (typeof REPLAY_PROBLEMS)[number];

export type ReplayRequest = { kind: 'live' } | ({ kind: 'replay' } & Replay) | { kind: 'bad'; problem: ReplayProblem };

/** Played faster than this, a day would go by in under a second: nothing anyone could read. */
export const MAX_REPLAY_SPEED = 3600;
export const DEFAULT_REPLAY_SPEED = 1;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const SPEED = /^\d+(?:\.\d+)?$/;

/**
 * Reads a screen's replay parameters. No `replay`: live (a `speed` alone is ignored, as on a live screen it means
 * nothing). A local time that does not exist (the hour skipped in spring) or lies in the future is refused, and
 * so is a speed that is not a number from 0 to `MAX_REPLAY_SPEED`.
 */
export function parseReplayRequest(
	replay: string | null,
	speed: string | null,
	zone: string,
	nowMs: number
): ReplayRequest {
	if (replay === null) return { kind: 'live' };
	const match = INSTANT.exec(replay.trim());
	if (!match) return { kind: 'bad', problem: 'format' };
	const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
	const local = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone });
	if (!local.isValid) return { kind: 'bad', problem: 'format' };
	// Luxon moves a time the spring change skips forward: what was asked never showed on a clock there.
	if (local.hour !== hour || local.minute !== minute || local.day !== day)
		return { kind: 'bad', problem: 'noSuchTime' };
	if (local.toMillis() > nowMs) return { kind: 'bad', problem: 'future' };
	let rate = DEFAULT_REPLAY_SPEED;
	if (speed !== null) {
		if (!SPEED.test(speed.trim())) return { kind: 'bad', problem: 'speed' };
		rate = Number(speed);
		if (rate > MAX_REPLAY_SPEED) return { kind: 'bad', problem: 'speed' };
	}
	return { kind: 'replay', at: local.toJSDate(), speed: rate };
}

/** An instant as the root's `data-replay` carries it: RFC 3339 with the site's offset, to the second. */
export function replayInstantText(at: Date, zone: string): string {
	return DateTime.fromJSDate(at, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true })!;
}

/**
 * The instant a replay shows `elapsedMs` after it started, to the second: it moves at `speed`, and never past the
 * present (a replay that catches up with now holds there). Whole seconds, so that the first picture is of the very
 * instant asked for, not of the few milliseconds a read takes to start, times the speed.
 */
export function replayInstantAt(replay: Replay, elapsedMs: number, nowMs: number): Date {
	const ms = Math.min(replay.at.getTime() + Math.max(0, elapsedMs) * replay.speed, nowMs);
	return new Date(Math.floor(ms / 1000) * 1000);
}
