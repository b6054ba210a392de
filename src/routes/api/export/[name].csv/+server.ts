import { json } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { hasRole } from '$lib/server/auth/principal.ts';
import { exportResponse } from '$lib/server/reports/csv-response.ts';
import { parseExportRequest } from '$lib/server/reports/export-request.ts';

/** The CSV exports of contract §4 (and the abandoned calls), streamed. */
export const GET = async ({ params, url, locals }) => {
	if (!hasRole(locals.principal, 'manager')) {
		return json({ error: 'exports need the role manager or admin' }, { status: 403 });
	}
	const { config, database } = currentApp();
	return exportResponse(database.db, params.name, () => parseExportRequest(url.searchParams, config.timezone));
};
