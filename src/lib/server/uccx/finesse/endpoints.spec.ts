import { describe, expect, it } from 'vitest';
import { nodeName, teamNode, xmppAddresses, xmppResource, xmppServiceFor } from './endpoints.ts';

const PUB = 'https://uccx-pub.example:8445';
const SUB = 'https://uccx-sub.example:8445';

describe('xmppServiceFor', () => {
	it('defaults to XMPP over TLS on 5223 on the node itself', () => {
		expect(xmppServiceFor(PUB, null, PUB)).toBe('xmpps://uccx-pub.example:5223');
		expect(xmppServiceFor(SUB, null, PUB)).toBe('xmpps://uccx-sub.example:5223');
	});

	it('keeps a set service, moved to the other node when it names the first', () => {
		expect(xmppServiceFor(PUB, 'wss://uccx-pub.example:7443/ws/', PUB)).toBe('wss://uccx-pub.example:7443/ws/');
		expect(xmppServiceFor(SUB, 'wss://uccx-pub.example:7443/ws/', PUB)).toBe('wss://uccx-sub.example:7443/ws/');
		expect(xmppServiceFor(SUB, 'xmpps://uccx-pub.example:5223', PUB)).toBe('xmpps://uccx-sub.example:5223');
		expect(xmppServiceFor(SUB, 'xmpp://relay.example:5222', PUB)).toBe('xmpp://relay.example:5222');
	});
});

describe('xmppAddresses', () => {
	it('takes the setting first, then SystemInfo, then the host name', () => {
		const info = { xmppDomain: 'uccx-pub.example.fr', xmppPubSubDomain: 'pubsub.uccx-pub.example.fr' };
		expect(xmppAddresses(PUB, 'finesse.example', info)).toEqual({
			domain: 'finesse.example',
			pubsub: 'pubsub.finesse.example'
		});
		expect(xmppAddresses(PUB, null, info)).toEqual({
			domain: 'uccx-pub.example.fr',
			pubsub: 'pubsub.uccx-pub.example.fr'
		});
		expect(xmppAddresses(PUB, null, null)).toEqual({ domain: 'uccx-pub.example', pubsub: 'pubsub.uccx-pub.example' });
		expect(xmppAddresses(PUB, null, { status: 'IN_SERVICE' })).toEqual({
			domain: 'uccx-pub.example',
			pubsub: 'pubsub.uccx-pub.example'
		});
	});
});

describe('names', () => {
	it('names nodes, team nodes and the resource', () => {
		expect(nodeName(PUB)).toBe('uccx-pub.example:8445');
		expect(teamNode('7')).toBe('/finesse/api/Team/7/Users');
		expect(xmppResource('vigie01.intra')).toBe('vigie-vigie01.intra');
		expect(xmppResource('a b/c')).toBe('vigie-a-b-c');
		expect(xmppResource('')).toBe('vigie-wallboard');
	});
});
