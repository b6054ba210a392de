import { describe, expect, it } from 'vitest';
import { bodySizeRefusal, crossSiteRefusal, isOwnSocketOrigin } from './security-headers.ts';

const headers = (values: Record<string, string>) => new Headers(values);

describe('crossSiteRefusal', () => {
	const own = ['http://vigie.local:3000'];

	it('lets through our own pages, and callers that are not browsers', () => {
		expect(crossSiteRefusal('POST', headers({ origin: 'http://vigie.local:3000' }), own)).toBeNull();
		expect(crossSiteRefusal('POST', headers({ 'sec-fetch-site': 'same-origin' }), own)).toBeNull();
		expect(crossSiteRefusal('POST', headers({}), own)).toBeNull();
		expect(crossSiteRefusal('POST', headers({ authorization: 'Bearer x', origin: 'http://x' }), own)).toBeNull();
		expect(crossSiteRefusal('GET', headers({ origin: 'http://evil' }), own)).toBeNull();
	});

	it('refuses what another site makes a browser send, whatever its content type', () => {
		expect(crossSiteRefusal('POST', headers({ origin: 'http://evil' }), own)?.status).toBe(403);
		expect(crossSiteRefusal('POST', headers({ origin: 'null' }), own)?.status).toBe(403);
		expect(crossSiteRefusal('DELETE', headers({ 'sec-fetch-site': 'same-site' }), own)?.status).toBe(403);
		expect(
			crossSiteRefusal('POST', headers({ authorization: 'Bearer x', cookie: 'a=b', origin: 'http://evil' }), own)
		).not.toBeNull();
	});
});

describe('isOwnSocketOrigin', () => {
	it('accepts the host the browser reached, or the configured address', () => {
		expect(isOwnSocketOrigin('http://vigie.local:3000', 'vigie.local:3000', null)).toBe(true);
		expect(isOwnSocketOrigin('https://vigie.example', '127.0.0.1:3000', 'https://vigie.example')).toBe(true);
		expect(isOwnSocketOrigin(undefined, 'vigie.local', null)).toBe(true);
	});

	it('refuses other hosts, look-alikes and odd schemes', () => {
		expect(isOwnSocketOrigin('http://annuaire.local', 'vigie.local:3000', null)).toBe(false);
		expect(isOwnSocketOrigin('http://vigie.local:3000.evil', 'vigie.local:3000', null)).toBe(false);
		expect(isOwnSocketOrigin('null', 'vigie.local:3000', null)).toBe(false);
		expect(isOwnSocketOrigin('file://vigie.local:3000', 'vigie.local:3000', null)).toBe(false);
	});
});

describe('bodySizeRefusal', () => {
	it('keeps forms small and leaves the event intake to its own limit', () => {
		expect(bodySizeRefusal('POST', '/login', headers({ 'content-length': '1000' }))).toBeNull();
		expect(bodySizeRefusal('POST', '/login', headers({ 'content-length': String(1 << 20) }))?.status).toBe(413);
		expect(bodySizeRefusal('POST', '/login', headers({ 'transfer-encoding': 'chunked' }))?.status).toBe(411);
		expect(bodySizeRefusal('POST', '/api/events', headers({ 'content-length': String(1 << 24) }))).toBeNull();
	});
});
