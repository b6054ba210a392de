import { agentStateReport } from '$lib/server/reports/agent-reports.ts';
import { openReport } from '../report-page.ts';

export const load = async ({ locals, url }) => {
	const { db, request, page } = await openReport(locals.principal, url, ['day', 'week', 'month', '60', '30', '15']);
	return { ...page, ...(await agentStateReport(db, request)) };
};
