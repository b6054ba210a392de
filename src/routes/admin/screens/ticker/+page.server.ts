import { error, fail } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { hasRole } from '$lib/server/auth/principal.ts';
import { readTickerForm } from '$lib/server/wall-config/screen-forms.ts';
import { readScreens } from '$lib/server/wall-config/screens.ts';
import { addTickerMessage, deleteTickerMessage, listTickerMessages } from '$lib/server/wall-config/ticker.ts';

/** Supervisors talk to the floor through the ticker; screens and thresholds stay with administrators. */
function allowSupervisor(locals: App.Locals): void {
	if (!hasRole(locals.principal, 'supervisor')) error(403, 'ticker messages are written by supervisors');
}

export const load = async ({ locals }) => {
	allowSupervisor(locals);
	const db = currentApp().database.db;
	const [messages, screens] = await Promise.all([listTickerMessages(db), readScreens(db)]);
	return {
		messages: messages.map((m) => ({
			...m,
			expiresAt: m.expiresAt?.toISOString() ?? null,
			startsAt: m.startsAt?.toISOString() ?? null
		})),
		screens: [...screens.keys()],
		timezone: currentApp().config.timezone
	};
};

export const actions = {
	add: async ({ locals, request }) => {
		allowSupervisor(locals);
		const db = currentApp().database.db;
		const result = readTickerForm(
			await request.formData(),
			[...(await readScreens(db)).keys()],
			new Date(),
			currentApp().config.timezone
		);
		if (!result.ok) return fail(400, { error: result.error });
		await addTickerMessage(db, result.value);
		await locals.audit({
			action: 'ticker.add',
			target: result.value.screen ?? '*',
			detail: { text: result.value.text, startsAt: result.value.startsAt, urgent: result.value.urgent }
		});
		return { saved: true };
	},
	delete: async ({ locals, request }) => {
		allowSupervisor(locals);
		const id = String((await request.formData()).get('id') ?? '');
		await deleteTickerMessage(currentApp().database.db, id);
		await locals.audit({ action: 'ticker.delete', target: id });
		return { saved: true };
	}
};
