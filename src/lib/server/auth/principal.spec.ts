import { describe, expect, it } from 'vitest';
import { hasRole, type Role } from './principal.ts';

const as = (role: Role) => ({ kind: 'token' as const, name: 't', role });

describe('hasRole', () => {
	it('orders viewer < supervisor < manager < admin', () => {
		expect(hasRole(as('viewer'), 'viewer')).toBe(true);
		expect(hasRole(as('viewer'), 'supervisor')).toBe(false);
		expect(hasRole(as('manager'), 'supervisor')).toBe(true);
		expect(hasRole(as('manager'), 'admin')).toBe(false);
		expect(hasRole(as('admin'), 'manager')).toBe(true);
	});

	it('keeps ingest tokens to posting events', () => {
		expect(hasRole(as('ingest'), 'ingest')).toBe(true);
		expect(hasRole(as('ingest'), 'viewer')).toBe(false);
		expect(hasRole(as('admin'), 'ingest')).toBe(true);
		expect(hasRole(as('manager'), 'ingest')).toBe(false);
	});

	it('denies everything to nobody', () => {
		expect(hasRole(null, 'viewer')).toBe(false);
	});
});
