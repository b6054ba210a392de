import { error } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { screenExists } from '$lib/server/wall-config/screens.ts';

export const load = async ({ params }) => {
	if (!(await screenExists(currentApp().database.db, params.screen)))
		error(404, `there is no screen named "${params.screen}"`);
	return { screen: params.screen, timezone: currentApp().config.timezone, build: currentApp().build };
};
