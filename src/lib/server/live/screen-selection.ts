import type { AgentFigures, ScreenView } from '../../protocol.ts';
import { viewShowsAgent } from '../../live/screen-scope.ts';

/**
 * What a screen and the screens it rotates with are sent: their queues (`null` when one of them shows every queue,
 * a team's screen included: the kiosk keeps the team's queues), and the agents any of them shows.
 */
export interface ScreenSelection {
	queues: Set<string> | null;
	views: ScreenView[];
}

/** A screen and the screens it rotates with, in showing order; unknown names are skipped. */
export function screensShownBy(screens: Map<string, ScreenView>, name: string): ScreenView[] {
	const first = screens.get(name);
	if (!first) return [];
	const others = first.rotation.filter((n) => n !== name).flatMap((n) => screens.get(n) ?? []);
	return [first, ...others];
}

/** What a set of screens is sent. */
export function selectionOf(views: ScreenView[]): ScreenSelection {
	const queues = views.some((v) => v.queues === null) ? null : new Set(views.flatMap((v) => v.queues ?? []));
	return { queues, views };
}

export function showsQueue(selection: ScreenSelection, queue: string): boolean {
	return selection.queues === null || selection.queues.has(queue);
}

/** Whether a selection shows this agent: one of its screens does (team, queues). */
export function showsAgent(selection: ScreenSelection, agent: AgentFigures): boolean {
	return selection.views.some((view) => viewShowsAgent(view, agent));
}
