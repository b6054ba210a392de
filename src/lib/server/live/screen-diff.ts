import { isDeepStrictEqual } from 'node:util';
import type { AgentFigures, IntervalFigures, QueueFigures, ServerMessage } from '../../protocol.ts';
import { intervalKey, type LiveFigures } from './live-figures.ts';
import { showsAgent, showsQueue, type ScreenSelection } from './screen-selection.ts';

export type ChangesMessage = Extract<ServerMessage, { type: 'changes' }>;

/** What moved between two readings of the figures, compared key by key and value by value. */
export interface FigureChanges {
	queues: QueueFigures[];
	/** Agents new or in another state (or serving other queues) since the last reading. */
	agents: AgentFigures[];
	/** Agents of the last reading that changed or left, each with what a screen knew of it. */
	leaving: AgentFigures[];
	intervals: IntervalFigures[];
}

function changed<T>(before: Map<string, T>, after: Map<string, T>): T[] {
	return [...after].filter(([key, value]) => !isDeepStrictEqual(value, before.get(key))).map(([, value]) => value);
}

/** The figures whose value differs between two readings (by key: queue, agent, queue and quarter). */
export function diffFigures(before: LiveFigures, after: LiveFigures): FigureChanges {
	return {
		queues: changed(before.queues, after.queues),
		agents: changed(before.agents, after.agents),
		leaving: [...before.agents]
			.filter(([name, agent]) => !isDeepStrictEqual(agent, after.agents.get(name)))
			.map(([, agent]) => agent),
		intervals: changed(before.intervals, after.intervals)
	};
}

export function nothingChanged(changes: FigureChanges): boolean {
	return changes.queues.length + changes.agents.length + changes.leaving.length + changes.intervals.length === 0;
}

/**
 * One screen's share of the changes: only its queues, its agents, and the agents that left it (logged out, or
 * moved away from its queues). `null` when nothing it shows moved.
 */
export function changesFor(
	selection: ScreenSelection,
	changes: FigureChanges,
	after: LiveFigures
): ChangesMessage | null {
	const message: ChangesMessage = {
		type: 'changes',
		queues: changes.queues.filter((q) => showsQueue(selection, q.queue)),
		agents: changes.agents.filter((a) => showsAgent(selection, a)),
		gone: changes.leaving
			.filter((a) => showsAgent(selection, a))
			.filter((a) => {
				const now = after.agents.get(a.agent);
				return now === undefined || !showsAgent(selection, now);
			})
			.map((a) => a.agent),
		intervals: changes.intervals.filter((row) => showsQueue(selection, row.queue))
	};
	const empty = message.queues.length + message.agents.length + message.gone.length + message.intervals.length === 0;
	return empty ? null : message;
}
