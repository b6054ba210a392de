import { describe, expect, it } from 'vitest';
import { finesseUsersEvents } from '../finesse/agent-state.ts';
import { parseTeam, parseUpdate } from '../finesse/parse.ts';
import { teamUpdateXml, teamXml, type FinesseAgentChange } from './finesse.ts';

const alice: FinesseAgentChange = {
	loginId: 'alice',
	firstName: 'Alice',
	lastName: "L'Hôte & Fils",
	teamId: 7,
	teamName: 'Accueil',
	state: 'NOT_READY',
	stateChangeTime: Date.parse('2026-11-27T08:00:00.123Z'),
	reasonCode: { code: 3, label: 'Réunion <équipe>', category: 'NOT_READY', id: 3 }
};

describe('the fake Finesse XML', () => {
	it('writes a Team object that reads back as the same user', () => {
		const team = parseTeam(teamXml({ id: '7', name: 'Accueil & co' }, [alice]));
		expect(team).toMatchObject({ id: '7', name: 'Accueil & co' });
		expect(team.users[0]).toMatchObject({
			loginId: 'alice',
			lastName: "L'Hôte & Fils",
			state: 'NOT_READY',
			stateChangeTime: '2026-11-27T08:00:00.123Z',
			reasonCode: { code: '3', label: 'Réunion <équipe>', category: 'NOT_READY', id: '3' }
		});
		expect(teamXml({ id: '7', name: 'A' }, [alice])).toContain('<reasonCode>');
	});

	it('writes a team notification whose change has the same id as in the Team object', () => {
		const update = parseUpdate(teamUpdateXml(alice));
		expect(update).toMatchObject({ event: 'put', source: '/finesse/api/User/alice' });
		expect(teamUpdateXml(alice)).toContain('<ReasonCode>');
		const fromNotification = finesseUsersEvents(update.users, 'node').events;
		const fromRest = finesseUsersEvents(parseTeam(teamXml({ id: '7', name: 'A' }, [alice])).users, 'team 7').events;
		expect(fromNotification).toHaveLength(1);
		expect(fromNotification).toEqual(fromRest);
		expect(fromNotification[0]).toMatchObject({ agent: 'alice', state: 'not_ready', reason: 'Réunion <équipe>' });
	});
});
