import { describe, expect, it } from 'vitest';
import { EMPTY_QUEUE_COUNTERS } from '../../domain/metrics.ts';
import type { IntervalFigures } from '../../protocol.ts';
import { openSpan, recentServiceLevel } from './intraday.ts';

const quarter = (start: string, offered: number, answeredWithinSl: number, waitingWithinSl = 0): IntervalFigures => ({
	queue: 'Q',
	periodStart: start,
	counters: { ...EMPTY_QUEUE_COUNTERS, offered, answered: answeredWithinSl, answeredWithinSl },
	waitingWithinSl
});

describe('recent service level', () => {
	const rows = [
		// A bad morning...
		quarter('2026-11-27T08:00:00Z', 100, 20),
		quarter('2026-11-27T09:00:00Z', 100, 30),
		// ...and a recovery over the last two quarters.
		quarter('2026-11-27T09:30:00Z', 10, 9),
		quarter('2026-11-27T09:45:00Z', 11, 9, 1)
	];
	it('counts only the quarters that started within the last 30 minutes, with the live rule', () => {
		// At 09:52: the 09:30 and 09:45 quarters; the call still waiting within the threshold is in no denominator.
		expect(recentServiceLevel(rows, 'sl_abandon_negative_pct', Date.parse('2026-11-27T09:52:00Z'))).toBe(90);
	});
	it('is empty without calls', () => {
		expect(recentServiceLevel(rows, 'sl_abandon_negative_pct', Date.parse('2026-11-27T12:00:00Z'))).toBeNull();
	});
});

describe('open span of the charts', () => {
	const day = (offered: Record<number, number>) =>
		Array.from({ length: 96 }, (_, i) => ({
			counters: { ...EMPTY_QUEUE_COUNTERS, offered: offered[i] ?? 0 },
			waitingWithinSl: 0
		}));
	it('spans the open hours, whole hours, up to now', () => {
		// First call at 08:15 (quarter 33), last at 17:45 (quarter 71), now 19:10 (elapsed 77).
		expect(openSpan(day({ 33: 2, 50: 9, 71: 1 }), 77)).toEqual({ from: 32, to: 80 });
		// Mid-morning: up to the hour after now.
		expect(openSpan(day({ 33: 2 }), 40)).toEqual({ from: 32, to: 40 });
	});
	it('spans the whole day without calls', () => {
		expect(openSpan(day({}), 40)).toEqual({ from: 0, to: 96 });
	});
});
