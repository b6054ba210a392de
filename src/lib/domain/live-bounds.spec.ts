import { describe, expect, it } from 'vitest';
import { closedStatesBefore, openStateMs, stateClosesAt, unfinishedBefore } from './live-bounds.ts';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

describe('a call with no outcome', () => {
	it('stops waiting after the limit', () => {
		expect(unfinishedBefore(new Date('2026-11-27T12:00:00Z'), 4)).toEqual(new Date('2026-11-27T08:00:00Z'));
		expect(unfinishedBefore(new Date('2026-11-27T12:00:00Z'), 0.5)).toEqual(new Date('2026-11-27T11:30:00Z'));
	});
});

describe("an agent's open state", () => {
	const day = { from: at('2026-11-27T00:00:00Z'), to: at('2026-11-28T00:00:00Z') };

	it('counts up to now, while it lasts', () => {
		const since = at('2026-11-27T09:00:00Z');
		expect(openStateMs(since, at('2026-11-27T09:30:00Z'), 12, day.from, day.to)).toBe(30 * MIN);
		expect(openStateMs(since, at('2026-11-27T10:00:00Z'), 12, day.from, day.to)).toBe(60 * MIN);
	});

	it('counts only its part of the day when it started before', () => {
		const since = at('2026-11-26T23:00:00Z');
		expect(openStateMs(since, at('2026-11-27T01:00:00Z'), 12, day.from, day.to)).toBe(60 * MIN);
	});

	it('stops counting at the limit: a forgotten logout is not hours of work', () => {
		const since = at('2026-11-27T08:00:00Z');
		expect(stateClosesAt(since, 12)).toBe(at('2026-11-27T20:00:00Z'));
		expect(openStateMs(since, at('2026-11-27T23:00:00Z'), 12, day.from, day.to)).toBe(12 * 60 * MIN);
		// Closed before the day began: nothing of it counts today.
		expect(openStateMs(at('2026-11-26T08:00:00Z'), at('2026-11-27T10:00:00Z'), 12, day.from, day.to)).toBe(0);
		expect(closedStatesBefore(new Date('2026-11-27T23:00:00Z'), 12)).toEqual(new Date('2026-11-27T11:00:00Z'));
	});

	it('never counts a negative time (a kiosk clock behind the state)', () => {
		expect(openStateMs(at('2026-11-27T09:00:00Z'), at('2026-11-27T08:59:00Z'), 12, day.from, day.to)).toBe(0);
	});
});
