import { error, fail } from '@sveltejs/kit';
import { formatPeriodStart } from '$lib/domain/periods.ts';
import { currentApp } from '$lib/server/app.ts';
import { readQueueSettingsForm } from '$lib/server/admin/queue-settings-form.ts';
import {
	changeQueueSettings,
	listQueueSettings,
	periodsToRecompute,
	QueueSettingsError,
	readSettingsHistory
} from '$lib/server/aggregates/queue-settings.ts';
import { hasRole } from '$lib/server/auth/principal.ts';

function allowAdmin(locals: App.Locals): void {
	if (!hasRole(locals.principal, 'admin')) error(403, 'queue settings are changed by an administrator');
}

export const load = async ({ locals }) => {
	allowAdmin(locals);
	const { database, config } = currentApp();
	const [queues, history] = await Promise.all([listQueueSettings(database.db), readSettingsHistory(database.db)]);
	const local = (instant: Date | null) => (instant ? formatPeriodStart(instant, config.timezone) : null);
	return {
		queues: queues.map((q) => ({
			...q,
			history: history
				.filter((h) => h.queue === q.queue)
				.map((h) => ({ ...h, effectiveFrom: local(h.effectiveFrom), changedAt: local(h.changedAt) }))
		}))
	};
};

export const actions = {
	/**
	 * A change from now on is saved at once; one reaching back into figures already computed comes back with a
	 * confirmation to give (the form sent again with `recompute_past=yes`), as `--recompute-past` on the CLI.
	 */
	default: async ({ locals, request }) => {
		allowAdmin(locals);
		const { database, config } = currentApp();
		const form = await request.formData();
		const current = (await listQueueSettings(database.db)).find((q) => q.queue === String(form.get('queue')));
		if (!current) return fail(400, { queue: String(form.get('queue')), error: 'unknownQueue' as const });
		const read = readQueueSettingsForm(form, current, config.timezone);
		if (!read.ok) return fail(400, { queue: read.queue, error: read.error });
		const local = (instant: Date) => formatPeriodStart(instant, config.timezone);
		try {
			const result = await changeQueueSettings(database.db, {
				queue: read.queue,
				changes: read.changes,
				effectiveFrom: read.effectiveFrom,
				recomputePast: read.recomputePast,
				changedBy: locals.principal?.name ?? null
			});
			await locals.audit({
				action: 'queue.settings',
				target: read.queue,
				detail: {
					effectiveFrom: result.effectiveFrom.toISOString(),
					before: result.before,
					after: result.after,
					recomputePast: read.recomputePast,
					recomputedPeriods: result.recomputedPeriods
				}
			});
			return { saved: { queue: read.queue, when: local(result.effectiveFrom), periods: result.recomputedPeriods } };
		} catch (e) {
			if (!(e instanceof QueueSettingsError)) throw e;
			if (e.code === 'pastNeedsConfirmation') {
				// Everything typed goes back into the confirmation form, unchanged.
				return fail(409, {
					queue: read.queue,
					confirm: {
						when: local(e.effectiveFrom!),
						periods: await periodsToRecompute(database.db, read.queue, e.effectiveFrom!),
						fields: Object.fromEntries([...form].map(([k, v]) => [k, String(v)]))
					}
				});
			}
			return fail(400, {
				queue: read.queue,
				error: e.code,
				when: e.effectiveFrom ? local(e.effectiveFrom) : null
			});
		}
	}
};
