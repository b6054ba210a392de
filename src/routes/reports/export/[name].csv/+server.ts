import { json } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { hasRole } from '$lib/server/auth/principal.ts';
import { csvDownload } from '$lib/server/reports/csv-response.ts';
import { checkQueuesExist, exportFileName, ExportRequestError } from '$lib/server/reports/export-request.ts';
import { exportCsv, isExportName } from '$lib/server/reports/exports.ts';
import { parseReportRequest } from '$lib/server/reports/report-request.ts';

/**
 * A report page's download button: the same bytes as `/api/export/<name>.csv` for the range the supervisor is
 * looking at. Reports are a supervisor's; bulk exports over longer ranges stay a manager's (contract §5).
 */
export const GET = async ({ params, url, locals }) => {
	if (!hasRole(locals.principal, 'supervisor')) {
		return json({ error: 'reports need the role supervisor, manager or admin' }, { status: 403 });
	}
	if (!isExportName(params.name)) return json({ error: `there is no export named ${params.name}` }, { status: 404 });
	const { config, database } = currentApp();
	try {
		const request = parseReportRequest(url.searchParams, config.timezone, '15');
		await checkQueuesExist(database.db, request);
		return csvDownload(exportCsv(database.db, params.name, request), exportFileName(params.name, request));
	} catch (error) {
		if (error instanceof ExportRequestError) return json({ error: error.message }, { status: 400 });
		throw error;
	}
};
