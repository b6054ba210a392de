import { json } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { auditCsv } from '$lib/server/audit/audit-csv.ts';
import { AuditQueryError, readAuditFilters } from '$lib/server/audit/audit-query.ts';
import { hasRole } from '$lib/server/auth/principal.ts';

/** The audit trail of a range of days, oldest first (contract §5): `at,actor,action,target,address,outcome`. */
export const GET = async ({ url, locals }) => {
	if (!hasRole(locals.principal, 'admin')) {
		return json({ error: 'the audit trail is read by an administrator' }, { status: 403 });
	}
	const { config, database } = currentApp();
	let query;
	try {
		query = readAuditFilters(Object.fromEntries(url.searchParams), config.timezone);
	} catch (error) {
		if (error instanceof AuditQueryError) return json({ error: error.message }, { status: 400 });
		throw error;
	}
	await locals.audit({ action: 'export', target: 'audit', detail: { from: query.fromDay, to: query.toDay } });
	return auditCsv(database.db, query, config.timezone, `vigie-audit-${query.fromDay}-${query.toDay}.csv`);
};
