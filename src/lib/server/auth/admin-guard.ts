import { error } from '@sveltejs/kit';
import { hasRole } from './principal.ts';
import type { Principal } from './principal.ts';

/** The administration pages' gate: a 403 page (in the reader's language) for anyone below administrator. */
export function requireAdmin(principal: Principal | null, what: string): asserts principal is Principal {
	if (!hasRole(principal, 'admin')) error(403, `${what} are managed by an administrator`);
}
