import { describe, expect, it } from 'vitest';
import type { AgentStateEvent } from '../../../../domain/event.ts';
import { translateUccxTables, type Row } from './translate.ts';

const state = (agentID: string, eventDateTime: string, eventType: number, reasonCode = 0): Row => ({
	agentID,
	eventDateTime,
	eventType: String(eventType),
	reasonCode: String(reasonCode),
	profileID: '1'
});

const states = (events: { type: string }[]) =>
	(events.filter((e) => e.type === 'agent.state') as AgentStateEvent[]).map((e) => [e.at, e.state, e.reason]);

describe('two states of one agent written in the same millisecond', () => {
	// After wrap-up the agent goes Ready and is at once Reserved for the next caller: one millisecond, two rows.
	const afterWork = [
		state('2001', '2026-03-02 08:00:00.000', 6),
		state('2001', '2026-03-02 08:00:10.250', 4),
		state('2001', '2026-03-02 08:00:10.250', 3)
	];

	it('keep the order of the file they came from', () => {
		const result = translateUccxTables({ agentStateDetail: afterWork }, { tieOrder: 'source' });
		expect(states(result.events)).toEqual([
			['2026-03-02T08:00:00.000Z', 'work', undefined],
			['2026-03-02T08:00:10.250Z', 'reserved', undefined],
			['2026-03-02T08:00:10.250001Z', 'ready', undefined]
		]);
	});

	it('from a database, take the order in which each change is a legal UCCX transition', () => {
		const result = translateUccxTables({ agentStateDetail: afterWork }, { tieOrder: 'transitions' });
		expect(states(result.events)).toEqual([
			['2026-03-02T08:00:00.000Z', 'work', undefined],
			['2026-03-02T08:00:10.250Z', 'ready', undefined],
			['2026-03-02T08:00:10.250001Z', 'reserved', undefined]
		]);
		// A caller hanging up while the phone rang: Reserved, then back to Ready in the same millisecond.
		const ringing = [
			state('2001', '2026-03-02 08:00:00.000', 3),
			state('2001', '2026-03-02 08:00:05.000', 3),
			state('2001', '2026-03-02 08:00:05.000', 4)
		].slice(0, 1);
		const later = translateUccxTables(
			{ agentStateDetail: [state('2001', '2026-03-02 08:00:05.000', 3), state('2001', '2026-03-02 08:00:05.000', 4)] },
			{ tieOrder: 'transitions', previousStates: translateUccxTables({ agentStateDetail: ringing }).lastStates }
		);
		// Ready → Ready is no change UCCX makes, so the previous Ready puts Reserved first.
		expect(states(later.events).map(([, s]) => s)).toEqual(['reserved', 'ready']);
	});

	it('give the same event ids whatever the order, so a second read counts once', () => {
		const a = translateUccxTables({ agentStateDetail: afterWork }, { tieOrder: 'source' });
		const b = translateUccxTables({ agentStateDetail: [...afterWork].reverse() }, { tieOrder: 'transitions' });
		expect(new Set(a.events.map((e) => e.id))).toEqual(new Set(b.events.map((e) => e.id)));
	});

	it('are one row when the same row is read twice', () => {
		const result = translateUccxTables({ agentStateDetail: [...afterWork, ...afterWork] }, { tieOrder: 'source' });
		expect(result.events).toHaveLength(3);
	});
});

describe('reasons', () => {
	it('show the site label of ReasonCodeLabelMap, Cisco names for system codes, else the number', () => {
		const result = translateUccxTables({
			agentStateDetail: [
				state('2001', '2026-03-02 08:00:00.000', 2, 12),
				state('2001', '2026-03-02 08:10:00.000', 2, 32763),
				state('2001', '2026-03-02 08:20:00.000', 2, 44),
				state('2001', '2026-03-02 18:00:00.000', 7, 13)
			],
			reasonCodeLabelMap: [
				{ code: '12', category: 'NOT_READY', label: 'Déjeuner' },
				{ code: '13', category: 'LOGOUT', label: 'Fin de service' }
			]
		});
		expect(states(result.events).map(([, , reason]) => reason)).toEqual([
			'Déjeuner',
			'Ring no answer (32763)',
			'44',
			'Fin de service'
		]);
	});
});

describe('a live read that comes before UCCX has written everything', () => {
	const call = {
		sessionID: '42',
		sessionSeqNum: '0',
		nodeID: '1',
		profileID: '1',
		startDateTime: '2026-03-02 10:00:00'
	};
	const handled = {
		...call,
		targetID: '5',
		targetType: '0',
		qIndex: '1',
		disposition: '2',
		queueTime: '12',
		startDateTime: '2026-03-02 10:00:02',
		endDateTime: '2026-03-02 10:00:14'
	};

	it('leaves a handled queue row aside until its agent connection is written, instead of rejecting it', () => {
		const early = translateUccxTables(
			{ contactCallDetail: [call], contactQueueDetail: [handled], agentConnectionDetail: [] },
			{ deferIncomplete: true }
		);
		expect(early.events).toEqual([]);
		expect(early.rejected).toEqual([]);
		expect(early.incomplete).toEqual([
			expect.objectContaining({
				key: 'sessionID=42, sessionSeqNum=0, nodeID=1, profileID=1, targetID=5, targetType=0, qIndex=1',
				since: Date.parse('2026-03-02T10:00:14Z')
			})
		]);
		// Without deferral (an export), the same row is a dead letter.
		const exported = translateUccxTables({
			contactCallDetail: [call],
			contactQueueDetail: [handled],
			agentConnectionDetail: []
		});
		expect(exported.rejected).toHaveLength(1);
	});
});
