import { json } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { hasRole } from '$lib/server/auth/principal.ts';
import { exportDetail, exportResponse } from '$lib/server/reports/csv-response.ts';
import { parseExportRequest } from '$lib/server/reports/export-request.ts';

/** The CSV exports of contract §4 (and the abandoned calls), streamed. */
export const GET = async ({ params, url, locals }) => {
	if (!hasRole(locals.principal, 'manager')) {
		return json({ error: 'exports need the role manager or admin' }, { status: 403 });
	}
	const { config, database } = currentApp();
	const response = await exportResponse(database.db, params.name, () =>
		parseExportRequest(url.searchParams, config.timezone)
	);
	if (response.ok) await locals.audit({ action: 'export', target: params.name, detail: exportDetail(url) });
	return response;
};
