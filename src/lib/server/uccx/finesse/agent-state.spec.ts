import { describe, expect, it } from 'vitest';
import { eventSchemaAt } from '../../../domain/event.ts';
import {
	FINESSE_STATES,
	finesseDeadLetters,
	finesseReason,
	finesseUserEvent,
	finesseUsersEvents
} from './agent-state.ts';
import type { FinesseUserRecord } from './parse.ts';

const user = (fields: Partial<FinesseUserRecord>): FinesseUserRecord => ({
	loginId: 'jdupont',
	state: 'READY',
	stateChangeTime: '2026-03-02T08:15:00.250Z',
	raw: '<User/>',
	...fields
});

function eventOf(fields: Partial<FinesseUserRecord>) {
	const result = finesseUserEvent(user(fields));
	if (result.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(result)}`);
	return result.event;
}

describe('finesseUserEvent', () => {
	it('gives the agent (loginId), the state, the time of the change', () => {
		const result = finesseUserEvent(user({}));
		expect(result).toMatchObject({
			kind: 'event',
			at: Date.parse('2026-03-02T08:15:00.250Z'),
			event: { type: 'agent.state', agent: 'jdupont', state: 'ready', at: '2026-03-02T08:15:00.250Z' }
		});
	});

	it.each([
		['LOGOUT', 'logged_out'],
		['LOGIN', 'not_ready'],
		['NOT_READY', 'not_ready'],
		['READY', 'ready'],
		['RESERVED', 'reserved'],
		['RESERVED_OUTBOUND', 'reserved'],
		['RESERVED_OUTBOUND_PREVIEW', 'reserved'],
		['TALKING', 'talking'],
		['HOLD', 'talking'],
		['WORK', 'work'],
		['WORK_READY', 'work'],
		['talking', 'talking']
	])('maps %s to %s', (state, canonical) => {
		expect(eventOf({ state }).state).toBe(canonical);
	});

	it('decides every state Finesse documents', () => {
		// Finesse User API parameters: LOGOUT, NOT_READY, READY, RESERVED, RESERVED_OUTBOUND,
		// RESERVED_OUTBOUND_PREVIEW, TALKING, HOLD, WORK, WORK_READY, UNKNOWN; and LOGIN (an action).
		expect(Object.keys(FINESSE_STATES).sort()).toEqual(
			[
				'HOLD',
				'LOGIN',
				'LOGOUT',
				'NOT_READY',
				'READY',
				'RESERVED',
				'RESERVED_OUTBOUND',
				'RESERVED_OUTBOUND_PREVIEW',
				'TALKING',
				'UNKNOWN',
				'WORK',
				'WORK_READY'
			].sort()
		);
	});

	it('names the reason of a Not Ready or a logout by its label, else Cisco name of a system code, else the code', () => {
		expect(eventOf({ state: 'NOT_READY', reasonCode: { code: '12', label: 'Pause déjeuner' } }).reason).toBe(
			'Pause déjeuner'
		);
		expect(eventOf({ state: 'NOT_READY', reasonCode: { code: '32763' } }).reason).toBe('Ring no answer (32763)');
		expect(eventOf({ state: 'LOGOUT', reasonCode: { code: '255' } }).reason).toBe('255');
		expect(eventOf({ state: 'NOT_READY' }).reason).toBeUndefined();
		expect(eventOf({ state: 'LOGIN' }).reason).toBe('Agent login (32760)');
	});

	it('leaves out a reason code that lingers on other states', () => {
		expect(eventOf({ state: 'READY', reasonCode: { code: '12', label: 'Lunch' } }).reason).toBeUndefined();
	});

	it('gives the same id to the same change, seen in the REST picture and in a notification', () => {
		const fromRest = eventOf({
			state: 'NOT_READY',
			reasonCode: { code: '12', label: 'Lunch', id: '1' },
			raw: '<User>a</User>'
		});
		const fromNotification = eventOf({
			state: 'NOT_READY',
			stateChangeTime: '2026-03-02T09:15:00.250+01:00',
			reasonCode: { code: '12', label: 'Lunch' },
			firstName: 'Jean',
			raw: '<user>b</user>'
		});
		expect(fromNotification.id).toBe(fromRest.id);
		expect(fromRest.id).toMatch(/^finesse-[0-9a-z]{9}-[0-9a-f]{22}$/);
		// HOLD is still the talking that began at the same instant.
		expect(eventOf({ state: 'HOLD' }).id).toBe(eventOf({ state: 'TALKING' }).id);
	});

	it('gives different ids to different changes', () => {
		const ids = new Set([
			eventOf({}).id,
			eventOf({ loginId: 'other' }).id,
			eventOf({ stateChangeTime: '2026-03-02T08:15:00.251Z' }).id,
			eventOf({ state: 'NOT_READY' }).id,
			eventOf({ state: 'NOT_READY', reasonCode: { code: '12' } }).id,
			eventOf({ state: 'NOT_READY', reasonCode: { code: '13' } }).id
		]);
		expect(ids.size).toBe(6);
	});

	it.each([
		[{ loginId: undefined }, 'loginId is missing'],
		[{ state: undefined }, 'state is missing'],
		[{ state: 'ON_BREAK' }, 'unknown state "ON_BREAK"'],
		[{ stateChangeTime: '01/03/2012 17:58' }, 'stateChangeTime is not a timestamp'],
		[{ stateChangeTime: '2012-02-30T10:00:00Z' }, 'stateChangeTime is not a timestamp'],
		[{ stateChangeTime: undefined }, 'stateChangeTime is empty'],
		[{ stateChangeTime: '2099-01-01T00:00:00Z' }, 'more than a day in the future'],
		[{ loginId: 'bad\u0000id' }, 'NUL']
	])('rejects %j with the reason', (fields, reason) => {
		const result = finesseUserEvent(user(fields as Partial<FinesseUserRecord>));
		expect(result.kind).toBe('rejected');
		expect(result.kind === 'rejected' && result.error).toContain(reason);
	});

	it('skips UNKNOWN and a signed-out agent whose sign-out time Finesse does not know', () => {
		expect(finesseUserEvent(user({ state: 'UNKNOWN' })).kind).toBe('skipped');
		expect(finesseUserEvent(user({ state: 'LOGOUT', stateChangeTime: undefined })).kind).toBe('skipped');
	});

	it('checks the time against the clock it is given', () => {
		const schema = eventSchemaAt(() => Date.parse('2012-03-01T00:00:00Z'));
		const result = finesseUserEvent(user({ stateChangeTime: '2012-03-03T00:00:00Z' }), { schema });
		expect(result.kind).toBe('rejected');
	});
});

describe('finesseUsersEvents', () => {
	it('keeps the good users, rejects the bad ones with their key and XML, counts the skipped', () => {
		const result = finesseUsersEvents(
			[
				user({ loginId: 'a', stateChangeTime: '2026-03-02T08:00:00Z' }),
				user({ loginId: 'b', state: 'SLEEPING', raw: '<User><loginId>b</loginId></User>' }),
				user({ loginId: 'c', state: 'UNKNOWN' }),
				user({ loginId: 'd', stateChangeTime: '2026-03-02T08:30:00Z' })
			],
			'team 7'
		);
		expect(result.events.map((e) => e.agent)).toEqual(['a', 'd']);
		expect(result.newest).toBe(Date.parse('2026-03-02T08:30:00Z'));
		expect(result.skipped).toBe(1);
		expect(result.rejected).toEqual([
			{
				source: 'team 7',
				key: 'loginId=b',
				raw: '<User><loginId>b</loginId></User>',
				error: expect.stringContaining('unknown state "SLEEPING"')
			}
		]);
	});
});

describe('finesseReason', () => {
	it('is absent without a reason code', () => {
		expect(finesseReason(undefined)).toBeUndefined();
		expect(finesseReason({})).toBeUndefined();
		expect(finesseReason({ code: 'X1' })).toBe('X1');
	});
});

describe('finesseDeadLetters', () => {
	it('gives the intake items that carry where, who and why', () => {
		expect(
			finesseDeadLetters([
				{ source: '/finesse/api/Team/7/Users', key: 'loginId=b', raw: '<user/>', error: 'unknown state "X"' },
				{ source: 'team 8', raw: '<Update>', error: 'not well-formed' }
			])
		).toEqual([
			{ line: 1, raw: '<user/>', error: '/finesse/api/Team/7/Users (loginId=b): unknown state "X"' },
			{ line: 2, raw: '<Update>', error: 'team 8: not well-formed' }
		]);
	});
});
