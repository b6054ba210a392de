import type { BusinessDay } from '../../domain/business-day.ts';
import {
	addQueueCounters,
	DEFAULT_SL_VARIANT,
	EMPTY_QUEUE_COUNTERS,
	liveServiceLevels,
	queueMetrics,
	SL_VARIANTS,
	type QueueCounters,
	type SlVariant
} from '../../domain/metrics.ts';
import { agentsNeeded } from '../../domain/erlang-c.ts';
import { STAFFING_WINDOW_S, type StaffingInputs } from './figure-reads.ts';
import type { AgentCounts, AgentFigures, IntervalFigures, QueueFigures } from '../../protocol.ts';
import { thresholdsOf, type QueueThresholds } from '../wall-config/queue-thresholds.ts';
import { rulesOf, type SetAlarmRules } from '../wall-config/alarm-rules.ts';

/** No rules set anywhere: every queue has the product's. */
export const NO_ALARM_RULES: SetAlarmRules = { site: {}, queues: new Map() };

/** What is in queue right now, per known queue, with the queue's service-level settings. */
export interface QueueNow {
	queue: string;
	slVariant: string;
	slThresholdS: number;
	waiting: number;
	oldestWaitingSince: Date | null;
}

/** Everything the figures are made of, as read from the database (live) or rebuilt for a past instant (replay). */
export interface LiveInputs {
	queuesNow: QueueNow[];
	intervals: IntervalFigures[];
	agents: AgentFigures[];
	/** The last 30 minutes per queue, for the staffing advice; absent: no advice. */
	staffing?: StaffingInputs[];
}

/**
 * The fields of a queue's live record that a second producer may give instead of the event stream: Cisco's RTSS
 * snapshot (`RtCSQsSummary`) knows what waits and who is in which state, even before the events say so.
 */
export type QueueSnapshotFields = Pick<
	QueueFigures,
	'waiting' | 'oldestWaitingSince' | 'agents' | 'offered' | 'answered' | 'abandoned' | 'abandonRatePct'
>;

/** One queue's snapshot from a second producer, replacing the given fields of that queue's record. */
export interface QueueSnapshot {
	queue: string;
	fields: Partial<QueueSnapshotFields>;
	/** When the snapshot stopped moving at its source; `null` while it is current. The tile shows it stale. */
	staleSince: Date | null;
}

/** Every figure of every queue, built once for all screens. */
export interface LiveFigures {
	day: BusinessDay;
	queues: Map<string, QueueFigures>;
	agents: Map<string, AgentFigures>;
	intervals: Map<string, IntervalFigures>;
}

export const intervalKey = (row: IntervalFigures) => `${row.queue}\u0000${row.periodStart}`;

const NO_AGENTS: AgentCounts = { loggedIn: 0, ready: 0, notReady: 0, reserved: 0, talking: 0, work: 0 };
const COUNTED_STATE: Record<AgentFigures['state'], keyof AgentCounts> = {
	ready: 'ready',
	not_ready: 'notReady',
	reserved: 'reserved',
	talking: 'talking',
	work: 'work'
};

/** Erlang C's agents needed for the queue's target (its service-level warning threshold, 80 % by default). */
function advice(staffing: StaffingInputs | undefined, own: QueueThresholds, slThresholdS: number): number | null {
	if (!staffing) return null;
	return agentsNeeded(
		staffing.arrivals / STAFFING_WINDOW_S,
		staffing.handleS,
		own.service_level_pct.warn,
		slThresholdS
	);
}

/** Logged-in agents per queue and state, through each agent's `queues`. */
export function agentCountsByQueue(agents: AgentFigures[]): Map<string, AgentCounts> {
	const byQueue = new Map<string, AgentCounts>();
	for (const agent of agents) {
		const state = COUNTED_STATE[agent.state];
		for (const queue of agent.queues ?? []) {
			const counts = byQueue.get(queue) ?? { ...NO_AGENTS };
			counts.loggedIn++;
			counts[state]++;
			byQueue.set(queue, counts);
		}
	}
	return byQueue;
}

function slVariantOf(value: string): SlVariant {
	return (SL_VARIANTS as readonly string[]).includes(value) ? (value as SlVariant) : DEFAULT_SL_VARIANT;
}

/**
 * The live figures of every queue, made in this one place whatever produced their inputs: today's counters are
 * the sum of today's 15-minute rows through the shared metric formulas (so they match the exports), plus what
 * waits now and who is logged in. The service level leaves out the calls the intervals count as still waiting
 * within the threshold, as the intraday charts do quarter by quarter. A queue's snapshot, when a second producer
 * gives one, replaces the fields it carries and says whether the tile is stale.
 */
export function buildLiveFigures(
	day: BusinessDay,
	inputs: LiveInputs,
	thresholds: Map<string, QueueThresholds>,
	snapshots: QueueSnapshot[] = [],
	alarmRules: SetAlarmRules = NO_ALARM_RULES
): LiveFigures {
	const today = new Map<string, QueueCounters>();
	const waitingWithinSl = new Map<string, number>();
	for (const row of inputs.intervals) {
		today.set(row.queue, addQueueCounters(today.get(row.queue) ?? EMPTY_QUEUE_COUNTERS, row.counters));
		waitingWithinSl.set(row.queue, (waitingWithinSl.get(row.queue) ?? 0) + row.waitingWithinSl);
	}
	const agentCounts = agentCountsByQueue(inputs.agents);
	const staffingOf = new Map((inputs.staffing ?? []).map((s) => [s.queue, s]));
	const snapshotOf = new Map(snapshots.map((s) => [s.queue, s]));

	const queues = inputs.queuesNow.map((q): QueueFigures => {
		const counters = today.get(q.queue) ?? EMPTY_QUEUE_COUNTERS;
		const metrics = queueMetrics(counters);
		const variant = slVariantOf(q.slVariant);
		const snapshot = snapshotOf.get(q.queue);
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
			agentsNeeded: advice(staffingOf.get(q.queue), thresholdsOf(thresholds, q.queue), q.slThresholdS),
			agents: agentCounts.get(q.queue) ?? NO_AGENTS,
			thresholds: thresholdsOf(thresholds, q.queue),
			alarmRules: rulesOf(alarmRules, q.queue),
			staleSince: snapshot?.staleSince?.toISOString() ?? null,
			...snapshot?.fields
		};
	});
	return {
		day,
		queues: new Map(queues.map((q) => [q.queue, q])),
		agents: new Map(inputs.agents.map((a) => [a.agent, a])),
		intervals: new Map(inputs.intervals.map((row) => [intervalKey(row), row]))
	};
}

export const NO_FIGURES: LiveFigures = {
	day: { start: new Date(0), end: new Date(0) },
	queues: new Map(),
	agents: new Map(),
	intervals: new Map()
};
