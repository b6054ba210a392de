import { describe, expect, it } from 'vitest';
import { alarmRulesOf, AlarmSince, compareSeverity, isEscalated, queueLevels, type QueueNowFigures } from './alarms.ts';
import { DEFAULT_THRESHOLDS } from './thresholds.ts';

const figures = (f: Partial<QueueNowFigures>): QueueNowFigures => ({
	waiting: 0,
	longestWaitingS: null,
	serviceLevelPct: null,
	abandonRatePct: null,
	offered: 0,
	...f
});
const entry = (queue: string, f: Partial<QueueNowFigures>) => {
	const all = figures(f);
	return { queue, figures: all, thresholds: DEFAULT_THRESHOLDS, levels: queueLevels(all, DEFAULT_THRESHOLDS) };
};

describe('alarms that rank', () => {
	it('gives no colour to rates on a handful of calls', () => {
		expect(queueLevels(figures({ offered: 3, serviceLevelPct: 67, abandonRatePct: 33 }), DEFAULT_THRESHOLDS)).toEqual({
			waiting: 'ok',
			longest: 'ok',
			serviceLevel: 'ok',
			abandonRate: 'ok'
		});
		expect(queueLevels(figures({ offered: 40, serviceLevelPct: 67 }), DEFAULT_THRESHOLDS).serviceLevel).toBe('alarm');
	});

	it('puts a queue on fire before a queue slightly off, whatever their names', () => {
		const queues = [
			entry('A calme', { offered: 50, serviceLevelPct: 95 }),
			entry('B petit', { offered: 3, serviceLevelPct: 67 }),
			entry('C un peu', { offered: 50, serviceLevelPct: 75 }),
			entry('D en feu', { offered: 300, waiting: 104, longestWaitingS: 3943, serviceLevelPct: 5 }),
			entry('E attente', { offered: 50, waiting: 12, longestWaitingS: 30, serviceLevelPct: 90 }),
			// Every figure in alarm, but 15 calls for seven minutes: less pressing than 104 for an hour.
			entry('F partout', { offered: 50, waiting: 15, longestWaitingS: 447, serviceLevelPct: 16, abandonRatePct: 12 })
		];
		expect(queues.sort(compareSeverity).map((q) => q.queue)).toEqual([
			'D en feu',
			'F partout',
			'E attente',
			'C un peu',
			'A calme',
			'B petit'
		]);
	});

	it('escalates an alarm that lasts, and forgets it once over', () => {
		const since = new AlarmSince();
		expect(since.observe('Q', 'alarm', 1_000)).toBe(1_000);
		expect(since.observe('Q', 'alarm', 200_000)).toBe(1_000);
		expect(isEscalated(1_000, 200_000)).toBe(false);
		expect(isEscalated(1_000, 301_000)).toBe(true);
		expect(since.observe('Q', 'warn', 302_000)).toBeNull();
		expect(since.observe('Q', 'alarm', 400_000)).toBe(400_000);
		// A longest wait knows when it crossed the threshold, even on a screen just switched on.
		expect(since.observe('R', 'alarm', 400_000, 10_000)).toBe(10_000);
	});
});

describe('alarm rules', () => {
	it('a queue takes its own rules, else the site’s, else the product’s (10 calls, 5 minutes)', () => {
		expect(alarmRulesOf(undefined, undefined)).toEqual({ minOffered: 10, escalateAfterMin: 5 });
		expect(alarmRulesOf(undefined, { minOffered: 20 })).toEqual({ minOffered: 20, escalateAfterMin: 5 });
		expect(alarmRulesOf({ escalateAfterMin: 15, minOffered: 0 }, { minOffered: 20 })).toEqual({
			minOffered: 0,
			escalateAfterMin: 15
		});
	});

	it('a queue whose minimum volume is lowered colours its rates on fewer calls', () => {
		const few = { waiting: 0, longestWaitingS: null, serviceLevelPct: 0, abandonRatePct: 67, offered: 3 };
		expect(queueLevels(few, DEFAULT_THRESHOLDS).abandonRate).toBe('ok');
		expect(
			queueLevels(few, DEFAULT_THRESHOLDS, alarmRulesOf({ minOffered: 3 }, undefined).minOffered).abandonRate
		).toBe('alarm');
	});
});
