import { currentApp } from '$lib/server/app.ts';
import { yesterday } from '$lib/server/reports/report-request.ts';
import { requireSupervisor } from './report-page.ts';

export const load = ({ locals }) => {
	requireSupervisor(locals.principal);
	const zone = currentApp().config.timezone;
	return { zone, yesterday: yesterday(zone) };
};
