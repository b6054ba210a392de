import { queueIntervalReport } from '$lib/server/reports/queue-reports.ts';
import { openReport } from '../../report-page.ts';

export const load = async ({ locals, url }) => {
	const { db, request, page } = await openReport(locals.principal, url, ['60', '30', '15']);
	return { ...page, ...(await queueIntervalReport(db, request)) };
};
