import {
	addQueueCounters,
	EMPTY_QUEUE_COUNTERS,
	liveServiceLevels,
	queueMetrics,
	type QueueCounters,
	type SlVariant,
	SL_VARIANTS
} from '../../domain/metrics.ts';
import type { AgentCounts, AgentFigures, IntervalFigures, QueueFigures } from '../../protocol.ts';
import type { QueueNow } from './queue-figures.ts';
import { thresholdsOf, type QueueThresholds } from './queue-thresholds.ts';

const NO_AGENTS: AgentCounts = { loggedIn: 0, ready: 0, notReady: 0, reserved: 0, talking: 0, work: 0 };
const COUNTED_STATE: Record<string, keyof AgentCounts | undefined> = {
	ready: 'ready',
	not_ready: 'notReady',
	reserved: 'reserved',
	talking: 'talking',
	work: 'work'
};

/** Logged-in agents per queue and state, through each agent's `queues`. */
export function agentCountsByQueue(agents: AgentFigures[]): Map<string, AgentCounts> {
	const byQueue = new Map<string, AgentCounts>();
	for (const agent of agents) {
		const state = COUNTED_STATE[agent.state];
		if (!state) continue;
		for (const queue of agent.queues ?? []) {
			const counts = byQueue.get(queue) ?? { ...NO_AGENTS };
			counts.loggedIn++;
			counts[state]++;
			byQueue.set(queue, counts);
		}
	}
	return byQueue;
}

function isSlVariant(value: string): value is SlVariant {
	return (SL_VARIANTS as readonly string[]).includes(value);
}

/**
 * Today's figures of every queue: the sum of today's 15-minute counters through the shared metric formulas
 * (so they match the exports), plus what waits now and who is logged in. The service level leaves out the calls
 * the intervals count as still waiting within the threshold, as the intraday charts do quarter by quarter.
 */
export function buildQueueFigures(
	queuesNow: QueueNow[],
	intervals: IntervalFigures[],
	agents: AgentFigures[],
	thresholds: Map<string, QueueThresholds>
): QueueFigures[] {
	const today = new Map<string, QueueCounters>();
	const waitingWithinSl = new Map<string, number>();
	for (const row of intervals) {
		today.set(row.queue, addQueueCounters(today.get(row.queue) ?? EMPTY_QUEUE_COUNTERS, row.counters));
		waitingWithinSl.set(row.queue, (waitingWithinSl.get(row.queue) ?? 0) + row.waitingWithinSl);
	}
	const agentCounts = agentCountsByQueue(agents);

	return queuesNow.map((q) => {
		const counters = today.get(q.queue) ?? EMPTY_QUEUE_COUNTERS;
		const metrics = queueMetrics(counters);
		const variant = isSlVariant(q.slVariant) ? q.slVariant : 'sl_abandon_negative_pct';
		return {
			queue: q.queue,
			waiting: q.waiting,
			oldestWaitingSince: q.oldestWaitingSince?.toISOString() ?? null,
			offered: counters.offered,
			answered: counters.answered,
			abandoned: counters.abandoned,
			serviceLevelPct: liveServiceLevels(counters, waitingWithinSl.get(q.queue) ?? 0)[variant],
			slVariant: variant,
			slThresholdS: q.slThresholdS,
			abandonRatePct: metrics.abandon_rate_pct,
			asaS: metrics.asa_s,
			agents: agentCounts.get(q.queue) ?? NO_AGENTS,
			thresholds: thresholdsOf(thresholds, q.queue)
		};
	});
}
