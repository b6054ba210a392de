import fs from 'node:fs';
import type { Config } from '../../config.ts';
import type { CheckedItems } from '../intake.ts';
import { ndjsonBatches, queueLogBatches, uccxBatches } from '../ingest-run.ts';
import { followLineChunks, readLineChunks, type LineChunk } from '../line-source.ts';
import { QueueLogTranslator, type QueueLogTimestamps } from './queue-log.ts';
import { openUccxDirectory } from './uccx/csv.ts';

/**
 * Every format `vigie ingest --format …` reads, in one table: what it reads, whether it can follow a live file,
 * and how its content becomes intake batches. A new source is a new entry here, not a new branch in the CLI.
 */

export interface SourceRequest {
	/** A file or directory, or `-` for standard input. */
	path: string;
	config: Pick<Config, 'timezone'>;
	timestamps: QueueLogTimestamps;
	/** Keep reading the file as it grows (sources that can follow). */
	follow?: { signal: AbortSignal; onRestart: (why: string) => void };
}

export interface OpenedSource {
	batches: AsyncIterable<CheckedItems>;
	/** What to tell the operator before reading (the files found), if anything. */
	notice?: string;
	/** The stream read, for a progress bar by bytes. */
	stream?: fs.ReadStream;
}

export interface IngestSource {
	/** What `--format` names it. */
	name: string;
	/** What the source must be. */
	reads: 'file' | 'directory';
	canFollow: boolean;
	canReadStdin: boolean;
	open(request: SourceRequest): Promise<OpenedSource>;
}

function lines(request: SourceRequest): { chunks: AsyncIterable<LineChunk>; stream?: fs.ReadStream } {
	if (request.follow) {
		return { chunks: followLineChunks(request.path, request.follow) };
	}
	if (request.path === '-') return { chunks: readLineChunks(process.stdin) };
	const stream = fs.createReadStream(request.path);
	return { chunks: readLineChunks(stream), stream };
}

export const INGEST_SOURCES = [
	{
		name: 'ndjson',
		reads: 'file',
		canFollow: false,
		canReadStdin: true,
		async open(request) {
			const { chunks, stream } = lines(request);
			return { batches: ndjsonBatches(chunks), stream };
		}
	},
	{
		name: 'queue_log',
		reads: 'file',
		canFollow: true,
		canReadStdin: true,
		async open(request) {
			const translator = new QueueLogTranslator({ timezone: request.config.timezone, timestamps: request.timestamps });
			const { chunks, stream } = lines(request);
			return { batches: queueLogBatches(chunks, translator), stream };
		}
	},
	{
		name: 'uccx-csv',
		reads: 'directory',
		canFollow: false,
		canReadStdin: false,
		async open(request) {
			const directory = await openUccxDirectory(request.path);
			return {
				batches: uccxBatches(directory.chunks()),
				notice: `reading ${directory.files.length} file(s): ${directory.files.join(', ')}`
			};
		}
	}
] as const satisfies readonly IngestSource[];

export type IngestFormat = (typeof INGEST_SOURCES)[number]['name'];

export const INGEST_FORMATS = INGEST_SOURCES.map((source) => source.name) as IngestFormat[];

export function ingestSource(name: IngestFormat): IngestSource {
	return INGEST_SOURCES.find((source) => source.name === name)!;
}
