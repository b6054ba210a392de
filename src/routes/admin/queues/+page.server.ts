import { fail } from '@sveltejs/kit';
import { SL_VARIANTS } from '$lib/domain/metrics.ts';
import { currentApp } from '$lib/server/app.ts';
import {
	changeQueueSettings,
	isSlVariant,
	listQueueSettings,
	QueueSettingsError,
	SETTING_LIMITS
} from '$lib/server/aggregates/queue-settings.ts';
import { requireAdmin } from '$lib/server/auth/admin-guard.ts';

export const load = async ({ locals }) => {
	requireAdmin(locals.principal, 'queue settings');
	return { queues: await listQueueSettings(currentApp().database.db), variants: SL_VARIANTS, limits: SETTING_LIMITS };
};

function wholeSeconds(value: FormDataEntryValue | null, limits: { min: number; max: number }): number | null {
	const text = String(value ?? '').trim();
	if (!/^\d{1,4}$/.test(text)) return null;
	const seconds = Number(text);
	return seconds >= limits.min && seconds <= limits.max ? seconds : null;
}

export const actions = {
	/** The same change as `vigie queue set NAME …`: from now on, figures already published stay as they are. */
	default: async ({ locals, request }) => {
		requireAdmin(locals.principal, 'queue settings');
		const form = await request.formData();
		const queue = String(form.get('queue') ?? '');
		const slThresholdS = wholeSeconds(form.get('sl_threshold_s'), SETTING_LIMITS.slThresholdS);
		const shortAbandonS = wholeSeconds(form.get('short_abandon_s'), SETTING_LIMITS.shortAbandonS);
		const slVariant = String(form.get('sl_variant') ?? '');
		if (slThresholdS === null || shortAbandonS === null || !isSlVariant(slVariant)) {
			return fail(400, { error: 'queueSettings' as const, queue });
		}
		try {
			const result = await changeQueueSettings(currentApp().database.db, {
				queue,
				changes: { slThresholdS, shortAbandonS, slVariant },
				changedBy: locals.principal.name
			});
			await locals.audit({
				action: 'queue.settings',
				target: queue,
				detail: { effectiveFrom: result.effectiveFrom.toISOString(), before: result.before, after: result.after }
			});
			return { saved: queue };
		} catch (error) {
			if (error instanceof QueueSettingsError && (error.code === 'unknownQueue' || error.code === 'nothingToChange')) {
				return fail(400, { error: error.code, queue });
			}
			throw error;
		}
	}
};
