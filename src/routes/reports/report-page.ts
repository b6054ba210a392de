import { error } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { hasRole, type Principal } from '$lib/server/auth/principal.ts';
import { ExportRequestError, type ExportRequest } from '$lib/server/reports/export-request.ts';
import { listKnownAgents, resolveNames } from '$lib/server/reports/known-names.ts';
import { quickRanges } from '$lib/domain/quick-ranges.ts';
import {
	parseReportRequest,
	today,
	reportQuery,
	type ReportFilterValues,
	type ReportForm
} from '$lib/server/reports/report-request.ts';
import { listQueueSettings } from '$lib/server/aggregates/queue-settings.ts';
import type { ReportInterval } from '$lib/domain/periods.ts';

/** Reports are for supervisors and above: anyone else gets a 403 page, not a login loop. */
export function requireSupervisor(principal: Principal | null): void {
	if (!hasRole(principal, 'supervisor')) error(403, 'reports need the role supervisor, manager or admin');
}

/**
 * What every report page starts from: the caller checked, its filters read and its queue and agent names found
 * (bad ones answer a 400 page that says, in the reader's language, which field is wrong and what to type, with the
 * form to correct it), and the settings and choices the page shows. The report's first interval is its default.
 */
export async function openReport(principal: Principal | null, url: URL, intervals: readonly ReportInterval[]) {
	requireSupervisor(principal);
	const { config, database } = currentApp();
	const db = database.db;
	const [queues, knownAgents] = await Promise.all([listQueueSettings(db), listKnownAgents(db)]);
	const form: ReportForm = {
		intervals,
		knownQueues: queues.map((q) => q.queue),
		knownAgents,
		quickRanges: quickRanges(config.timezone)
	};
	let request: ExportRequest;
	try {
		request = await resolveNames(db, parseReportRequest(url.searchParams, config.timezone, intervals));
	} catch (e) {
		if (!(e instanceof ExportRequestError)) throw e;
		const params = url.searchParams;
		const from = params.get('from') || params.get('to') || today(config.timezone);
		const filters: ReportFilterValues = {
			from,
			to: params.get('to') || from,
			interval: params.get('interval') ?? intervals[0]!,
			queues: params.getAll('queue'),
			agents: params.getAll('agent')
		};
		error(400, { message: e.message, problems: e.problems, filters, form });
	}
	return {
		db,
		request,
		page: {
			filters: {
				from: request.from,
				to: request.to,
				interval: request.interval,
				queues: request.queues,
				agents: request.agents
			} satisfies ReportFilterValues,
			form,
			// Kept for the pages that read them directly.
			knownQueues: form.knownQueues,
			intervals,
			/** The service-level variant each queue shows (contract §2). */
			slVariants: Object.fromEntries(queues.map((q) => [q.queue, q.slVariant])),
			query: reportQuery(request),
			zone: config.timezone
		}
	};
}
