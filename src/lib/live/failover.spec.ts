import { describe, expect, it } from 'vitest';
import { failoverUrl, otherServers } from './failover.ts';

describe('kiosk failover', () => {
	it('goes to the next address with the same screen, and carries the list back to where it came from last', () => {
		const here = new URL(
			'https://vigie-rennes.intra/wall/default?lang=fr&servers=https://vigie-mv.intra,https://vigie-rennes.intra'
		);
		expect(failoverUrl(here, here.searchParams.get('servers'))).toBe(
			'https://vigie-mv.intra/wall/default?lang=fr&servers=https%3A%2F%2Fvigie-rennes.intra'
		);
	});

	it('has nowhere to go without another address, and ignores what is not one', () => {
		expect(failoverUrl(new URL('http://a:3000/wall/x'), null)).toBeNull();
		expect(failoverUrl(new URL('http://a:3000/wall/x'), 'http://a:3000')).toBeNull();
		expect(otherServers('nonsense, http://b:3001/anything ,http://b:3001', 'http://a:3000')).toEqual(['http://b:3001']);
	});

	it('never carries a token in the address', () => {
		const url = failoverUrl(new URL('http://a:3000/wall/x?token=secret'), 'http://b:3000');
		expect(url).toBe('http://b:3000/wall/x?servers=http%3A%2F%2Fa%3A3000');
	});
});
