import { error, fail } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { listQueueSettings } from '$lib/server/aggregates/queue-settings.ts';
import { hasRole } from '$lib/server/auth/principal.ts';
import { readAgentLimits, saveAgentLimits } from '$lib/server/wall-config/agent-limits.ts';
import { readOwnThresholds, saveThresholdGrid } from '$lib/server/wall-config/queue-thresholds.ts';
import { readAgentLimitsForm, readAlarmRulesGrid, readThresholdGrid } from '$lib/server/wall-config/screen-forms.ts';
import { readAlarmRules } from '$lib/server/wall-config/alarm-rules.ts';

function allowAdmin(locals: App.Locals): void {
	if (!hasRole(locals.principal, 'admin')) error(403, 'thresholds are configured by an administrator');
}

/** The grid: every known queue, with its own thresholds where it has them (the rest inherit the defaults). */
export const load = async ({ locals }) => {
	allowAdmin(locals);
	const db = currentApp().database.db;
	const [queues, own, agentLimits, rules] = await Promise.all([
		listQueueSettings(db),
		readOwnThresholds(db),
		readAgentLimits(db),
		readAlarmRules(db)
	]);
	return {
		queues: queues.map((q) => ({
			queue: q.queue,
			own: own.get(q.queue) ?? {},
			rules: rules.queues.get(q.queue) ?? {}
		})),
		siteRules: rules.site,
		agentLimits
	};
};

export const actions = {
	grid: async ({ locals, request }) => {
		allowAdmin(locals);
		const db = currentApp().database.db;
		const form = await request.formData();
		const known = (await listQueueSettings(db)).map((q) => q.queue);
		const result = readThresholdGrid(form, known);
		const rules = readAlarmRulesGrid(form, known);
		// Nothing is lost: what was typed comes back with the errors.
		if (!result.ok || !rules.ok)
			return fail(400, {
				errors: [...(result.ok ? [] : result.errors), ...(rules.ok ? [] : rules.errors)],
				typed: Object.fromEntries([...form].map(([k, v]) => [k, String(v)]))
			});
		await saveThresholdGrid(db, result.value, rules.value);
		await locals.audit({
			action: 'threshold.save',
			target: 'alarm-rules',
			detail: { rules: rules.value.filter((r) => Object.keys(r.rules).length > 0) }
		});
		for (const cell of result.value.filter((c) => c.thresholds !== null))
			await locals.audit({
				action: 'threshold.save',
				target: cell.queue,
				detail: { metric: cell.metric, thresholds: cell.thresholds }
			});
		return { saved: true };
	},
	limits: async ({ locals, request }) => {
		allowAdmin(locals);
		const form = await request.formData();
		const result = readAgentLimitsForm(form);
		if (!result.ok)
			return fail(400, {
				limitErrors: result.errors,
				typedLimits: Object.fromEntries([...form].map(([k, v]) => [k, String(v)]))
			});
		await saveAgentLimits(currentApp().database.db, result.value);
		await locals.audit({ action: 'threshold.save', target: 'agents', detail: { agentLimits: result.value } });
		return { limitsSaved: true };
	}
};
