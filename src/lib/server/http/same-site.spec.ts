import { describe, expect, it } from 'vitest';
import { sameSitePath } from './same-site.ts';

describe('sameSitePath', () => {
	const origin = new URL('http://vigie.local:3000/login');

	it('keeps paths of this site, with their query', () => {
		expect(sameSitePath('/wall/default', origin)).toBe('/wall/default');
		expect(sameSitePath('/reports?from=2026-03-01', origin)).toBe('/reports?from=2026-03-01');
	});

	it('turns every way of naming another site into /', () => {
		for (const next of [
			'//evil.com',
			'/\\evil.com',
			'\\\\evil.com',
			'https://evil.com/x',
			'https:evil.com',
			'javascript:alert(1)',
			'',
			null
		]) {
			expect(sameSitePath(next, origin)).toBe('/');
		}
	});
});
