import { describe, expect, it } from 'vitest';
import { agentsNeeded, erlangC, erlangServiceLevel } from './erlang-c.ts';

describe('Erlang C', () => {
	it('matches the published table for 10 Erlangs', () => {
		// Erlang C tables (e.g. Cooper, Introduction to Queueing Theory): P(wait) at A = 10.
		expect(erlangC(11, 10)).toBeCloseTo(0.6821, 3);
		expect(erlangC(12, 10)).toBeCloseTo(0.4494, 3);
		expect(erlangC(13, 10)).toBeCloseTo(0.2853, 3);
		expect(erlangC(14, 10)).toBeCloseTo(0.1741, 3);
		expect(erlangC(10, 10)).toBeNull();
	});

	it('gives the classic worked example: 100 calls in 30 minutes, 3-minute handle time, 80/20 → 14 agents', () => {
		expect(erlangServiceLevel(13, 10, 180, 20)).toBeCloseTo(0.7956, 3);
		expect(erlangServiceLevel(14, 10, 180, 20)).toBeCloseTo(0.8884, 3);
		expect(agentsNeeded(100 / 1800, 180, 80, 20)).toBe(14);
	});

	it('is empty without calls or without a handle time', () => {
		expect(agentsNeeded(0, 180, 80, 20)).toBeNull();
		expect(agentsNeeded(0.01, null, 80, 20)).toBeNull();
		// One call in half an hour still needs one agent.
		expect(agentsNeeded(1 / 1800, 200, 80, 20)).toBe(1);
	});
});
