import { describe, expect, it } from 'vitest';
import {
	agentMetrics,
	addQueueCounters,
	EMPTY_QUEUE_COUNTERS,
	liveServiceLevels,
	loggedInMs,
	queueMetrics,
	type QueueCounters
} from './metrics.ts';

const counters = (c: Partial<QueueCounters>): QueueCounters => ({ ...EMPTY_QUEUE_COUNTERS, ...c });

describe('queueMetrics', () => {
	// 10 offered: 6 answered (5 within SL), 3 abandoned (2 within SL, 1 short), 1 dequeued.
	const day = counters({
		offered: 10,
		answered: 6,
		abandoned: 3,
		shortAbandoned: 1,
		dequeued: 1,
		answeredWithinSl: 5,
		abandonedWithinSl: 2,
		answeredWaitMs: 60_000,
		talkMs: 900_000,
		talked: 5,
		maxWaitMs: 95_500
	});

	it('computes the four UCCX service levels', () => {
		const m = queueMetrics(day);
		expect(m.sl_handled_pct).toBeCloseTo((100 * 5) / 6);
		expect(m.sl_no_abandon_pct).toBeCloseTo((100 * 5) / 8);
		expect(m.sl_abandon_positive_pct).toBeCloseTo(70);
		expect(m.sl_abandon_negative_pct).toBeCloseTo(50);
	});

	it('computes ASA, average talk, longest wait and abandon rate', () => {
		const m = queueMetrics(day);
		expect(m.asa_s).toBe(10);
		expect(m.avg_talk_s).toBe(180);
		expect(m.max_wait_s).toBe(95.5);
		expect(m.abandon_rate_pct).toBe(30);
	});

	it('leaves a figure empty when its denominator is zero, never 0 or NaN', () => {
		expect(queueMetrics(EMPTY_QUEUE_COUNTERS)).toEqual({
			sl_handled_pct: null,
			sl_no_abandon_pct: null,
			sl_abandon_positive_pct: null,
			sl_abandon_negative_pct: null,
			asa_s: null,
			avg_talk_s: null,
			max_wait_s: null,
			abandon_rate_pct: null
		});
		// Every call abandoned within SL: no denominator for the variant that excludes them.
		const allAbandoned = queueMetrics(counters({ offered: 2, abandoned: 2, abandonedWithinSl: 2 }));
		expect(allAbandoned.sl_no_abandon_pct).toBeNull();
		expect(allAbandoned.sl_handled_pct).toBeNull();
		expect(allAbandoned.sl_abandon_negative_pct).toBe(0);
	});
});

describe('liveServiceLevels', () => {
	it('leaves the calls still waiting within the threshold out of every denominator', () => {
		// 4 offered: 2 answered within SL, 1 abandoned within SL, 1 waiting for 5 s.
		const now = counters({ offered: 4, answered: 2, abandoned: 1, answeredWithinSl: 2, abandonedWithinSl: 1 });
		expect(liveServiceLevels(now, 1)).toEqual({
			sl_handled_pct: 100,
			sl_no_abandon_pct: 100,
			sl_abandon_positive_pct: 100,
			sl_abandon_negative_pct: (100 * 2) / 3
		});
		expect(liveServiceLevels(counters({ offered: 1 }), 1).sl_abandon_negative_pct).toBeNull();
	});
});

describe('addQueueCounters', () => {
	it('adds counts and sums and keeps the longest wait', () => {
		const a = counters({ offered: 2, answered: 1, answeredWaitMs: 4000, maxWaitMs: 4000 });
		const b = counters({ offered: 3, answered: 3, answeredWaitMs: 6000, maxWaitMs: 3000 });
		expect(addQueueCounters(a, b)).toEqual(
			counters({ offered: 5, answered: 4, answeredWaitMs: 10_000, maxWaitMs: 4000 })
		);
		expect(addQueueCounters(EMPTY_QUEUE_COUNTERS, b).maxWaitMs).toBe(3000);
	});
});

describe('loggedInMs', () => {
	it('adds every state but logged out', () => {
		expect(loggedInMs({ ready: 1, not_ready: 2, reserved: 3, talking: 4, work: 5 })).toBe(15);
	});
});

describe('agentMetrics', () => {
	it('gives occupancy, handle time, not-ready share and calls per hour, empty without a denominator', () => {
		const hour = 3_600_000;
		// 4 h logged in: 1 h ready, 1 h not ready, 1.5 h talking, 0.5 h after-call work; 12 calls.
		const byState = { ready: hour, not_ready: hour, reserved: 0, talking: 1.5 * hour, work: 0.5 * hour };
		expect(agentMetrics({ byState, answered: 12 })).toEqual({
			occupancy_pct: 50,
			aht_s: 600,
			not_ready_share_pct: 25,
			calls_per_hour: 3
		});
		const none = { ready: 0, not_ready: 0, reserved: 0, talking: 0, work: 0 };
		expect(agentMetrics({ byState: none, answered: 0 })).toEqual({
			occupancy_pct: null,
			aht_s: null,
			not_ready_share_pct: null,
			calls_per_hour: null
		});
		expect(agentMetrics({ byState, answered: 0 }).aht_s).toBeNull();
	});
});
