import { currentApp } from '$lib/server/app.ts';
import { requireSupervisor } from './report-page.ts';

export const load = ({ locals }) => {
	requireSupervisor(locals.principal);
	const zone = currentApp().config.timezone;
	return { zone };
};
