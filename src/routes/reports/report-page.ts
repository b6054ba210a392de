import { error } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { hasRole, type Principal } from '$lib/server/auth/principal.ts';
import { checkQueuesExist, ExportRequestError, type ExportRequest } from '$lib/server/reports/export-request.ts';
import { parseReportRequest, reportQuery } from '$lib/server/reports/report-request.ts';
import { listQueueSettings } from '$lib/server/aggregates/queue-settings.ts';
import type { ReportInterval } from '$lib/domain/periods.ts';

/** Reports are for supervisors and above: anyone else gets a 403 page, not a login loop. */
export function requireSupervisor(principal: Principal | null): void {
	if (!hasRole(principal, 'supervisor')) error(403, 'reports need the role supervisor, manager or admin');
}

/**
 * What every report page starts from: the caller checked, its filters read (bad ones answer a 400 page that says
 * why), the queues to choose from, and the query string its download buttons carry. The report's first interval
 * is its default.
 */
export async function openReport(principal: Principal | null, url: URL, intervals: readonly ReportInterval[]) {
	requireSupervisor(principal);
	const { config, database } = currentApp();
	let request: ExportRequest;
	try {
		request = parseReportRequest(url.searchParams, config.timezone, intervals[0]!);
		if (!intervals.includes(request.interval))
			throw new ExportRequestError(`interval=${request.interval} must be ${intervals.join(', ')} in this report`);
		await checkQueuesExist(database.db, request);
	} catch (e) {
		if (e instanceof ExportRequestError) error(400, e.message);
		throw e;
	}
	const queues = await listQueueSettings(database.db);
	return {
		db: database.db,
		request,
		page: {
			filters: {
				from: request.from,
				to: request.to,
				interval: request.interval,
				queues: request.queues,
				agents: request.agents
			},
			knownQueues: queues.map((q) => q.queue),
			/** The service-level variant each queue shows (contract §2). */
			slVariants: Object.fromEntries(queues.map((q) => [q.queue, q.slVariant])),
			intervals,
			query: reportQuery(request),
			zone: config.timezone
		}
	};
}
