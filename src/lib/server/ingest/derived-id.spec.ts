import { describe, expect, it } from 'vitest';
import { derivedEventId } from './derived-id.ts';

describe('derivedEventId', () => {
	it('is the same for the same parts, and differs when any part does', () => {
		const at = Date.parse('2026-03-02T08:15:00.123Z');
		expect(derivedEventId('uccx', at, 'a', 'b')).toBe(derivedEventId('uccx', at, 'a', 'b'));
		expect(derivedEventId('uccx', at, 'a', 'b')).not.toBe(derivedEventId('uccx', at, 'a', 'c'));
		expect(derivedEventId('uccx', at, 'a', 'b')).not.toBe(derivedEventId('uccx', at, 'ab'));
		expect(derivedEventId('uccx', at, 'a')).toMatch(/^uccx-[0-9a-z]{9}-[0-9a-f]{22}$/);
	});

	it('never changes: a row read again after an upgrade must give the id it gave before', () => {
		const at = Date.parse('2026-03-02T08:15:00.123Z');
		expect(derivedEventId('uccx', at, 'ContactQueueDetail', '1', '2', '3')).toBe('uccx-0mm8wlgrf-12c19fa4a9588c3fe299fd');
	});

	it('sorts as the events do in time, whatever their parts', () => {
		const times = ['2025-11-24T00:00:00Z', '2025-11-24T00:00:00.001Z', '2026-03-02T08:15:00Z', '2031-01-01T00:00:00Z'];
		const ids = times.map((t, i) => derivedEventId('uccx', Date.parse(t), String(10 - i)));
		expect([...ids].sort()).toEqual(ids);
	});
});
