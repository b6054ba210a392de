import { DateTime } from 'luxon';
import { ExportRequestError, parseExportRequest, type ExportRequest } from './export-request.ts';
import { localDaysInclusive } from '../../domain/periods.ts';

/**
 * A report page shows every row it reads: a month keeps even its 15-minute tables readable and its answer
 * fast. Longer ranges are what the exports are for.
 */
export const MAX_REPORT_DAYS = 31;

/** Yesterday in the site's zone: the day a supervisor reviews first. */
export function yesterday(zone: string, now: Date = new Date()): string {
	return DateTime.fromJSDate(now, { zone }).minus({ days: 1 }).toISODate()!;
}

/**
 * Reads a report page's filters (the export's query parameters, so a bookmarked report and its download agree).
 * With no dates the report covers yesterday; `interval` defaults to `defaultInterval`.
 */
export function parseReportRequest(
	params: URLSearchParams,
	zone: string,
	defaultInterval: string,
	now: Date = new Date()
): ExportRequest {
	const filled = new URLSearchParams(params);
	const day = yesterday(zone, now);
	if (!filled.get('from')) filled.set('from', filled.get('to') || day);
	if (!filled.get('to')) filled.set('to', filled.get('from')!);
	if (!filled.get('interval')) filled.set('interval', defaultInterval);
	const request = parseExportRequest(filled, zone);
	const days = localDaysInclusive(request.from, request.to, zone);
	if (days > MAX_REPORT_DAYS)
		throw new ExportRequestError(`the range covers ${days} days; a report shows at most ${MAX_REPORT_DAYS}`);
	return request;
}

/** The query string of a report's filters, for its download link and its other views. */
export function reportQuery(request: ExportRequest, extra: Record<string, string> = {}): string {
	const params = new URLSearchParams({ from: request.from, to: request.to, interval: request.interval, ...extra });
	for (const queue of request.queues) params.append('queue', queue);
	for (const agent of request.agents) params.append('agent', agent);
	return params.toString();
}
