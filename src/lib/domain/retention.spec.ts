import { describe, expect, it } from 'vitest';
import { deadLetterHorizon, nextPurgeAt, retentionHorizons } from './retention.ts';

const ZONE = 'Europe/Paris';

describe('retentionHorizons', () => {
	it('keeps whole local days, today included', () => {
		const now = new Date('2026-11-27T10:00:00Z');
		const horizons = retentionHorizons(now, { events: 365, agent_detail: 30, callers: 1 }, ZONE);
		// 1 day: today only, from local midnight (UTC+1 in November).
		expect(horizons.callers).toEqual(new Date('2026-11-26T23:00:00Z'));
		// 30 days: 29 October to 27 November; 29 October starts at 23:00 UTC the day before (winter time).
		expect(horizons.agent_detail).toEqual(new Date('2026-10-28T23:00:00Z'));
		expect(horizons.events).toEqual(new Date('2025-11-27T23:00:00Z'));
	});

	it('counts a DST day as one day', () => {
		// Monday 30 March 2026, keep 2 days: Sunday 29 March (23 hours) and Monday.
		const horizons = retentionHorizons(
			new Date('2026-03-30T12:00:00Z'),
			{ events: 2, agent_detail: 2, callers: 2 },
			ZONE
		);
		expect(horizons.events).toEqual(new Date('2026-03-28T23:00:00Z'));
	});

	it('purges dead letters with the shortest period, since a raw line may hold a caller’s number', () => {
		const horizons = retentionHorizons(
			new Date('2026-11-27T10:00:00Z'),
			{ events: 365, agent_detail: 365, callers: 90 },
			ZONE
		);
		expect(deadLetterHorizon(horizons)).toEqual(horizons.callers);
	});
});

describe('nextPurgeAt', () => {
	it('runs today at the set local time, or tomorrow once it has passed', () => {
		expect(nextPurgeAt(new Date('2026-11-27T01:00:00Z'), 3 * 60 + 30, ZONE)).toEqual(new Date('2026-11-27T02:30:00Z'));
		expect(nextPurgeAt(new Date('2026-11-27T02:30:00Z'), 3 * 60 + 30, ZONE)).toEqual(new Date('2026-11-28T02:30:00Z'));
	});

	it('follows the local clock across a DST change', () => {
		// 03:30 local is 01:30 UTC in summer: the night of 28 to 29 March 2026 changes the offset.
		expect(nextPurgeAt(new Date('2026-03-28T12:00:00Z'), 3 * 60 + 30, ZONE)).toEqual(new Date('2026-03-29T01:30:00Z'));
	});
});
