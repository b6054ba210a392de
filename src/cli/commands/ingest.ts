import fs from 'node:fs';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
	ingestBatches,
	ndjsonBatches,
	queueLogBatches,
	uccxBatches,
	type IngestTotals
} from '../../lib/server/ingest/ingest-run.ts';
import { followLineChunks, readLineChunks, type LineChunk } from '../../lib/server/ingest/line-source.ts';
import { QueueLogTranslator, type QueueLogTimestamps } from '../../lib/server/ingest/sources/queue-log.ts';
import { openUccxDirectory } from '../../lib/server/ingest/sources/uccx/csv.ts';
import { untilSignal, withDatabase } from '../context.ts';

interface IngestOptions {
	format: 'ndjson' | 'queue_log' | 'uccx-csv';
	follow?: boolean;
	timestamps: QueueLogTimestamps;
}

/** Exit status when some lines were rejected (kept as dead letters): the run itself went through. */
const SOME_REJECTED = 2;

function printSummary(totals: IngestTotals): void {
	console.log(`accepted ${totals.accepted}, duplicates ${totals.duplicates}, rejected ${totals.rejectedCount}`);
	for (const r of totals.rejected) console.log(`  line ${r.line}: ${r.error}`);
	if (totals.rejectedCount > totals.rejected.length) {
		console.log(`  … and ${totals.rejectedCount - totals.rejected.length} more: see \`vigie dead-letters\``);
	}
}

/** A progress bar on a terminal, by bytes read; nothing when the output is a pipe or a log. */
function progressFor(stream: fs.ReadStream, size: number): { tick(): void; stop(): void } {
	if (!process.stderr.isTTY || size === 0) return { tick() {}, stop() {} };
	const bar = new SingleBar(
		{ format: ' {bar} {percentage}% | {value}/{total} MB | {eta_formatted} left', stream: process.stderr },
		Presets.shades_classic
	);
	const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
	bar.start(mb(size), 0);
	return { tick: () => bar.update(mb(stream.bytesRead)), stop: () => bar.stop() };
}

/** Says plainly what is wrong with the source before anything is opened. */
function checkReadable(source: string, kind: 'file' | 'directory'): void {
	let stat: fs.Stats;
	try {
		stat = fs.statSync(source);
	} catch (error) {
		throw new Error(
			`cannot read ${source}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`
		);
	}
	if (kind === 'directory' && !stat.isDirectory())
		throw new Error(`${source} is not a directory (uccx-csv reads a directory of CSV files)`);
	if (kind === 'file' && !stat.isFile()) throw new Error(`${source} is not a file`);
}

export function registerIngest(program: Command): void {
	program
		.command('ingest')
		.description('load events from a file, standard input (-) or a UCCX export directory')
		.argument('<source>', 'NDJSON or queue_log file, - for standard input, or a directory of UCCX CSV files')
		.addOption(
			new Option('--format <format>', 'what the source holds')
				.choices(['ndjson', 'queue_log', 'uccx-csv'])
				.default('ndjson')
		)
		.option('--follow', 'queue_log: keep reading as the file grows, across rotations, until stopped')
		.addOption(
			new Option(
				'--timestamps <how>',
				'queue_log datetimes: local time of VIGIE_TIMEZONE, or utc (epoch is always UTC)'
			)
				.choices(['auto', 'local', 'utc'])
				.default('auto')
		)
		.action(async (source: string, options: IngestOptions) => {
			if (options.follow && (options.format !== 'queue_log' || source === '-')) {
				throw new InvalidArgumentError('--follow reads a queue_log file (--format queue_log FILE)');
			}
			if (source !== '-') checkReadable(source, options.format === 'uccx-csv' ? 'directory' : 'file');
			const label = source === '-' ? 'stdin' : path.resolve(source);
			const totals = await withDatabase(async ({ db }, config, log) => {
				if (options.format === 'uccx-csv') {
					const directory = await openUccxDirectory(source);
					console.error(`reading ${directory.files.length} file(s): ${directory.files.join(', ')}`);
					return ingestBatches(db, uccxBatches(directory.chunks()), `uccx-csv:${label}`);
				}
				const translator =
					options.format === 'queue_log'
						? new QueueLogTranslator({ timezone: config.timezone, timestamps: options.timestamps })
						: null;
				const batchesOf = (chunks: AsyncIterable<LineChunk>) =>
					translator ? queueLogBatches(chunks, translator) : ndjsonBatches(chunks);
				const sourceName = `${options.format}:${label}`;

				if (options.follow) {
					const stop = new AbortController();
					void untilSignal(log).then(() => stop.abort());
					console.error(`following ${label} (Ctrl-C to stop)`);
					const chunks = followLineChunks(source, {
						signal: stop.signal,
						onRestart: (why) => log.info({ file: label, why }, 'ingest: file restarted')
					});
					return ingestBatches(db, batchesOf(chunks), sourceName, {
						onProgress: (t) =>
							log.info(
								{ accepted: t.accepted, duplicates: t.duplicates, rejected: t.rejectedCount },
								'ingest: progress'
							),
						onRetry: (error, delayMs) =>
							log.error({ err: error, retryInMs: delayMs }, 'ingest: database refused a batch; retrying')
					});
				}

				const stream = source === '-' ? null : fs.createReadStream(source);
				const progress = stream ? progressFor(stream, fs.statSync(source).size) : { tick() {}, stop() {} };
				try {
					return await ingestBatches(db, batchesOf(readLineChunks(stream ?? process.stdin)), sourceName, {
						onProgress: progress.tick
					});
				} finally {
					progress.stop();
				}
			});
			printSummary(totals);
			console.error('accepted events are applied by the worker (`vigie start` or `vigie worker`)');
			if (totals.rejectedCount > 0) process.exitCode = SOME_REJECTED;
		});
}
