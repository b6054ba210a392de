import { DateTime } from 'luxon';
import { INTERVALS, normalizeLocalDate, startOfLocalDay, type ReportInterval } from '../../domain/periods.ts';
import type { QuickRange } from '../../domain/quick-ranges.ts';
import { parseExportRequest, type ExportRequest } from './export-request.ts';

/**
 * A report page shows every row it reads: a month keeps even its 15-minute tables readable and its answer fast.
 * By week or by month the rows are few, so a page may cover a year. Longer ranges are what the exports are for.
 */
export const MAX_REPORT_DAYS = 31;
export const MAX_CALENDAR_REPORT_DAYS = 366;

export function maxReportDays(interval: ReportInterval): number {
	return interval === 'week' || interval === 'month' ? MAX_CALENDAR_REPORT_DAYS : MAX_REPORT_DAYS;
}

/** Today in the site's zone: the day a supervisor opens first, to see how it goes. */
export function today(zone: string, now: Date = new Date()): string {
	return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

/**
 * Reads a report page's filters (the export's query parameters, so a bookmarked report and its download agree).
 * With no dates the report covers today; the interval defaults to the report's first.
 */
export function parseReportRequest(
	params: URLSearchParams,
	zone: string,
	intervals: readonly ReportInterval[] = INTERVALS,
	now: Date = new Date()
): ExportRequest {
	const filled = new URLSearchParams(params);
	const day = today(zone, now);
	if (!filled.get('from')?.trim()) filled.set('from', filled.get('to')?.trim() || day);
	// One day when only `from` is given; a bad `from` is said once, not again for a `to` copied from it.
	if (!filled.get('to')?.trim()) {
		const from = filled.get('from')!;
		filled.set('to', startOfLocalDay(normalizeLocalDate(from), zone) ? from : day);
	}
	if (!filled.get('interval')) filled.set('interval', intervals[0]!);
	return parseExportRequest(filled, zone, { maxDays: maxReportDays, intervals });
}

/** The filters as a report's form shows them: what the page understood, or what was asked when it could not. */
export interface ReportFilterValues {
	from: string;
	to: string;
	interval: string;
	queues: string[];
	agents: string[];
}

/** What a report's filter form offers besides its values: the choices and the one-click ranges. */
export interface ReportForm {
	intervals: readonly ReportInterval[];
	knownQueues: string[];
	knownAgents: string[];
	quickRanges: Record<QuickRange, { from: string; to: string }>;
}

/** The query string of a report's filters, for its links. */
export function reportQuery(request: ExportRequest, extra: Record<string, string> = {}): string {
	const params = new URLSearchParams({ from: request.from, to: request.to, interval: request.interval, ...extra });
	for (const queue of request.queues) params.append('queue', queue);
	for (const agent of request.agents) params.append('agent', agent);
	return params.toString();
}
