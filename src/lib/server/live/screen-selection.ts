import type { AgentFigures, ScreenView } from '../../protocol.ts';

/** The queues a screen shows, with the screens it rotates with; `null` when one of them shows every queue. */
export type QueueSelection = Set<string> | null;

/** A screen and the screens it rotates with, in showing order; unknown names are skipped. */
export function screensShownBy(screens: Map<string, ScreenView>, name: string): ScreenView[] {
	const first = screens.get(name);
	if (!first) return [];
	const others = first.rotation.filter((n) => n !== name).flatMap((n) => screens.get(n) ?? []);
	return [first, ...others];
}

/** The queues a set of screens shows, or `null` when one of them shows every queue. */
export function queuesShownBy(views: ScreenView[]): QueueSelection {
	if (views.some((v) => v.queues === null)) return null;
	return new Set(views.flatMap((v) => v.queues ?? []));
}

export function showsQueue(selection: QueueSelection, queue: string): boolean {
	return selection === null || selection.has(queue);
}

/** Whether a selection shows this agent: through one of the queues the agent serves. */
export function showsAgent(selection: QueueSelection, agent: AgentFigures): boolean {
	if (selection === null) return true;
	return (agent.queues ?? []).some((q) => selection.has(q));
}
