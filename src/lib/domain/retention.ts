import { DateTime } from 'luxon';

/**
 * How long Vigie keeps what (issues 11 and 13; docs/fr/donnees-personnelles.md). Figures per queue are kept for
 * good; the rest is kept for a number of whole local days, today included, then purged:
 * - `events`: the raw events (the event ledger, the calls' legs, the agents' state changes) and the dead letters;
 * - `agent_detail`: everything that names an agent (agent figures, state changes, who answered a call): personal
 *   data, after which only the queue figures remain;
 * - `callers`: the callers' numbers kept for call-backs: personal data, kept the shortest.
 */
export const RETENTION_KINDS = ['events', 'agent_detail', 'callers'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** Days kept of each kind, today included. */
export type RetentionDays = Record<RetentionKind, number>;

export const DEFAULT_RETENTION_DAYS: RetentionDays = { events: 365, agent_detail: 365, callers: 90 };

/**
 * The instant before which each kind is past its period: the start of the local day `days - 1` days before
 * today's, so that `days` whole local days stay (a DST day counts as one day, of 23 or 25 hours).
 */
export function retentionHorizons(now: Date, days: RetentionDays, zone: string): Record<RetentionKind, Date> {
	const today = DateTime.fromJSDate(now, { zone }).startOf('day');
	const horizon = (kept: number) => today.minus({ days: kept - 1 }).toJSDate();
	return { events: horizon(days.events), agent_detail: horizon(days.agent_detail), callers: horizon(days.callers) };
}

/**
 * Dead letters are raw lines, which may name an agent or hold a caller's number: they go with the shortest of the
 * three periods.
 */
export function deadLetterHorizon(horizons: Record<RetentionKind, Date>): Date {
	return new Date(Math.max(...RETENTION_KINDS.map((kind) => horizons[kind].getTime())));
}

/** The next daily purge: today at `minutes` after local midnight, or tomorrow if that has passed. */
export function nextPurgeAt(now: Date, minutes: number, zone: string): Date {
	const local = DateTime.fromJSDate(now, { zone });
	const at = (day: DateTime) => day.startOf('day').set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
	const today = at(local);
	return (today > local ? today : at(local.plus({ days: 1 }))).toJSDate();
}
