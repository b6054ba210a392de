import { InvalidArgumentError, type Command } from 'commander';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../../lib/server/db/schema.ts';
import { decodeLine } from '../../lib/server/ingest/decode.ts';
import { acceptEvents } from '../../lib/server/ingest/intake.ts';
import { withDatabase } from '../context.ts';

interface Filter {
	source?: string;
	before?: string;
}

/** Dead letters whose source starts with `source` (`uccx` matches `uccx:ContactQueueDetail`), before a day. */
function filtered<O>(
	query: SelectQueryBuilder<Database, 'dead_letters', O>,
	filter: Filter,
	timezone: string
): SelectQueryBuilder<Database, 'dead_letters', O> {
	let out = query;
	if (filter.source) out = out.where('source', 'like', `${filter.source.replace(/[\\%_]/g, '\\$&')}%`);
	if (filter.before) {
		out = out.where('received_at', '<', DateTime.fromISO(filter.before, { zone: timezone }).startOf('day').toJSDate());
	}
	return out;
}

function parseDay(value: string): string {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value).isValid) {
		throw new InvalidArgumentError(`"${value}" is not a day like 2026-03-02`);
	}
	return value;
}

const sourceOption = ['--source <prefix>', 'only sources starting with this, e.g. uccx, queue_log:, http'] as const;

export function registerDeadLetters(program: Command): void {
	const command = program
		.command('dead-letters')
		.description('the rejected lines, with their reason and source: list (default), purge or replay them');

	command
		.command('list', { isDefault: true })
		.description('list rejected lines, newest first, in local time (VIGIE_TIMEZONE)')
		.option('--limit <n>', 'how many', (v: string) => Math.max(1, Math.min(10_000, Number(v) || 50)), 50)
		.option(...sourceOption)
		.action((options: { limit: number; source?: string }) =>
			withDatabase(async ({ db }, config) => {
				const rows = await filtered(
					db.selectFrom('dead_letters').selectAll().orderBy('id', 'desc').limit(options.limit),
					options,
					config.timezone
				).execute();
				if (rows.length === 0) console.error('no dead letters');
				for (const r of rows) {
					const raw = r.raw.length > 200 ? `${r.raw.slice(0, 200)}…` : r.raw;
					const at = DateTime.fromJSDate(r.received_at, { zone: config.timezone }).toFormat('yyyy-MM-dd HH:mm:ss ZZ');
					console.log(`${at}\t${r.source}\tline ${r.line ?? '-'}\t${r.error}\t${raw}`);
				}
			})
		);

	command
		.command('purge')
		.description('delete dead letters (all, or those of a source, or received before a day)')
		.option(...sourceOption)
		.option('--before <day>', 'only those received before this local day, YYYY-MM-DD', parseDay)
		.action((options: Filter) =>
			withDatabase(async ({ db }, config) => {
				const ids = (
					await filtered(db.selectFrom('dead_letters').select('id'), options, config.timezone).execute()
				).map((row) => row.id);
				if (ids.length > 0) await db.deleteFrom('dead_letters').where('id', 'in', ids).execute();
				console.log(`purged ${ids.length} dead letter(s)`);
			})
		);

	command
		.command('replay')
		.description('send the dead letters that are events again (after a fix): those accepted leave the list')
		.option(...sourceOption)
		.action((options: Filter) =>
			withDatabase(async ({ db }, config) => console.log(await replay(db, options, config.timezone)))
		);
}

/** Each dead letter read again as an event line; those the intake now takes are removed, the others stay. */
async function replay(db: Kysely<Database>, filter: Filter, timezone: string): Promise<string> {
	const rows = await filtered(
		db.selectFrom('dead_letters').select(['id', 'raw', 'source']).orderBy('id'),
		filter,
		timezone
	).execute();
	let accepted = 0;
	let duplicates = 0;
	let still = 0;
	for (let i = 0; i < rows.length; i += 1000) {
		const slice = rows.slice(i, i + 1000);
		const items = slice.map((row, j) => decodeLine(row.raw, j + 1));
		const result = await acceptEvents(
			db,
			items.map((item) => ({ ...item, line: item.line })),
			'replay'
		);
		const rejectedLines = new Set(result.rejected.map((r) => r.line));
		const done = slice.filter((_, j) => !rejectedLines.has(j + 1)).map((row) => row.id);
		if (done.length > 0) await db.deleteFrom('dead_letters').where('id', 'in', done).execute();
		// The intake wrote the lines still refused as new dead letters (source "replay"): the originals stay.
		await db.deleteFrom('dead_letters').where('source', '=', 'replay').execute();
		accepted += result.accepted;
		duplicates += result.duplicates;
		still += rejectedLines.size;
	}
	return `replayed ${rows.length}: ${accepted} accepted, ${duplicates} already there, ${still} still refused (kept)`;
}
