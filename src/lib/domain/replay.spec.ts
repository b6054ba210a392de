import { describe, expect, it } from 'vitest';
import { parseReplayRequest, replayInstantAt, replayInstantText } from './replay.ts';

const ZONE = 'Europe/Paris';
const NOW = Date.parse('2026-11-27T22:00:00Z');

describe('parseReplayRequest', () => {
	it('is live without a replay instant', () => {
		expect(parseReplayRequest(null, null, ZONE, NOW)).toEqual({ kind: 'live' });
		expect(parseReplayRequest(null, '60', ZONE, NOW)).toEqual({ kind: 'live' });
	});

	it('reads a local instant, with or without seconds, in the site zone', () => {
		expect(parseReplayRequest('2026-03-02T09:00', '60', ZONE, NOW)).toEqual({
			kind: 'replay',
			at: new Date('2026-03-02T08:00:00Z'),
			speed: 60
		});
		expect(parseReplayRequest('2026-07-14T10:00:30', '0', ZONE, NOW)).toEqual({
			kind: 'replay',
			at: new Date('2026-07-14T08:00:30Z'),
			speed: 0
		});
		expect(parseReplayRequest('2026-03-02T09:00', null, ZONE, NOW)).toMatchObject({ speed: 1 });
		expect(parseReplayRequest('2026-03-02T09:00', '0.5', ZONE, NOW)).toMatchObject({ speed: 0.5 });
	});

	it('refuses a date that is not one', () => {
		for (const bad of [
			'2026-02-30T09:00',
			'2026-13-01T09:00',
			'02/03/2026 09:00',
			'2026-03-02',
			'2026-03-02T25:00',
			''
		])
			expect(parseReplayRequest(bad, '1', ZONE, NOW), bad).toEqual({ kind: 'bad', problem: 'format' });
	});

	it('refuses the hour the spring change skips', () => {
		expect(parseReplayRequest('2026-03-29T02:30', '1', ZONE, NOW)).toEqual({ kind: 'bad', problem: 'noSuchTime' });
	});

	it('refuses the future', () => {
		expect(parseReplayRequest('2026-11-27T23:00:01', '1', ZONE, NOW)).toEqual({ kind: 'bad', problem: 'future' });
		expect(parseReplayRequest('2026-11-27T23:00', '1', ZONE, NOW)).toMatchObject({ kind: 'replay' });
	});

	it('refuses a negative, a non-numeric or an absurd speed', () => {
		for (const bad of ['-1', 'abc', '', '1e3', '7200', 'Infinity'])
			expect(parseReplayRequest('2026-03-02T09:00', bad, ZONE, NOW), bad).toEqual({ kind: 'bad', problem: 'speed' });
	});
});

describe('the replayed instant', () => {
	const replay = { at: new Date('2026-03-02T08:00:00Z'), speed: 60 };
	it('moves at its speed, and holds at 0', () => {
		expect(replayInstantAt(replay, 2000, NOW).toISOString()).toBe('2026-03-02T08:02:00.000Z');
		expect(replayInstantAt({ ...replay, speed: 0 }, 60_000, NOW).toISOString()).toBe('2026-03-02T08:00:00.000Z');
		// The first picture is of the instant asked for, whatever the milliseconds its read took to start.
		expect(replayInstantAt(replay, 7, NOW).toISOString()).toBe('2026-03-02T08:00:00.000Z');
	});
	it('never passes the present', () => {
		expect(replayInstantAt(replay, 1e12, NOW).getTime()).toBe(NOW);
	});
	it('is written in RFC 3339 with the site offset', () => {
		expect(replayInstantText(new Date('2026-03-02T09:00:00Z'), ZONE)).toBe('2026-03-02T10:00:00+01:00');
		expect(replayInstantText(new Date('2026-07-14T08:00:30Z'), ZONE)).toBe('2026-07-14T10:00:30+02:00');
	});
});
