import { abandonedCallsReport } from '$lib/server/reports/abandoned-calls.ts';
import { openReport } from '../report-page.ts';

export const load = async ({ locals, url }) => {
	const { db, request, page } = await openReport(locals.principal, url, ['day']);
	return { ...page, calls: await abandonedCallsReport(db, request) };
};
