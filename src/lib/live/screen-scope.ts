import type { AgentFigures, ScreenView } from '../protocol.ts';

/**
 * What one screen shows, shared by the server (what it sends) and the kiosk (what it draws): its queues (or every
 * queue), and the agents who serve them, of its team when it has one. A team's screen with every queue shows the
 * queues its agents logged in serve: the team's queues as the floor staffs them.
 */

/** Whether a screen shows this agent: of its team (if it has one), serving one of its queues (if it lists them). */
export function viewShowsAgent(view: ScreenView, agent: AgentFigures): boolean {
	if (view.team !== null && agent.team !== view.team) return false;
	return view.queues === null || (agent.queues ?? []).some((q) => view.queues!.includes(q));
}

/** The queues served by the agents a screen shows: a team screen's queues when it lists none. */
export function queuesServedBy(agents: Iterable<AgentFigures>): Set<string> {
	const served = new Set<string>();
	for (const agent of agents) for (const queue of agent.queues ?? []) served.add(queue);
	return served;
}

/**
 * Whether a screen shows this queue. `served`: the queues its agents serve (`queuesServedBy`), needed only for a
 * team's screen that lists no queue.
 */
export function viewShowsQueue(view: ScreenView, queue: string, served: Set<string> | null): boolean {
	if (view.queues !== null) return view.queues.includes(queue);
	return view.team === null || served === null || served.has(queue);
}
