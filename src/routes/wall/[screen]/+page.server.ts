import { error } from '@sveltejs/kit';
import { parseReplayRequest, replayInstantText } from '$lib/domain/replay.ts';
import { currentApp } from '$lib/server/app.ts';
import { mayShowScreen } from '$lib/server/auth/screen-access.ts';
import { demoHasRun } from '$lib/server/demo/demo-guard.ts';
import { screenExists } from '$lib/server/wall-config/screens.ts';

export const load = async ({ params, locals, url }) => {
	const app = currentApp();
	const db = app.database.db;
	if (locals.principal && !(await mayShowScreen(db, locals.principal, params.screen)))
		error(403, `this token shows the screen "${locals.principal.screen}" only`);
	if (!(await screenExists(db, params.screen))) error(404, `there is no screen named "${params.screen}"`);
	const request = parseReplayRequest(
		url.searchParams.get('replay'),
		url.searchParams.get('speed'),
		app.config.timezone,
		Date.now()
	);
	if (request.kind === 'bad') {
		const value = url.searchParams.get(request.problem === 'speed' ? 'speed' : 'replay') ?? '';
		error(400, { message: `replay: ${request.problem}`, replay: { problem: request.problem, value } });
	}
	const replay =
		request.kind === 'replay' ? { at: replayInstantText(request.at, app.config.timezone), speed: request.speed } : null;
	// A wall fed by the simulator says so, so that nobody takes its figures for the floor's (issue #10, item 12).
	const demo = app.config.demo && (await demoHasRun(db));
	return { screen: params.screen, timezone: app.config.timezone, build: app.build, demo, replay };
};
