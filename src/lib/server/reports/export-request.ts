import {
	INTERVALS,
	localDaysInclusive,
	normalizeLocalDate,
	startOfLocalDay,
	wholeCalendarPeriods,
	type ReportInterval
} from '../../domain/periods.ts';

export const CSV_FORMATS = ['rfc4180', 'excel-fr'] as const;
export type CsvFormat = (typeof CSV_FORMATS)[number];

/** The longest range one export may cover: two years of 15-minute rows stay a reasonable file. */
export const MAX_EXPORT_DAYS = 731;

/** What an export covers, already checked. */
export interface ExportRequest {
	/** Local calendar days in `zone`, both included. */
	from: string;
	to: string;
	interval: ReportInterval;
	/** Only these queues (queues export) or agents (agent exports); empty for all. */
	queues: string[];
	agents: string[];
	format: CsvFormat;
	zone: string;
}

/**
 * One thing wrong with a request, named by its field, with what was typed and what to type instead. Pages say it in
 * the reader's language (`reports.problems.<code>`); the CLI and the API in English (`describeProblem`).
 */
export type RequestProblem =
	| { field: 'from' | 'to'; code: 'required' }
	| { field: 'from' | 'to'; code: 'notADate'; value: string }
	| { field: 'to'; code: 'beforeFrom'; from: string; to: string }
	| { field: 'from'; code: 'tooLong'; days: number; max: number }
	| { field: 'interval'; code: 'unknownInterval'; value: string; allowed: readonly ReportInterval[] }
	| { field: 'format'; code: 'unknownFormat'; value: string }
	| { field: 'queue' | 'agent'; code: 'unknownName'; value: string; suggestions: string[] };

const INTERVAL_WORDS: Record<ReportInterval, string> = {
	'15': '15',
	'30': '30',
	'60': '60',
	day: 'day',
	week: 'week',
	month: 'month'
};

/** A list as people write it: "a, b or c". */
export function alternatives(items: readonly string[], or = 'or'): string {
	return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${or} ${items.at(-1)}`;
}

/** The problem in English, for the command line and the API: the field, what was typed, what to type. */
export function describeProblem(problem: RequestProblem): string {
	switch (problem.code) {
		case 'required':
			return `${problem.field} is required: a date as YYYY-MM-DD, e.g. 2026-11-26`;
		case 'notADate':
			return `${problem.field} "${problem.value}" is not a date: type it as YYYY-MM-DD (or DD/MM/YYYY), e.g. 2026-11-26`;
		case 'beforeFrom':
			return `to (${problem.to}) is before from (${problem.from}): the last day must come after the first`;
		case 'tooLong':
			return `the range covers ${problem.days} days; at most ${problem.max} here: shorten it, or choose a longer interval`;
		case 'unknownInterval':
			return `interval "${problem.value}" is not one of ${alternatives(problem.allowed.map((i) => INTERVAL_WORDS[i]))}`;
		case 'unknownFormat':
			return `format "${problem.value}" is not rfc4180 or excel-fr`;
		case 'unknownName':
			return (
				`no ${problem.field} matches "${problem.value}"` +
				(problem.suggestions.length > 0 ? `: did you mean ${alternatives(problem.suggestions)}?` : '')
			);
	}
}

export class ExportRequestError extends Error {
	readonly problems: RequestProblem[];
	constructor(problems: RequestProblem[]) {
		super(problems.map(describeProblem).join('; '));
		this.name = 'ExportRequestError';
		this.problems = problems;
	}
}

/**
 * Reads `from`, `to`, `interval`, `queue`, `agent` and `format` as the HTTP export and the CLI take them. A weekly
 * or monthly request covers whole ISO weeks or months: `from` and `to` move to their first and last days.
 */
export function parseExportRequest(
	params: URLSearchParams,
	zone: string,
	limits: { maxDays: (interval: ReportInterval) => number; intervals?: readonly ReportInterval[] } = {
		maxDays: () => MAX_EXPORT_DAYS
	}
): ExportRequest {
	const problems: RequestProblem[] = [];
	const from = normalizeLocalDate(params.get('from') ?? '');
	const to = normalizeLocalDate(params.get('to') ?? '');
	for (const [field, value] of [
		['from', from],
		['to', to]
	] as const) {
		if (!value) problems.push({ field, code: 'required' });
		else if (!startOfLocalDay(value, zone)) problems.push({ field, code: 'notADate', value });
	}
	const allowed = limits.intervals ?? INTERVALS;
	const interval = params.get('interval') ?? allowed[0]!;
	if (!(allowed as readonly string[]).includes(interval)) {
		problems.push({ field: 'interval', code: 'unknownInterval', value: interval, allowed });
	}
	const format = params.get('format') ?? 'rfc4180';
	if (!(CSV_FORMATS as readonly string[]).includes(format)) {
		problems.push({ field: 'format', code: 'unknownFormat', value: format });
	}
	if (problems.length === 0) {
		const days = localDaysInclusive(from, to, zone);
		const max = limits.maxDays(interval as ReportInterval);
		if (days < 1) problems.push({ field: 'to', code: 'beforeFrom', from, to });
		else if (days > max) problems.push({ field: 'from', code: 'tooLong', days, max });
	}
	if (problems.length > 0) throw new ExportRequestError(problems);
	return {
		...wholeCalendarPeriods(from, to, interval as ReportInterval, zone),
		interval: interval as ReportInterval,
		queues: params.getAll('queue').filter(Boolean),
		agents: params.getAll('agent').filter(Boolean),
		format: format as CsvFormat,
		zone
	};
}

/**
 * The file name a download gets: what, which days, by what interval and in which format, so that two downloads
 * never take each other's name, e.g. `vigie-queues-2026-03-01_2026-03-31-15min-excel-fr.csv`. The abandoned
 * calls have no interval.
 */
export function exportFileName(name: string, request: ExportRequest): string {
	const interval =
		name === 'abandoned' ? '' : /^\d+$/.test(request.interval) ? `-${request.interval}min` : `-${request.interval}`;
	const format = request.format === 'excel-fr' ? '-excel-fr' : '';
	return `vigie-${name}-${request.from}_${request.to}${interval}${format}.csv`;
}
