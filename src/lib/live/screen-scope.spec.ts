import { describe, expect, it } from 'vitest';
import type { AgentFigures, ScreenView } from '../protocol.ts';
import { queuesServedBy, viewShowsAgent, viewShowsQueue } from './screen-scope.ts';

const view = (queues: string[] | null, team: string | null): ScreenView => ({
	name: 's',
	title: null,
	layout: 'agents',
	queues,
	team,
	rotation: [],
	rotateEverySeconds: 20
});
const agent = (name: string, team: string | null, queues: string[]): AgentFigures => ({
	agent: name,
	name: null,
	team,
	notReadyTodayMs: null,
	state: 'ready',
	since: '2026-03-02T08:00:00.000Z',
	reason: null,
	queues
});

describe('a screen kept to one team', () => {
	const alice = agent('alice', 'Niveau 1', ['N1', 'Accès']);
	const bruno = agent('bruno', 'Niveau 2', ['N2']);
	const chloe = agent('chloe', null, ['N1']);

	it('shows only that team’s agents, within its queues when it lists some', () => {
		expect([alice, bruno, chloe].filter((a) => viewShowsAgent(view(null, 'Niveau 1'), a))).toEqual([alice]);
		expect(viewShowsAgent(view(['N2'], 'Niveau 1'), alice)).toBe(false);
		expect([alice, bruno, chloe].filter((a) => viewShowsAgent(view(null, null), a))).toHaveLength(3);
		expect([alice, bruno, chloe].filter((a) => viewShowsAgent(view(['N1'], null), a))).toEqual([alice, chloe]);
	});

	it('with no queue listed, shows the queues its agents serve', () => {
		const team = view(null, 'Niveau 1');
		const served = queuesServedBy([alice].filter((a) => viewShowsAgent(team, a)));
		expect(['N1', 'N2', 'Accès'].filter((q) => viewShowsQueue(team, q, served))).toEqual(['N1', 'Accès']);
		// Listed queues stay the screen's, team or not; a screen of every team shows every queue.
		expect(viewShowsQueue(view(['N2'], 'Niveau 1'), 'N2', served)).toBe(true);
		expect(viewShowsQueue(view(null, null), 'N2', null)).toBe(true);
	});
});
