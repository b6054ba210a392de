import type { Kysely } from 'kysely';
import type { Readable } from 'node:stream';
import { queueMetrics } from '../../domain/metrics.ts';
import { formatPeriodStart, periodStartFormatter } from '../../domain/periods.ts';
import type { Database } from '../db/schema.ts';
import { figures, type FigureName } from '../../i18n/glossary.ts';
import { readAbandonedCalls } from './abandoned-calls.ts';
import { csvStream, type Cell } from './csv.ts';
import type { ExportRequest } from './export-request.ts';
import { loggedInMsOf, readAgentPeriods, readNotReadyPeriods, readQueuePeriods } from './period-rows.ts';

/** The contract's columns (§4), in order. */
export const QUEUE_COLUMNS = [
	'period_start',
	'queue',
	'offered',
	'answered',
	'abandoned',
	'short_abandoned',
	'dequeued',
	'answered_within_sl',
	'abandoned_within_sl',
	'sl_threshold_s',
	'sl_handled_pct',
	'sl_no_abandon_pct',
	'sl_abandon_positive_pct',
	'sl_abandon_negative_pct',
	'asa_s',
	'avg_talk_s',
	'max_wait_s',
	'abandon_rate_pct'
] as const;
export const AGENT_COLUMNS = [
	'period_start',
	'agent',
	'logged_in_s',
	'ready_s',
	'not_ready_s',
	'reserved_s',
	'talking_s',
	'work_s',
	'answered'
] as const;
export const NOT_READY_COLUMNS = ['period_start', 'agent', 'reason', 'seconds'] as const;
/** One row per abandoned call, for a supervisor to call people back (contract §4). */
export const ABANDONED_COLUMNS = ['queued_at', 'queue', 'call', 'wait_s', 'caller'] as const;

type Column =
	| (typeof QUEUE_COLUMNS)[number]
	| (typeof AGENT_COLUMNS)[number]
	| (typeof NOT_READY_COLUMNS)[number]
	| (typeof ABANDONED_COLUMNS)[number];

/**
 * Each column's title in the people's format (excel-fr): the glossary's French term, with its unit, so a manager
 * reads "DMR (s)" where the machine format says `asa_s`. Same columns, same order (contract §4).
 */
const FRENCH_TITLES: Record<Column, readonly [FigureName, ('s' | '%')?]> = {
	period_start: ['period_start'],
	queue: ['queue'],
	offered: ['offered'],
	answered: ['answered'],
	abandoned: ['abandoned'],
	short_abandoned: ['short_abandoned'],
	dequeued: ['dequeued'],
	answered_within_sl: ['answered_within_sl'],
	abandoned_within_sl: ['abandoned_within_sl'],
	sl_threshold_s: ['sl_threshold_s', 's'],
	sl_handled_pct: ['sl_handled_pct', '%'],
	sl_no_abandon_pct: ['sl_no_abandon_pct', '%'],
	sl_abandon_positive_pct: ['sl_abandon_positive_pct', '%'],
	sl_abandon_negative_pct: ['sl_abandon_negative_pct', '%'],
	asa_s: ['asa_s', 's'],
	avg_talk_s: ['avg_talk_s', 's'],
	max_wait_s: ['max_wait_s', 's'],
	abandon_rate_pct: ['abandon_rate_pct', '%'],
	agent: ['agent'],
	logged_in_s: ['logged_in', 's'],
	ready_s: ['ready', 's'],
	not_ready_s: ['not_ready', 's'],
	reserved_s: ['reserved', 's'],
	talking_s: ['talking', 's'],
	work_s: ['work', 's'],
	reason: ['not_ready_reason'],
	seconds: ['not_ready', 's'],
	queued_at: ['queued_at'],
	call: ['call'],
	wait_s: ['wait', 's'],
	caller: ['caller']
};

/** The titles of an export's columns in French, e.g. `DMR (s)`. */
export function frenchTitles(columns: readonly Column[]): string[] {
	return columns.map((column) => {
		const [figure, unit] = FRENCH_TITLES[column];
		const label = figures.fr[figure].label;
		return unit ? `${label} (${unit})` : label;
	});
}

const SLICE_ROWS = 256;

/**
 * Hands a day's rows on in slices of a few hundred. NOTE: whatever is alive when the young generation is collected
 * gets promoted to the old one, which V8 lets grow long before collecting it: formatting a whole day's rows at
 * once kept megabytes alive at every collection (a year's export peaked at 425 MB instead of 334 MB under Node's
 * default heap).
 */
async function* inSlices<Row>(days: AsyncIterable<Row[]>): AsyncGenerator<Row[]> {
	for await (const rows of days) for (let i = 0; i < rows.length; i += SLICE_ROWS) yield rows.slice(i, i + SLICE_ROWS);
}

async function* queueCells(db: Kysely<Database>, request: ExportRequest): AsyncGenerator<Cell[][]> {
	const periodStart = periodStartFormatter(request.zone);
	for await (const rows of inSlices(readQueuePeriods(db, request))) {
		yield rows.map((row) => {
			const m = queueMetrics(row);
			return [
				periodStart(row.periodStart),
				row.queue,
				row.offered,
				row.answered,
				row.abandoned,
				row.shortAbandoned,
				row.dequeued,
				row.answeredWithinSl,
				row.abandonedWithinSl,
				row.slThresholdS,
				m.sl_handled_pct,
				m.sl_no_abandon_pct,
				m.sl_abandon_positive_pct,
				m.sl_abandon_negative_pct,
				m.asa_s,
				m.avg_talk_s,
				m.max_wait_s,
				m.abandon_rate_pct
			];
		});
	}
}

async function* agentCells(db: Kysely<Database>, request: ExportRequest): AsyncGenerator<Cell[][]> {
	const periodStart = periodStartFormatter(request.zone);
	for await (const rows of inSlices(readAgentPeriods(db, request))) {
		yield rows.map((row) => {
			return [
				periodStart(row.periodStart),
				row.agent,
				loggedInMsOf(row) / 1000,
				row.readyMs / 1000,
				row.notReadyMs / 1000,
				row.reservedMs / 1000,
				row.talkingMs / 1000,
				row.workMs / 1000,
				row.answered
			];
		});
	}
}

async function* notReadyCells(db: Kysely<Database>, request: ExportRequest): AsyncGenerator<Cell[][]> {
	const periodStart = periodStartFormatter(request.zone);
	for await (const rows of inSlices(readNotReadyPeriods(db, request))) {
		yield rows.map((row) => [periodStart(row.periodStart), row.agent, row.reason, row.durationMs / 1000]);
	}
}

async function* abandonedCells(db: Kysely<Database>, request: ExportRequest): AsyncGenerator<Cell[][]> {
	for await (const rows of inSlices(readAbandonedCalls(db, request))) {
		yield rows.map((row) => [
			formatPeriodStart(row.queuedAt, request.zone),
			row.queue,
			row.call,
			row.waitMs / 1000,
			row.caller
		]);
	}
}

export const EXPORTS = {
	queues: { columns: QUEUE_COLUMNS, cells: queueCells },
	agents: { columns: AGENT_COLUMNS, cells: agentCells },
	not_ready: { columns: NOT_READY_COLUMNS, cells: notReadyCells },
	abandoned: { columns: ABANDONED_COLUMNS, cells: abandonedCells }
} as const;

export type ExportName = keyof typeof EXPORTS;

export function isExportName(name: string): name is ExportName {
	return Object.hasOwn(EXPORTS, name);
}

/** The CSV of one export, streamed: the HTTP route and `vigie export` write these same bytes. */
export function exportCsv(db: Kysely<Database>, name: ExportName, request: ExportRequest): Readable {
	const { columns, cells } = EXPORTS[name];
	const titles = request.format === 'excel-fr' ? frenchTitles(columns) : columns;
	return csvStream(titles, cells(db, request), request.format);
}
