import { describe, expect, it } from 'vitest';
import { FINESSE_TIMINGS, retryDelayMs } from './source.ts';

describe('retryDelayMs', () => {
	it('doubles from the first delay up to the cap', () => {
		expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => retryDelayMs(attempt, FINESSE_TIMINGS))).toEqual([
			1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000
		]);
		expect(retryDelayMs(0, FINESSE_TIMINGS)).toBe(1000);
		expect(retryDelayMs(40, { retryFirstMs: 100, retryMaxMs: 400 })).toBe(400);
	});

	it('pings as often as Cisco asks', () => {
		expect(FINESSE_TIMINGS.pingIntervalMs).toBe(20_000);
	});
});
