import { describe, expect, it } from 'vitest';
import { EMPTY_QUEUE_COUNTERS } from '../../domain/metrics.ts';
import { DEFAULT_THRESHOLDS } from '../../domain/thresholds.ts';
import { DEFAULT_ALARM_RULES } from '../../domain/alarms.ts';
import type { AgentFigures, IntervalFigures, QueueFigures } from '../../protocol.ts';
import { floorTotal } from './floor-total.ts';

const queue = (name: string, figures: Partial<QueueFigures>): QueueFigures => ({
	queue: name,
	waiting: 0,
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
	staleSince: null,
	...figures
});
const row = (name: string, offered: number, answeredWithinSl: number, answered: number): IntervalFigures => ({
	queue: name,
	periodStart: '2026-11-27T09:00:00.000Z',
	counters: { ...EMPTY_QUEUE_COUNTERS, offered, answered, answeredWithinSl, answeredWaitMs: answered * 10_000 },
	waitingWithinSl: 0
});
const agent = (name: string, state: AgentFigures['state'], queues: string[]): AgentFigures => ({
	agent: name,
	name: null,
	team: null,
	notReadyTodayMs: null,
	state,
	since: '2026-11-27T09:00:00.000Z',
	reason: null,
	queues
});

describe('the total of a screen’s queues', () => {
	it('adds calls, takes the oldest wait, and counts each agent once', () => {
		const total = floorTotal(
			'Toutes les files',
			[
				queue('A', { waiting: 3, oldestWaitingSince: '2026-11-27T09:10:00.000Z', offered: 10, abandoned: 1 }),
				queue('B', { waiting: 104, oldestWaitingSince: '2026-11-27T09:05:00.000Z', offered: 30, abandoned: 3 })
			],
			[row('A', 10, 8, 9), row('B', 30, 12, 27)],
			[agent('alice', 'ready', ['A', 'B']), agent('bruno', 'not_ready', ['B'])]
		);
		expect(total).toMatchObject({
			queue: 'Toutes les files',
			waiting: 107,
			oldestWaitingSince: '2026-11-27T09:05:00.000Z',
			offered: 40,
			abandoned: 4,
			abandonRatePct: 10,
			serviceLevelPct: 50,
			asaS: 10,
			agents: { loggedIn: 2, ready: 1, notReady: 1, reserved: 0, talking: 0, work: 0 }
		});
	});

	it('is empty, not zero, without calls', () => {
		const total = floorTotal('Total', [queue('A', {})], [], []);
		expect([total.serviceLevelPct, total.abandonRatePct, total.asaS, total.oldestWaitingSince]).toEqual([
			null,
			null,
			null,
			null
		]);
	});
});
