import type { AgentFigures } from '../../protocol.ts';

/** Who is busy first, then who is about to be, then who can take a call, then who cannot. */
export const BOARD_ORDER = ['talking', 'reserved', 'work', 'ready', 'not_ready'] as const;

/**
 * The board's order: by team when the directory gives teams (a supervisor looks for their own), then by state,
 * longest in state first, then by name; stable, so a card moves only when its agent's state changes.
 */
export function sortForBoard(agents: AgentFigures[]): AgentFigures[] {
	return [...agents].sort(
		(a, b) =>
			(a.team ?? '\uffff').localeCompare(b.team ?? '\uffff', 'fr') ||
			BOARD_ORDER.indexOf(a.state) - BOARD_ORDER.indexOf(b.state) ||
			a.since.localeCompare(b.since) ||
			a.agent.localeCompare(b.agent)
	);
}

/**
 * How many cards a page holds: cards never get smaller than `minCardHeight` (their text stays readable across the
 * room); past one page, the board pages. Fewer agents get larger cards, up to twice the minimum height.
 */
export function boardLayout(
	count: number,
	width: number,
	height: number,
	minCardHeight: number,
	columns: number
): { columns: number; rows: number; pageSize: number; pages: number } {
	const maxRows = Math.max(1, Math.floor(height / minCardHeight));
	const cols = Math.max(1, Math.min(columns, Math.ceil(count / Math.max(1, Math.floor(height / (2 * minCardHeight))))));
	const rows = Math.max(1, Math.min(maxRows, Math.ceil(count / cols)));
	const pageSize = cols * rows;
	return { columns: cols, rows, pageSize, pages: Math.max(1, Math.ceil(count / pageSize)) };
}

/** The page shown at `nowMs` when each page stays `pageSeconds`: every agent appears once per cycle. */
export function pageAt(nowMs: number, pages: number, pageSeconds: number): number {
	return pages <= 1 ? 0 : Math.floor(nowMs / 1000 / pageSeconds) % pages;
}
