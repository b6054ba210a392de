import { error } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { mayShowScreen } from '$lib/server/auth/screen-access.ts';
import { screenExists } from '$lib/server/wall-config/screens.ts';

export const load = async ({ params, locals }) => {
	const db = currentApp().database.db;
	if (locals.principal && !(await mayShowScreen(db, locals.principal, params.screen)))
		error(403, `this token shows the screen "${locals.principal.screen}" only`);
	if (!(await screenExists(db, params.screen))) error(404, `there is no screen named "${params.screen}"`);
	return { screen: params.screen, timezone: currentApp().config.timezone, build: currentApp().build };
};
