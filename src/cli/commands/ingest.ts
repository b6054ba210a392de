import fs from 'node:fs';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ingestBatches, type IngestTotals } from '../../lib/server/ingest/ingest-run.ts';
import type { QueueLogTimestamps } from '../../lib/server/ingest/sources/queue-log.ts';
import { INGEST_FORMATS, ingestSource, type IngestFormat } from '../../lib/server/ingest/sources/registry.ts';
import { untilSignal, withDatabase } from '../context.ts';

interface IngestOptions {
	format: IngestFormat;
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
		.addOption(new Option('--format <format>', 'what the source holds').choices(INGEST_FORMATS).default('ndjson'))
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
			const format = ingestSource(options.format);
			if (options.follow && (!format.canFollow || source === '-')) {
				throw new InvalidArgumentError('--follow reads a queue_log file (--format queue_log FILE)');
			}
			if (source === '-' && !format.canReadStdin) {
				throw new InvalidArgumentError(`--format ${format.name} reads a ${format.reads}, not standard input`);
			}
			if (source !== '-') checkReadable(source, format.reads);
			const label = source === '-' ? 'stdin' : path.resolve(source);
			const totals = await withDatabase(async ({ db }, config, log) => {
				const sourceName = `${format.name}:${label}`;
				if (options.follow) {
					const stop = new AbortController();
					void untilSignal(log).then(() => stop.abort());
					console.error(`following ${label} (Ctrl-C to stop)`);
					const opened = await format.open({
						path: source,
						config,
						timestamps: options.timestamps,
						follow: {
							signal: stop.signal,
							onRestart: (why) => log.info({ file: label, why }, 'ingest: file restarted')
						}
					});
					return ingestBatches(db, opened.batches, sourceName, {
						onProgress: (t) =>
							log.info(
								{ accepted: t.accepted, duplicates: t.duplicates, rejected: t.rejectedCount },
								'ingest: progress'
							),
						onRetry: (error, delayMs) =>
							log.error({ err: error, retryInMs: delayMs }, 'ingest: database refused a batch; retrying')
					});
				}
				const opened = await format.open({ path: source, config, timestamps: options.timestamps });
				if (opened.notice) console.error(opened.notice);
				const progress = opened.stream
					? progressFor(opened.stream, fs.statSync(source).size)
					: { tick() {}, stop() {} };
				try {
					return await ingestBatches(db, opened.batches, sourceName, { onProgress: progress.tick });
				} finally {
					progress.stop();
				}
			});
			printSummary(totals);
			console.error('accepted events are applied by the worker (`vigie start` or `vigie worker`)');
			if (totals.rejectedCount > 0) process.exitCode = SOME_REJECTED;
		});
}
