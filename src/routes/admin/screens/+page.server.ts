import { error, fail } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { listQueueSettings } from '$lib/server/aggregates/queue-settings.ts';
import { hasRole } from '$lib/server/auth/principal.ts';
import { readScreenForm } from '$lib/server/wall-config/screen-forms.ts';
import { deleteScreen, listTeams, readScreens, saveScreen } from '$lib/server/wall-config/screens.ts';

function allowAdmin(locals: App.Locals): void {
	if (!hasRole(locals.principal, 'admin')) error(403, 'screens are configured by an administrator');
}

export const load = async ({ locals }) => {
	allowAdmin(locals);
	const db = currentApp().database.db;
	const [screens, queues, teams] = await Promise.all([readScreens(db), listQueueSettings(db), listTeams(db)]);
	return { screens: [...screens.values()], queues: queues.map((q) => q.queue), teams };
};

export const actions = {
	save: async ({ locals, request }) => {
		allowAdmin(locals);
		const db = currentApp().database.db;
		const [screens, queues, teams] = await Promise.all([readScreens(db), listQueueSettings(db), listTeams(db)]);
		const result = readScreenForm(
			await request.formData(),
			[...screens.keys()],
			queues.map((q) => q.queue),
			teams
		);
		if (!result.ok) return fail(400, { error: result.error });
		await saveScreen(db, result.value);
		await locals.audit({
			action: 'screen.save',
			target: result.value.name,
			detail: {
				layout: result.value.layout,
				queues: result.value.queues,
				team: result.value.team,
				rotation: result.value.rotation
			}
		});
		return { saved: result.value.name };
	},
	delete: async ({ locals, request }) => {
		allowAdmin(locals);
		const name = String((await request.formData()).get('name') ?? '');
		await deleteScreen(currentApp().database.db, name);
		await locals.audit({ action: 'screen.delete', target: name });
		return { saved: null };
	}
};
