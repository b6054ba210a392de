import { describe, expect, it } from 'vitest';
import { xml } from '@xmpp/xml';
import { FinesseXmlError, parseSystemInfo, parseTeam, parseUpdate, parseXml, pubsubNotifications } from './parse.ts';

// Shapes from Cisco's Finesse developer guide: "Team" (REST, lower-case <reasonCode>) and "Team Notification".
const TEAM = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Team>
   <uri>/finesse/api/Team/34</uri>
   <id>34</id>
   <name>My Team &amp; Co</name>
   <users>
      <User>
         <uri>/finesse/api/User/1234/</uri>
         <loginId>1234</loginId>
         <firstName>Charles</firstName>
         <lastName>Brown</lastName>
         <dialogs>/finesse/api/User/1234/Dialogs</dialogs>
         <extension>1001001</extension>
         <pendingState></pendingState>
         <state>LOGOUT</state>
         <stateChangeTime>2012-03-01T17:58:21.345Z</stateChangeTime>
      </User>
      <User>
         <uri>/finesse/api/User/1235/</uri>
         <loginId>1235</loginId>
         <firstName>Jack</firstName>
         <lastName>Brawn</lastName>
         <pendingState></pendingState>
         <state>NOT_READY</state>
         <reasonCode>
            <category>NOT_READY</category>
            <code>12</code>
            <label>Lunch Break</label>
            <id>1</id>
            <uri>/finesse/api/ReasonCode/1</uri>
         </reasonCode>
         <stateChangeTime>2012-03-01T18:22:25.123Z</stateChangeTime>
      </User>
   </users>
</Team>`;

const USER_UPDATE = `<Update>
    <event>put</event>
    <source>/finesse/api/User/1235</source>
    <requestId>abc</requestId>
    <data>
        <user>
            <uri>/finesse/api/User/1235</uri>
            <loginId>1235</loginId>
            <firstName>Jack</firstName>
            <lastName>Brown</lastName>
            <state>NOT_READY</state>
            <stateChangeTime>2012-03-01T17:58:21.123Z</stateChangeTime>
            <ReasonCode>
                <uri>finesse/api/ReasonCode/1</uri>
                <code>10</code>
                <label>Team Meeting</label>
                <category>NOT_READY</category>
                <id>1</id>
            </ReasonCode>
        </user>
    </data>
</Update>`;

describe('parseTeam', () => {
	it('reads the Team object of the REST API, entities decoded, lower-case reasonCode included', () => {
		const team = parseTeam(TEAM);
		expect(team.id).toBe('34');
		expect(team.name).toBe('My Team & Co');
		expect(team.users).toHaveLength(2);
		expect(team.users[0]).toMatchObject({
			loginId: '1234',
			firstName: 'Charles',
			state: 'LOGOUT',
			stateChangeTime: '2012-03-01T17:58:21.345Z'
		});
		expect(team.users[0]!.pendingState).toBeUndefined();
		expect(team.users[0]!.reasonCode).toBeUndefined();
		expect(team.users[1]!.reasonCode).toEqual({ code: '12', label: 'Lunch Break', category: 'NOT_READY', id: '1' });
		expect(team.users[1]!.raw).toContain('<loginId>1235</loginId>');
	});

	it('reads a team without users', () => {
		expect(parseTeam('<Team><id>5</id><name>Empty</name><users/></Team>')).toEqual({
			id: '5',
			name: 'Empty',
			users: []
		});
	});

	it.each([
		['', 'no XML element'],
		['Service Unavailable', 'no XML element'],
		['<Team><id>7</id>', 'cut short'],
		['<Team><id>7</Team>', 'must be closed'],
		['<Team/><Team/>', 'after the root'],
		['<Team><name>&nbsp;</name></Team>', 'entity']
	])('refuses %j with a reason', (text, reason) => {
		expect(() => parseTeam(text)).toThrow(FinesseXmlError);
		expect(() => parseTeam(text)).toThrow(reason);
	});

	it('refuses another object (an error page, ApiErrors)', () => {
		expect(() => parseTeam('<ApiErrors><ApiError><ErrorType>Not Found</ErrorType></ApiError></ApiErrors>')).toThrow(
			'expected a <Team> object, got <ApiErrors>'
		);
	});
});

describe('parseUpdate', () => {
	it('reads a team notification for one user, with ReasonCode in either case', () => {
		const update = parseUpdate(USER_UPDATE);
		expect(update.event).toBe('put');
		expect(update.source).toBe('/finesse/api/User/1235');
		expect(update.users).toEqual([
			expect.objectContaining({
				loginId: '1235',
				state: 'NOT_READY',
				stateChangeTime: '2012-03-01T17:58:21.123Z',
				reasonCode: { code: '10', label: 'Team Meeting', category: 'NOT_READY', id: '1' }
			})
		]);
		const lower = parseUpdate(
			USER_UPDATE.replaceAll('ReasonCode>', 'reasonCode>')
				.replaceAll('<user>', '<User>')
				.replaceAll('</user>', '</User>')
		);
		expect(lower.users[0]!.reasonCode?.label).toBe('Team Meeting');
	});

	it('reads the sample that carries a whole team', () => {
		const update = parseUpdate(`<Update><event>put</event><source>/finesse/api/Team/1004</source><data><team>
			<uri>/finesse/api/Team/1004</uri><id>1004</id><name>Shiny</name><users>
			<User><loginId>1004</loginId><state>LOGOUT</state><stateChangeTime>2012-03-01T17:58:21.123Z</stateChangeTime></User>
			<User><loginId>9876</loginId><state>NOT_READY</state><stateChangeTime>2012-03-01T17:58:21.134Z</stateChangeTime>
			<ReasonCode><code>10</code><label>Team Meeting</label></ReasonCode></User>
			</users></team></data></Update>`);
		expect(update.users.map((u) => u.loginId)).toEqual(['1004', '9876']);
	});

	it('gives no users for an update without data, and refuses what is not an Update', () => {
		expect(parseUpdate('<Update><event>delete</event></Update>')).toEqual({ event: 'delete', users: [] });
		expect(() => parseUpdate('<Dialog/>')).toThrow('expected an <Update>');
		expect(() => parseUpdate('<Update><data>')).toThrow(FinesseXmlError);
	});
});

describe('parseSystemInfo', () => {
	it('reads the status and the XMPP addresses', () => {
		expect(
			parseSystemInfo(
				'<SystemInfo><status>IN_SERVICE</status><deploymentType>UCCX</deploymentType><xmppDomain>uccx-pub.example</xmppDomain><xmppPubSubDomain>pubsub.uccx-pub.example</xmppPubSubDomain></SystemInfo>'
			)
		).toEqual({
			status: 'IN_SERVICE',
			deploymentType: 'UCCX',
			xmppDomain: 'uccx-pub.example',
			xmppPubSubDomain: 'pubsub.uccx-pub.example'
		});
	});
});

describe('pubsubNotifications', () => {
	it('takes the escaped Update out of a pubsub event message', () => {
		const message = xml(
			'message',
			{ from: 'pubsub.uccx-pub', to: 'wallboard@uccx-pub/vigie', type: 'headline' },
			xml(
				'event',
				{ xmlns: 'http://jabber.org/protocol/pubsub#event' },
				xml(
					'items',
					{ node: '/finesse/api/Team/7/Users' },
					xml('item', { id: 'a1' }, xml('notification', { xmlns: 'http://jabber.org/protocol/pubsub' }, USER_UPDATE))
				)
			)
		);
		// Through text and back, as it travels: the payload is escaped on the wire, plain XML once read.
		const wire = message.toString();
		expect(wire).toContain('&lt;Update&gt;');
		const notifications = pubsubNotifications(parseXml(wire, 'the stanza'));
		expect(notifications).toEqual([{ node: '/finesse/api/Team/7/Users', payload: USER_UPDATE }]);
		expect(parseUpdate(notifications[0]!.payload).users[0]!.loginId).toBe('1235');
	});

	it('ignores other stanzas and retractions', () => {
		expect(pubsubNotifications(xml('message', {}, xml('body', {}, 'hello')))).toEqual([]);
		expect(pubsubNotifications(xml('iq', { type: 'result' }))).toEqual([]);
		const retract = xml(
			'message',
			{},
			xml(
				'event',
				{ xmlns: 'http://jabber.org/protocol/pubsub#event' },
				xml('items', { node: 'n' }, xml('retract', { id: '1' }))
			)
		);
		expect(pubsubNotifications(retract)).toEqual([]);
	});
});
