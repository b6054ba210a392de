import { json } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { hasRole } from '$lib/server/auth/principal.ts';
import { exportDetail, exportResponse } from '$lib/server/reports/csv-response.ts';
import { parseReportRequest } from '$lib/server/reports/report-request.ts';

/**
 * A report page's download button: the same bytes as `/api/export/<name>.csv` for the range the supervisor is
 * looking at. Reports are a supervisor's; bulk exports over longer ranges stay a manager's (contract §5).
 */
export const GET = async ({ params, url, locals }) => {
	if (!hasRole(locals.principal, 'supervisor')) {
		return json({ error: 'reports need the role supervisor, manager or admin' }, { status: 403 });
	}
	const { config, database } = currentApp();
	const response = await exportResponse(database.db, params.name, () =>
		parseReportRequest(url.searchParams, config.timezone)
	);
	if (response.ok) await locals.audit({ action: 'export', target: params.name, detail: exportDetail(url) });
	return response;
};
