import { describe, expect, it } from 'vitest';
import { pagesFor } from './navigation.ts';

describe('pagesFor', () => {
	it('shows each role what it can open, and nothing to an ingest token', () => {
		expect(pagesFor('viewer').map((p) => p.href)).toEqual(['/wall/default']);
		expect(pagesFor('supervisor').map((p) => p.href)).toEqual(['/wall/default', '/reports', '/admin/screens/ticker']);
		expect(pagesFor('manager').map((p) => p.href)).toEqual(pagesFor('supervisor').map((p) => p.href));
		expect(pagesFor('admin').map((p) => p.href)).toContain('/admin/people');
		expect(pagesFor('ingest')).toEqual([]);
		expect(pagesFor(null)).toEqual([]);
	});
});
