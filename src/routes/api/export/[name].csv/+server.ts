import { json } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { hasRole } from '$lib/server/auth/principal.ts';
import { csvDownload } from '$lib/server/reports/csv-response.ts';
import {
	checkQueuesExist,
	exportFileName,
	ExportRequestError,
	parseExportRequest
} from '$lib/server/reports/export-request.ts';
import { exportCsv, isExportName } from '$lib/server/reports/exports.ts';

/** The CSV exports of contract §4 (and the abandoned calls), streamed. */
export const GET = async ({ params, url, locals }) => {
	if (!hasRole(locals.principal, 'manager')) {
		return json({ error: 'exports need the role manager or admin' }, { status: 403 });
	}
	if (!isExportName(params.name)) return json({ error: `there is no export named ${params.name}` }, { status: 404 });
	const { config, database } = currentApp();
	try {
		const request = parseExportRequest(url.searchParams, config.timezone);
		await checkQueuesExist(database.db, request);
		return csvDownload(exportCsv(database.db, params.name, request), exportFileName(params.name, request));
	} catch (error) {
		if (error instanceof ExportRequestError) return json({ error: error.message }, { status: 400 });
		throw error;
	}
};
