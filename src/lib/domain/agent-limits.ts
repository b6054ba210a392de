/**
 * Agent alarms (issue 12): a pause or after-call work longer than its limit shows on the agent board, amber then
 * red, so a one-hour pause no longer looks like a one-minute one. Limits go by state and, for not ready, by reason.
 */
import type { Level } from './thresholds.ts';

export const LIMITED_STATES = ['not_ready', 'work'] as const;
export type LimitedState = (typeof LIMITED_STATES)[number];

export interface AgentStateLimit {
	state: LimitedState;
	/** '' : the state's default. */
	reason: string;
	warnS: number;
	alarmS: number;
}

/** The product's limits where the site set none: a quarter hour of not ready, two minutes of after-call work. */
export const DEFAULT_AGENT_LIMITS: readonly AgentStateLimit[] = [
	{ state: 'not_ready', reason: '', warnS: 15 * 60, alarmS: 30 * 60 },
	{ state: 'work', reason: '', warnS: 2 * 60, alarmS: 5 * 60 }
];

/** The limit that applies: the reason's own, else the state's default (the site's, then the product's). */
export function limitFor(
	limits: readonly AgentStateLimit[],
	state: string,
	reason: string | null
): AgentStateLimit | null {
	if (state !== 'not_ready' && state !== 'work') return null;
	const own =
		state === 'not_ready' && reason ? limits.find((l) => l.state === state && l.reason === reason) : undefined;
	return (
		own ??
		limits.find((l) => l.state === state && l.reason === '') ??
		DEFAULT_AGENT_LIMITS.find((l) => l.state === state) ??
		null
	);
}

/** How an agent's time in state stands against its limit. */
export function agentLevel(
	limits: readonly AgentStateLimit[],
	state: string,
	reason: string | null,
	secondsInState: number | null
): Level {
	const limit = limitFor(limits, state, reason);
	if (limit === null || secondsInState === null) return 'ok';
	if (secondsInState >= limit.alarmS) return 'alarm';
	if (secondsInState >= limit.warnS) return 'warn';
	return 'ok';
}
