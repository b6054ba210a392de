/**
 * The contract's metric definitions (§2), in one place: the worker's aggregates hold counters and sums, and
 * every screen, report and export turns them into figures here.
 */

/** The counters of one queue over a period, or over several periods added together. */
export interface QueueCounters {
	offered: number;
	answered: number;
	abandoned: number;
	shortAbandoned: number;
	dequeued: number;
	answeredWithinSl: number;
	abandonedWithinSl: number;
	/** Sum of the waits of answered calls. */
	answeredWaitMs: number;
	/** Sum of the talk times of answered calls that ended, and how many there are. */
	talkMs: number;
	talked: number;
	/** Longest wait of an answered or abandoned call; null when there is none. */
	maxWaitMs: number | null;
}

export const SL_VARIANTS = [
	'sl_handled_pct',
	'sl_no_abandon_pct',
	'sl_abandon_positive_pct',
	'sl_abandon_negative_pct'
] as const;
export type SlVariant = (typeof SL_VARIANTS)[number];
export const DEFAULT_SL_VARIANT: SlVariant = 'sl_abandon_negative_pct';
export const DEFAULT_SL_THRESHOLD_S = 20;
export const DEFAULT_SHORT_ABANDON_S = 5;

/** Figures are null where their denominator is zero: an empty cell, never 0 % and never NaN. */
export type QueueMetrics = Record<
	SlVariant | 'asa_s' | 'avg_talk_s' | 'max_wait_s' | 'abandon_rate_pct',
	number | null
>;

export function percent(part: number, whole: number): number | null {
	return whole > 0 ? (100 * part) / whole : null;
}

export function mean(sum: number, count: number): number | null {
	return count > 0 ? sum / count : null;
}

/** The four Cisco UCCX service-level variants. */
export function serviceLevels(c: QueueCounters): Record<SlVariant, number | null> {
	return {
		sl_handled_pct: percent(c.answeredWithinSl, c.answered),
		sl_no_abandon_pct: percent(c.answeredWithinSl, c.offered - c.abandonedWithinSl),
		sl_abandon_positive_pct: percent(c.answeredWithinSl + c.abandonedWithinSl, c.offered),
		sl_abandon_negative_pct: percent(c.answeredWithinSl, c.offered)
	};
}

/**
 * The service levels of figures still moving (contract §2, live): a call still waiting within the threshold is in
 * no denominator yet; it enters one once its outcome is known or once it has waited past the threshold.
 * `waitingWithinSl` counts those calls among `c.offered`.
 */
export function liveServiceLevels(c: QueueCounters, waitingWithinSl: number): Record<SlVariant, number | null> {
	return serviceLevels({ ...c, offered: c.offered - waitingWithinSl });
}

export function queueMetrics(c: QueueCounters): QueueMetrics {
	return {
		...serviceLevels(c),
		asa_s: mean(c.answeredWaitMs / 1000, c.answered),
		avg_talk_s: mean(c.talkMs / 1000, c.talked),
		max_wait_s: c.maxWaitMs === null ? null : c.maxWaitMs / 1000,
		abandon_rate_pct: percent(c.abandoned, c.offered)
	};
}

export const EMPTY_QUEUE_COUNTERS: QueueCounters = {
	offered: 0,
	answered: 0,
	abandoned: 0,
	shortAbandoned: 0,
	dequeued: 0,
	answeredWithinSl: 0,
	abandonedWithinSl: 0,
	answeredWaitMs: 0,
	talkMs: 0,
	talked: 0,
	maxWaitMs: null
};

export function addQueueCounters(a: QueueCounters, b: QueueCounters): QueueCounters {
	return {
		offered: a.offered + b.offered,
		answered: a.answered + b.answered,
		abandoned: a.abandoned + b.abandoned,
		shortAbandoned: a.shortAbandoned + b.shortAbandoned,
		dequeued: a.dequeued + b.dequeued,
		answeredWithinSl: a.answeredWithinSl + b.answeredWithinSl,
		abandonedWithinSl: a.abandonedWithinSl + b.abandonedWithinSl,
		answeredWaitMs: a.answeredWaitMs + b.answeredWaitMs,
		talkMs: a.talkMs + b.talkMs,
		talked: a.talked + b.talked,
		maxWaitMs:
			a.maxWaitMs === null ? b.maxWaitMs : b.maxWaitMs === null ? a.maxWaitMs : Math.max(a.maxWaitMs, b.maxWaitMs)
	};
}

/** The agent states that count as logged in: every one but `logged_out`. */
export const LOGGED_IN_STATES = ['ready', 'not_ready', 'reserved', 'talking', 'work'] as const;
export type LoggedInState = (typeof LOGGED_IN_STATES)[number];

export function loggedInMs(byState: Record<LoggedInState, number>): number {
	return LOGGED_IN_STATES.reduce((sum, state) => sum + byState[state], 0);
}

/** An agent's figures over a period or a range (issue 13), null where their denominator is zero. */
export type AgentMetrics = Record<'occupancy_pct' | 'aht_s' | 'not_ready_share_pct' | 'calls_per_hour', number | null>;

/**
 * The agent report's figures, from seconds per state and calls answered:
 * - occupancy: time on calls (talking + after-call work) over time logged in;
 * - average handle time (AHT, "DMT"): talking + after-call work, per call answered;
 * - not-ready share: time not ready over time logged in;
 * - calls per hour: calls answered per hour logged in.
 */
export function agentMetrics(t: { byState: Record<LoggedInState, number>; answered: number }): AgentMetrics {
	const loggedIn = loggedInMs(t.byState);
	const handling = t.byState.talking + t.byState.work;
	return {
		occupancy_pct: percent(handling, loggedIn),
		aht_s: mean(handling / 1000, t.answered),
		not_ready_share_pct: percent(t.byState.not_ready, loggedIn),
		calls_per_hour: loggedIn > 0 ? t.answered / (loggedIn / 3_600_000) : null
	};
}
