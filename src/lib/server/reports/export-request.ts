import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isReportInterval, localDaysInclusive, startOfLocalDay, type ReportInterval } from '../../domain/periods.ts';

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

export class ExportRequestError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ExportRequestError';
	}
}

/** Reads `from`, `to`, `interval`, `queue`, `agent` and `format` as the HTTP export and the CLI take them. */
export function parseExportRequest(params: URLSearchParams, zone: string): ExportRequest {
	const problems: string[] = [];
	const from = params.get('from') ?? '';
	const to = params.get('to') ?? '';
	for (const [name, value] of [
		['from', from],
		['to', to]
	] as const) {
		if (!value) problems.push(`${name} is required (YYYY-MM-DD)`);
		else if (!startOfLocalDay(value, zone)) problems.push(`${name}=${value} is not a date (YYYY-MM-DD)`);
	}
	const interval = params.get('interval') ?? '15';
	if (!isReportInterval(interval)) problems.push(`interval=${interval} must be 15, 30, 60 or day`);
	const format = params.get('format') ?? 'rfc4180';
	if (!(CSV_FORMATS as readonly string[]).includes(format))
		problems.push(`format=${format} must be rfc4180 or excel-fr`);
	if (problems.length === 0) {
		const days = localDaysInclusive(from, to, zone);
		if (days < 1) problems.push(`to=${to} is before from=${from}`);
		else if (days > MAX_EXPORT_DAYS)
			problems.push(`the range covers ${days} days; at most ${MAX_EXPORT_DAYS} per export`);
	}
	if (problems.length > 0) throw new ExportRequestError(problems.join('; '));
	return {
		from,
		to,
		interval: interval as ReportInterval,
		queues: params.getAll('queue').filter(Boolean),
		agents: params.getAll('agent').filter(Boolean),
		format: format as CsvFormat,
		zone
	};
}

/** Refuses an export filtered on queues Vigie has never seen: a typo must not look like an empty file. */
export async function checkQueuesExist(db: Kysely<Database>, request: ExportRequest): Promise<void> {
	if (request.queues.length === 0) return;
	const known = await db.selectFrom('queues').select('name').where('name', 'in', request.queues).execute();
	const unknown = request.queues.filter((q) => !known.some((k) => k.name === q));
	if (unknown.length > 0) throw new ExportRequestError(`unknown queue: ${unknown.join(', ')}`);
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
