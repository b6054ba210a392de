/**
 * Alarms that rank (issue 12): a queue's colours must say how bad it is, not only that one figure is off.
 * - A rate on a handful of calls says little: service level and abandon rate take a level only from
 *   `MIN_OFFERED_FOR_RATES` calls offered today; below that they show, uncoloured.
 * - Queues are shown worst first: by their worst level, then by how far the calls in queue now are past their
 *   alarm thresholds (104 calls for an alarm at 10 outranks 15), then by how many figures are in alarm.
 * - An alarm that lasts escalates: after `ESCALATE_AFTER_MIN` minutes in alarm the tile says since when.
 * Both are the product's defaults: a site sets its own, and a queue its own over the site's (`AlarmRules`).
 */
import { levelOf, type Level, type ThresholdMetric, type Thresholds } from './thresholds.ts';

/** Calls offered today below which a queue's rates take no colour (no red on 3 calls). */
export const MIN_OFFERED_FOR_RATES = 10;
/** Minutes in alarm after which a queue's tile escalates. */
export const ESCALATE_AFTER_MIN = 5;

/** A queue's alarm rules: the minimum volume for its rates to take a colour, and when a lasting alarm escalates. */
export interface AlarmRules {
	minOffered: number;
	escalateAfterMin: number;
}

export const DEFAULT_ALARM_RULES: AlarmRules = {
	minOffered: MIN_OFFERED_FOR_RATES,
	escalateAfterMin: ESCALATE_AFTER_MIN
};

/** The fields of the rules as the administration names them (the threshold grid's columns). */
export const ALARM_RULE_FIELDS = ['min_offered', 'escalate_after_min'] as const;
export type AlarmRuleField = (typeof ALARM_RULE_FIELDS)[number];
/** What each field may be: a volume from 0 (always coloured) to 10,000 calls, an escalation from 1 minute to a day. */
export const ALARM_RULE_BOUNDS: Record<AlarmRuleField, { min: number; max: number }> = {
	min_offered: { min: 0, max: 10_000 },
	escalate_after_min: { min: 1, max: 1440 }
};

/** Set rules, each field possibly missing (it then inherits). */
export type OwnAlarmRules = Partial<AlarmRules>;

/** A queue's rules: its own where it has them, else the site's, else the product's. */
export function alarmRulesOf(own: OwnAlarmRules | undefined, site: OwnAlarmRules | undefined): AlarmRules {
	return {
		minOffered: own?.minOffered ?? site?.minOffered ?? DEFAULT_ALARM_RULES.minOffered,
		escalateAfterMin: own?.escalateAfterMin ?? site?.escalateAfterMin ?? DEFAULT_ALARM_RULES.escalateAfterMin
	};
}

export interface QueueNowFigures {
	waiting: number;
	longestWaitingS: number | null;
	serviceLevelPct: number | null;
	abandonRatePct: number | null;
	offered: number;
}

export type QueueLevels = Record<'waiting' | 'longest' | 'serviceLevel' | 'abandonRate', Level>;

export function queueLevels(
	q: QueueNowFigures,
	thresholds: Record<ThresholdMetric, Thresholds>,
	minOffered: number = MIN_OFFERED_FOR_RATES
): QueueLevels {
	const enoughCalls = q.offered >= minOffered;
	return {
		waiting: levelOf(q.waiting, thresholds.waiting),
		longest: levelOf(q.longestWaitingS, thresholds.longest_waiting_s),
		serviceLevel: enoughCalls ? levelOf(q.serviceLevelPct, thresholds.service_level_pct) : 'ok',
		abandonRate: enoughCalls ? levelOf(q.abandonRatePct, thresholds.abandon_rate_pct) : 'ok'
	};
}

const RANK: Record<Level, number> = { ok: 0, warn: 1, alarm: 2 };

export function worstLevel(levels: QueueLevels): Level {
	const values = Object.values(levels);
	return values.includes('alarm') ? 'alarm' : values.includes('warn') ? 'warn' : 'ok';
}

/**
 * How hard the calls in queue press now: calls waiting and longest wait as multiples of their alarm thresholds,
 * the larger of the two (1: just at the alarm; 10: ten times past it).
 */
export function pressure(figures: QueueNowFigures, thresholds: Record<ThresholdMetric, Thresholds>): number {
	const ratio = (value: number | null, t: Thresholds) => (value === null || t.alarm <= 0 ? 0 : value / t.alarm);
	return Math.max(
		ratio(figures.waiting, thresholds.waiting),
		ratio(figures.longestWaitingS, thresholds.longest_waiting_s)
	);
}

export interface RankedQueue {
	queue: string;
	levels: QueueLevels;
	figures: QueueNowFigures;
	thresholds: Record<ThresholdMetric, Thresholds>;
}

/** Sorts queues worst first; equal queues keep their name order. */
export function compareSeverity(a: RankedQueue, b: RankedQueue): number {
	const count = (levels: QueueLevels, level: Level) => Object.values(levels).filter((l) => l === level).length;
	return (
		RANK[worstLevel(b.levels)] - RANK[worstLevel(a.levels)] ||
		pressure(b.figures, b.thresholds) - pressure(a.figures, a.thresholds) ||
		count(b.levels, 'alarm') - count(a.levels, 'alarm') ||
		count(b.levels, 'warn') - count(a.levels, 'warn') ||
		a.queue.localeCompare(b.queue, 'fr')
	);
}

/**
 * Since when each alarm has lasted, as a screen sees it: the first time it saw the queue in alarm, kept while the
 * alarm lasts, forgotten when it ends. The longest wait knows its own start (the oldest call crossed the alarm
 * threshold at a known instant), so the caller may give it.
 */
export class AlarmSince {
	readonly #since = new Map<string, number>();

	/** Records the queue's level at `nowMs`; returns since when it has been in alarm, or null. */
	observe(queue: string, level: Level, nowMs: number, knownSinceMs: number | null = null): number | null {
		if (level !== 'alarm') {
			this.#since.delete(queue);
			return null;
		}
		const seen = this.#since.get(queue) ?? nowMs;
		const since = knownSinceMs === null ? seen : Math.min(seen, knownSinceMs);
		this.#since.set(queue, since);
		return since;
	}
}

/** Whether an alarm that started at `sinceMs` has lasted long enough to escalate. */
export function isEscalated(sinceMs: number | null, nowMs: number, afterMinutes: number = ESCALATE_AFTER_MIN): boolean {
	return sinceMs !== null && nowMs - sinceMs >= afterMinutes * 60_000;
}
