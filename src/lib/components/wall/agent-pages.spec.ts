import { describe, expect, it } from 'vitest';
import type { AgentFigures } from '../../protocol.ts';
import { boardLayout, pageAt, sortForBoard } from './agent-pages.ts';

const agent = (
	login: string,
	state: AgentFigures['state'],
	since: string,
	team: string | null = null
): AgentFigures => ({
	agent: login,
	name: null,
	team,
	notReadyTodayMs: null,
	state,
	since,
	reason: null,
	queues: null
});

describe('agent board pages', () => {
	it('shows 120 agents at 1080p on a few pages of cards never below the minimum height', () => {
		const layout = boardLayout(120, 1860, 900, 98, 3);
		expect(layout.columns).toBe(3);
		expect(900 / layout.rows).toBeGreaterThanOrEqual(98);
		expect(layout.pageSize * layout.pages).toBeGreaterThanOrEqual(120);
		expect(layout.pages).toBeLessThanOrEqual(5);
	});

	it('gives a small team larger cards and one page', () => {
		const layout = boardLayout(8, 1860, 900, 75, 4);
		expect(layout.pages).toBe(1);
		expect(900 / layout.rows).toBeGreaterThanOrEqual(75);
		expect(layout.columns * layout.rows).toBeGreaterThanOrEqual(8);
	});

	it('turns the pages so that every agent appears once per cycle', () => {
		const shown = new Set(Array.from({ length: 30 }, (_, s) => pageAt(s * 1000, 3, 10)));
		expect(shown).toEqual(new Set([0, 1, 2]));
		expect(pageAt(123_456, 1, 10)).toBe(0);
	});

	it('orders by team, then state, then time in state', () => {
		const sorted = sortForBoard([
			agent('a', 'ready', '2026-11-27T09:00:00Z', 'Rennes'),
			agent('b', 'talking', '2026-11-27T09:05:00Z', 'Rennes'),
			agent('c', 'talking', '2026-11-27T09:01:00Z', 'Rennes'),
			agent('d', 'talking', '2026-11-27T09:00:00Z', 'Mont Valérien'),
			agent('e', 'ready', '2026-11-27T09:00:00Z')
		]);
		expect(sorted.map((a) => a.agent)).toEqual(['d', 'c', 'b', 'a', 'e']);
	});
});
