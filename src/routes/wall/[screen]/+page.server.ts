import { error } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { mayShowScreen } from '$lib/server/auth/screen-access.ts';
import { demoHasRun } from '$lib/server/demo/demo-guard.ts';
import { screenExists } from '$lib/server/wall-config/screens.ts';

export const load = async ({ params, locals }) => {
	const db = currentApp().database.db;
	if (locals.principal && !(await mayShowScreen(db, locals.principal, params.screen)))
		error(403, `this token shows the screen "${locals.principal.screen}" only`);
	if (!(await screenExists(db, params.screen))) error(404, `there is no screen named "${params.screen}"`);
	// A wall fed by the simulator says so, so that nobody takes its figures for the floor's (issue #10, item 12).
	const demo = currentApp().config.demo && (await demoHasRun(db));
	return { screen: params.screen, timezone: currentApp().config.timezone, build: currentApp().build, demo };
};
