import { error } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { AUDIT_ACTIONS, readAudit } from '$lib/server/audit/audit.ts';
import { AuditQueryError, localTime, MAX_LINES_SHOWN, readAuditFilters } from '$lib/server/audit/audit-query.ts';
import { hasRole } from '$lib/server/auth/principal.ts';

export const load = async ({ locals, url }) => {
	if (!hasRole(locals.principal, 'admin')) error(403, 'the audit trail is read by an administrator');
	const { config, database } = currentApp();
	const asked: Record<string, string | undefined> = Object.fromEntries(url.searchParams);
	let query;
	try {
		query = readAuditFilters(asked, config.timezone);
	} catch (e) {
		if (!(e instanceof AuditQueryError)) throw e;
		return { problem: e.message, filters: asked, lines: [], truncated: false, actions: AUDIT_ACTIONS };
	}
	const lines = await readAudit(database.db, { ...query, limit: MAX_LINES_SHOWN + 1 });
	return {
		problem: null,
		filters: { ...asked, from: query.fromDay, to: query.toDay } as Record<string, string | undefined>,
		truncated: lines.length > MAX_LINES_SHOWN,
		lines: lines.slice(0, MAX_LINES_SHOWN).map((l) => ({
			id: l.id,
			at: localTime(l.at, config.timezone).replace('T', ' '),
			actor: l.actor,
			action: l.action,
			target: l.target,
			address: l.address,
			outcome: l.outcome
		})),
		actions: AUDIT_ACTIONS
	};
};
