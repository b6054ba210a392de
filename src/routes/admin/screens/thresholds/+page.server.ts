import { error, fail } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { listQueueSettings } from '$lib/server/aggregates/queue-settings.ts';
import { hasRole } from '$lib/server/auth/principal.ts';
import { readQueueThresholds, saveQueueThreshold, thresholdsOf } from '$lib/server/wall-config/queue-thresholds.ts';
import { readThresholdForm } from '$lib/server/wall-config/screen-forms.ts';

function allowAdmin(locals: App.Locals): void {
	if (!hasRole(locals.principal, 'admin')) error(403, 'thresholds are configured by an administrator');
}

export const load = async ({ locals }) => {
	allowAdmin(locals);
	const db = currentApp().database.db;
	const [queues, thresholds] = await Promise.all([listQueueSettings(db), readQueueThresholds(db)]);
	return { queues: queues.map((q) => ({ queue: q.queue, thresholds: thresholdsOf(thresholds, q.queue) })) };
};

export const actions = {
	default: async ({ locals, request }) => {
		allowAdmin(locals);
		const result = readThresholdForm(await request.formData());
		if (!result.ok) return fail(400, { error: result.error });
		const { queue, metric, thresholds } = result.value;
		await saveQueueThreshold(currentApp().database.db, queue, metric, thresholds);
		await locals.audit({ action: 'threshold.save', target: queue, detail: { metric, thresholds } });
		return { saved: true };
	}
};
