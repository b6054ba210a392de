import { describe, expect, it } from 'vitest';
import { checkEvent } from './event.ts';

const queued = { id: 'e1', type: 'call.queued', at: '2026-03-02T08:15:00.250+01:00', call: 'c1', queue: 'Support N1' };

describe('checkEvent', () => {
	it('accepts each event type with its required fields', () => {
		expect(checkEvent(queued)).toEqual({ ok: true, event: queued });
		expect(checkEvent({ ...queued, type: 'call.answered', agent: 'alice' }).ok).toBe(true);
		expect(checkEvent({ ...queued, type: 'call.abandoned', at: '2026-03-02T07:15:00Z' }).ok).toBe(true);
		expect(checkEvent({ ...queued, type: 'call.dequeued' }).ok).toBe(true);
		expect(checkEvent({ ...queued, type: 'call.ended', agent: 'alice' }).ok).toBe(true);
		const state = { id: 's1', type: 'agent.state', at: '2026-03-02T08:00:00Z', agent: 'alice', state: 'not_ready' };
		expect(checkEvent({ ...state, reason: 'Pause', queues: ['Support N1'] }).ok).toBe(true);
	});

	it('keeps the caller’s number of a queued call, up to 32 characters (contract §1)', () => {
		const withCaller = { ...queued, caller: ' 01 99 00 12 34 ' };
		expect(checkEvent(withCaller)).toEqual({ ok: true, event: { ...queued, caller: '01 99 00 12 34' } });
		expect(checkEvent({ ...queued, caller: '1'.repeat(33) })).toEqual({
			ok: false,
			error: 'caller must be at most 32 characters'
		});
	});

	it('names the missing or wrong fields', () => {
		expect(checkEvent({ ...queued, type: 'call.answered' })).toEqual({
			ok: false,
			error: expect.stringContaining('agent')
		});
		const { queue: _queue, ...noQueue } = queued;
		expect(checkEvent(noQueue)).toEqual({ ok: false, error: expect.stringContaining('queue') });
		const badState = checkEvent({ id: 's', type: 'agent.state', at: queued.at, agent: 'a', state: 'sleeping' });
		expect(badState).toEqual({ ok: false, error: expect.stringContaining('state') });
	});

	it('says what is wrong in people’s words, never the schema library’s (issue 13, item 7)', () => {
		const words = (value: object) => (checkEvent(value) as { error: string }).error;
		expect(words({ ...queued, type: 'call.answered' })).toBe('agent is required for call.answered');
		const { call: _call, ...noCall } = queued;
		expect(words(noCall)).toBe('call is required for call.queued');
		expect(words({ ...queued, queue: 42 })).toBe('queue must be text, not 42');
		expect(words({ id: 's', type: 'agent.state', at: queued.at, agent: 'a', state: 'sleeping' })).toBe(
			'state must be logged_out, not_ready, ready, reserved, talking or work, not "sleeping"'
		);
		expect(words({ ...queued, id: '' })).toBe('id must not be empty');
		expect(words({ ...queued, id: 'x'.repeat(129) })).toBe('id must be at most 128 characters');
		expect(words({ id: 's', type: 'agent.state', at: queued.at, agent: 'a', state: 'ready', queues: 'N1' })).toBe(
			'queues must be a list, not "N1"'
		);
		for (const value of [
			{ ...queued, type: 'call.answered' },
			{ ...queued, queue: 42 },
			{ ...queued, id: '' }
		]) {
			expect(words(value)).not.toMatch(/Invalid|expected|received|Too (small|big)/);
		}
	});

	it('rejects an unknown type, saying which types exist', () => {
		expect(checkEvent({ ...queued, type: 'call.teleported' })).toEqual({
			ok: false,
			error: expect.stringContaining('call.queued')
		});
	});

	it('rejects timestamps without an offset, impossible dates and dates years away', () => {
		for (const at of [
			'2026-03-02 08:15:00',
			'2026-03-02T08:15:00',
			'2026-02-30T08:15:00Z',
			'1970-01-01T00:00:00Z',
			'2999-01-01T00:00:00Z',
			'yesterday'
		]) {
			expect(checkEvent({ ...queued, at })).toEqual({ ok: false, error: expect.stringContaining('at') });
		}
	});

	it('rejects values that are not objects and over-long ids', () => {
		expect(checkEvent([queued]).ok).toBe(false);
		expect(checkEvent('call.queued').ok).toBe(false);
		expect(checkEvent({ ...queued, id: 'x'.repeat(129) }).ok).toBe(false);
		expect(checkEvent({ ...queued, id: '' }).ok).toBe(false);
	});

	it('rejects text PostgreSQL cannot store, naming the field', () => {
		expect(checkEvent({ ...queued, id: 'a\u0000b' })).toEqual({ ok: false, error: expect.stringContaining('NUL') });
		expect(checkEvent({ ...queued, queue: 'Support \ud800' })).toEqual({
			ok: false,
			error: expect.stringContaining('queue')
		});
		expect(checkEvent({ ...queued, at: '2026-03-02T08:00:00+20:00' })).toEqual({
			ok: false,
			error: expect.stringContaining('±15:59')
		});
		expect(checkEvent({ ...queued, at: '2026-03-02T08:00:00+14:00' }).ok).toBe(true);
	});

	it('takes bidirectional control characters out of names, so that no screen shows them reversed', () => {
		const check = checkEvent({
			id: 'bidi',
			type: 'call.queued',
			at: '2026-03-02T08:00:00Z',
			call: 'c\u2066 1\u2069',
			queue: '\u202ESupport N1\u202C'
		});
		expect(check).toMatchObject({ ok: true, event: { queue: 'Support N1', call: 'c 1' } });
		const empty = checkEvent({ id: 'x', type: 'call.queued', at: '2026-03-02T08:00:00Z', call: 'c', queue: '\u202E' });
		expect(empty).toEqual({ ok: false, error: 'queue must not be empty' });
	});
});
