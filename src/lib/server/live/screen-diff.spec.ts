import { describe, expect, it } from 'vitest';
import type { AgentFigures, IntervalFigures, QueueFigures } from '../../protocol.ts';
import { DEFAULT_THRESHOLDS } from '../../domain/thresholds.ts';
import { DEFAULT_ALARM_RULES } from '../../domain/alarms.ts';
import { EMPTY_QUEUE_COUNTERS } from '../../domain/metrics.ts';
import { intervalKey, NO_FIGURES, type LiveFigures } from './live-figures.ts';
import { changesFor, diffFigures, nothingChanged } from './screen-diff.ts';
import { selectionOf } from './screen-selection.ts';

/** What one screen of these queues (`null`: every queue), of this team if given, is sent. */
const screenOf = (queues: string[] | null, team: string | null = null) =>
	selectionOf([{ name: 's', title: null, layout: 'queues', queues, team, rotation: [], rotateEverySeconds: 20 }]);

const queue = (name: string, waiting: number): QueueFigures => ({
	queue: name,
	waiting,
	oldestWaitingSince: null,
	offered: 0,
	answered: 0,
	abandoned: 0,
	serviceLevelPct: null,
	slVariant: 'sl_abandon_negative_pct',
	slThresholdS: 20,
	abandonRatePct: null,
	asaS: null,
	agentsNeeded: null,
	agents: { loggedIn: 0, ready: 0, notReady: 0, reserved: 0, talking: 0, work: 0 },
	thresholds: DEFAULT_THRESHOLDS,
	alarmRules: DEFAULT_ALARM_RULES,
	staleSince: null
});
const agent = (name: string, state: AgentFigures['state'], queues: string[]): AgentFigures => ({
	agent: name,
	name: null,
	team: null,
	notReadyTodayMs: null,
	state,
	since: '2026-03-02T08:00:00.000Z',
	reason: null,
	queues
});
const interval = (name: string, offered: number): IntervalFigures => ({
	queue: name,
	periodStart: '2026-03-02T08:00:00.000Z',
	counters: { ...EMPTY_QUEUE_COUNTERS, offered },
	waitingWithinSl: 0
});
const figures = (queues: QueueFigures[], agents: AgentFigures[], intervals: IntervalFigures[] = []): LiveFigures => ({
	day: NO_FIGURES.day,
	queues: new Map(queues.map((q) => [q.queue, q])),
	agents: new Map(agents.map((a) => [a.agent, a])),
	intervals: new Map(intervals.map((row) => [intervalKey(row), row]))
});

describe('per-screen diff', () => {
	it('finds changes by value, not by object identity or key order', () => {
		const before = figures([queue('A', 1)], [agent('alice', 'ready', ['A'])], [interval('A', 3)]);
		const reordered = { ...queue('A', 1) };
		const after = figures(
			[Object.fromEntries(Object.entries(reordered).reverse()) as unknown as QueueFigures],
			[{ ...agent('alice', 'ready', ['A']) }],
			[interval('A', 3)]
		);
		expect(nothingChanged(diffFigures(before, after))).toBe(true);
	});

	it('gives each screen only its queues and agents, and who left it', () => {
		const before = figures(
			[queue('A', 1), queue('B', 1)],
			[agent('alice', 'ready', ['A']), agent('bruno', 'ready', ['B']), agent('chloe', 'ready', ['A'])]
		);
		const after = figures(
			[queue('A', 2), queue('B', 1)],
			// alice moves from A to B; bruno is unchanged; chloe logs out.
			[agent('alice', 'ready', ['B']), agent('bruno', 'ready', ['B'])],
			[interval('B', 1)]
		);
		const changes = diffFigures(before, after);
		expect(changesFor(screenOf(['A']), changes, after)).toEqual({
			type: 'changes',
			queues: [queue('A', 2)],
			agents: [],
			gone: ['alice', 'chloe'],
			intervals: []
		});
		expect(changesFor(screenOf(['B']), changes, after)).toEqual({
			type: 'changes',
			queues: [],
			agents: [agent('alice', 'ready', ['B'])],
			gone: [],
			intervals: [interval('B', 1)]
		});
		// A screen of every queue: alice changed (not gone), chloe gone.
		expect(changesFor(screenOf(null), changes, after)).toMatchObject({ gone: ['chloe'] });
	});

	it('sends nothing to a screen whose queues did not move', () => {
		const before = figures([queue('A', 1), queue('B', 1)], []);
		const after = figures([queue('A', 1), queue('B', 5)], []);
		expect(changesFor(screenOf(['A']), diffFigures(before, after), after)).toBeNull();
	});

	it('gives a team’s screen only that team’s agents', () => {
		const before = figures([queue('A', 1)], []);
		const after = figures(
			[queue('A', 1)],
			[
				{ ...agent('alice', 'ready', ['A']), team: 'Niveau 1' },
				{ ...agent('bruno', 'ready', ['A']), team: 'Niveau 2' }
			]
		);
		const message = changesFor(screenOf(null, 'Niveau 1'), diffFigures(before, after), after);
		expect(message?.agents.map((a) => a.agent)).toEqual(['alice']);
	});
});
