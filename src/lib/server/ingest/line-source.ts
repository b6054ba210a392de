import fs from 'node:fs/promises';
import readline from 'node:readline';
import type { Readable } from 'node:stream';

/** Consecutive lines of a source; `firstLine` is the 1-based number of the first in its file. */
export interface LineChunk {
	firstLine: number;
	lines: string[];
}

/** Reads a stream (a file, standard input) as chunks of at most `size` lines. */
export async function* readLineChunks(input: Readable, size = 5000): AsyncGenerator<LineChunk> {
	let chunk: LineChunk = { firstLine: 1, lines: [] };
	for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
		chunk.lines.push(line);
		if (chunk.lines.length >= size) {
			yield chunk;
			chunk = { firstLine: chunk.firstLine + chunk.lines.length, lines: [] };
		}
	}
	if (chunk.lines.length > 0) yield chunk;
}

export interface FollowOptions {
	pollMs?: number;
	signal?: AbortSignal;
	/** Told when the file was replaced (rotation) or cut short (copytruncate): line numbers restart. */
	onRestart?: (why: 'rotated' | 'truncated') => void;
}

const READ_SIZE = 256 * 1024;
const MAX_LINE_CHARS = 1024 * 1024;

/**
 * Follows a growing file like `tail -F`, from its first line: each chunk is what was appended since the last
 * look. NOTE: rotation is seen by the inode changing at the same path (logrotate's move-and-create): the old
 * file is read to its end first, then the new one from its start. A file cut short in place starts over.
 * A line still being written (no newline yet) waits for its end.
 */
export async function* followLineChunks(path: string, options: FollowOptions = {}): AsyncGenerator<LineChunk> {
	const { pollMs = 500, signal, onRestart } = options;
	let file = await fs.open(path, 'r');
	let inode = (await file.stat()).ino;
	let position = 0;
	let nextLine = 1;
	let partial = '';
	const buffer = Buffer.alloc(READ_SIZE);
	let decoder = new TextDecoder();
	const startOver = () => {
		[position, nextLine, partial, decoder] = [0, 1, '', new TextDecoder()];
	};

	const readAppended = async (): Promise<LineChunk | null> => {
		let text = '';
		for (;;) {
			const { bytesRead } = await file.read(buffer, 0, READ_SIZE, position);
			if (bytesRead === 0) break;
			position += bytesRead;
			text += decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
			if (text.length > 8 * READ_SIZE) break;
		}
		const parts = (partial + text).split('\n');
		partial = parts.pop()!;
		// A "line" that never ends (a binary file, a broken writer) is cut rather than held in memory forever.
		if (partial.length > MAX_LINE_CHARS) {
			parts.push(partial);
			partial = '';
		}
		if (parts.length === 0) return null;
		const chunk = { firstLine: nextLine, lines: parts.map((l) => l.replace(/\r$/, '')) };
		nextLine += parts.length;
		return chunk;
	};

	try {
		while (!signal?.aborted) {
			const chunk = await readAppended();
			if (chunk) {
				yield chunk;
				continue;
			}
			const current = await fs.stat(path).catch(() => null);
			if (current && current.ino !== inode) {
				// The new file may vanish again before it opens (a rotation in progress): then look again later.
				const replacement = await fs.open(path, 'r').catch(() => null);
				if (replacement) {
					if (partial) yield { firstLine: nextLine, lines: [partial] };
					await file.close();
					file = replacement;
					inode = (await file.stat()).ino;
					startOver();
					onRestart?.('rotated');
					continue;
				}
			} else if (current && current.size < position) {
				startOver();
				onRestart?.('truncated');
				continue;
			}
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, pollMs);
				signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
			});
		}
	} finally {
		await file.close();
	}
}
