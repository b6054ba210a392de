/**
 * The pages a person can reach from the home page and the navigation, each with the least role that opens it:
 * a link is shown only to those it will not answer 403. One list for the home page, the admin navigation and the
 * access test.
 */
import type { Role } from './server/auth/principal.ts';

export const PAGES = [
	{ href: '/wall/default', key: 'wallDefault', role: 'viewer', area: 'floor' },
	{ href: '/reports', key: 'reports', role: 'supervisor', area: 'reports' },
	{ href: '/admin/screens/ticker', key: 'ticker', role: 'supervisor', area: 'admin' },
	{ href: '/admin/screens', key: 'screens', role: 'admin', area: 'admin' },
	{ href: '/admin/screens/thresholds', key: 'thresholds', role: 'admin', area: 'admin' },
	{ href: '/admin/queues', key: 'queues', role: 'admin', area: 'admin' },
	{ href: '/admin/people', key: 'people', role: 'admin', area: 'admin' },
	{ href: '/admin/tokens', key: 'tokens', role: 'admin', area: 'admin' },
	{ href: '/admin/audit', key: 'audit', role: 'admin', area: 'admin' }
] as const satisfies readonly { href: string; key: string; role: Role; area: string }[];

export type Page = (typeof PAGES)[number];

const RANK: Record<string, number> = { viewer: 0, supervisor: 1, manager: 2, admin: 3 };

/** The pages `role` may open (none for an ingest token). */
export function pagesFor(role: Role | null | undefined): Page[] {
	if (!role || !(role in RANK)) return [];
	return PAGES.filter((page) => RANK[role]! >= RANK[page.role]!);
}
