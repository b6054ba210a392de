import { notReadyReport } from '$lib/server/reports/agent-reports.ts';
import { openReport } from '../report-page.ts';

export const load = async ({ locals, url }) => {
	const { db, request, page } = await openReport(locals.principal, url, ['day', 'week', 'month']);
	return { ...page, ...(await notReadyReport(db, request)) };
};
