import { describe, expect, it } from 'vitest';
import { checkEvent } from './event.ts';
import { parseUtcTimestamp, rfc3339, TimestampError } from './timestamps.ts';

describe('parseUtcTimestamp', () => {
	it('reads UCCX and ISO timestamps as UTC unless they carry an offset', () => {
		const at = Date.parse('2026-03-02T08:15:00.123Z');
		expect(parseUtcTimestamp('2026-03-02 08:15:00.123')).toBe(at);
		expect(parseUtcTimestamp('2026-03-02T08:15:00.123Z')).toBe(at);
		expect(parseUtcTimestamp('2026-03-02T09:15:00.123+01:00')).toBe(at);
		expect(parseUtcTimestamp('2026-03-02 08:15:00.1234567')).toBe(at);
		expect(parseUtcTimestamp('2026-03-02 08:15:00.123999')).toBe(at);
		expect(parseUtcTimestamp('2026-03-02 08:15:00.1')).toBe(Date.parse('2026-03-02T08:15:00.100Z'));
		expect(parseUtcTimestamp('2026-03-02 08:15')).toBe(Date.parse('2026-03-02T08:15:00Z'));
	});

	it('refuses what is not a whole, possible timestamp, naming the column', () => {
		for (const bad of ['02/03/2026 08:15', '2026-02-30 08:00:00', '2026-03-02 24:00:00', '2026-03-02', 'now', '']) {
			expect(() => parseUtcTimestamp(bad, 'eventDateTime')).toThrow(TimestampError);
			expect(() => parseUtcTimestamp(bad, 'eventDateTime')).toThrow(/^eventDateTime is not a timestamp/);
		}
	});
});

describe('rfc3339', () => {
	it('writes milliseconds, and microseconds when asked, that events accept and PostgreSQL keeps', () => {
		const at = Date.parse('2026-03-02T08:15:00.123Z');
		expect(rfc3339(at)).toBe('2026-03-02T08:15:00.123Z');
		expect(rfc3339(at, 2)).toBe('2026-03-02T08:15:00.123002Z');
		expect(Date.parse(rfc3339(at, 2))).toBe(at);
		const check = checkEvent({ id: 'x', type: 'agent.state', at: rfc3339(at, 2), agent: 'a', state: 'ready' });
		expect(check.ok).toBe(true);
		expect(() => rfc3339(at, 1000)).toThrow(RangeError);
	});
});
