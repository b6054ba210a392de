import {
	addQueueCounters,
	DEFAULT_SL_VARIANT,
	EMPTY_QUEUE_COUNTERS,
	liveServiceLevels,
	mean,
	percent,
	type SlVariant
} from '../../domain/metrics.ts';
import { DEFAULT_THRESHOLDS } from '../../domain/thresholds.ts';
import { DEFAULT_ALARM_RULES } from '../../domain/alarms.ts';
import type { AgentCounts, AgentFigures, IntervalFigures, QueueFigures } from '../../protocol.ts';

/**
 * The screen's queues taken together, as one more tile (the site's or the group's total, Live Data's "all CSQs"):
 * calls add up; the longest wait is the oldest call waiting anywhere; the service level and the average speed of
 * answer come from the same 15-minute counters as each queue's, added together, in the queues' common variant
 * (the contract's default when they differ); an agent serving several queues counts once.
 */
export function floorTotal(
	name: string,
	queues: QueueFigures[],
	intervals: IntervalFigures[],
	agents: AgentFigures[]
): QueueFigures {
	let counters = EMPTY_QUEUE_COUNTERS;
	let waitingWithinSl = 0;
	for (const row of intervals) {
		counters = addQueueCounters(counters, row.counters);
		waitingWithinSl += row.waitingWithinSl;
	}
	const variants = new Set(queues.map((q) => q.slVariant));
	const slVariant: SlVariant = variants.size === 1 ? [...variants][0]! : DEFAULT_SL_VARIANT;
	const thresholds = new Set(queues.map((q) => q.slThresholdS));
	const oldest = queues
		.map((q) => q.oldestWaitingSince)
		.filter((at): at is string => at !== null)
		.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
	const sum = (pick: (q: QueueFigures) => number) => queues.reduce((total, q) => total + pick(q), 0);
	const offered = sum((q) => q.offered);
	const abandoned = sum((q) => q.abandoned);
	return {
		queue: name,
		waiting: sum((q) => q.waiting),
		oldestWaitingSince: oldest ?? null,
		offered,
		answered: sum((q) => q.answered),
		abandoned,
		serviceLevelPct: liveServiceLevels(counters, waitingWithinSl)[slVariant],
		slVariant,
		slThresholdS: thresholds.size === 1 ? [...thresholds][0]! : (queues[0]?.slThresholdS ?? 20),
		abandonRatePct: percent(abandoned, offered),
		asaS: mean(counters.answeredWaitMs / 1000, counters.answered),
		// Erlang C pools a group's agents: the sum of each queue's advice would overstate it, so none is given.
		agentsNeeded: null,
		agents: agentCounts(agents),
		thresholds: DEFAULT_THRESHOLDS,
		alarmRules: DEFAULT_ALARM_RULES,
		staleSince: null
	};
}

/** Logged-in agents by state, each once. */
export function agentCounts(agents: AgentFigures[]): AgentCounts {
	const counts: AgentCounts = { loggedIn: 0, ready: 0, notReady: 0, reserved: 0, talking: 0, work: 0 };
	for (const a of agents) {
		counts.loggedIn++;
		counts[a.state === 'not_ready' ? 'notReady' : a.state]++;
	}
	return counts;
}
