import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followLineChunks, readLineChunks, type LineChunk } from './line-source.ts';

describe('readLineChunks', () => {
	it('numbers lines from 1 across chunks, CRLF or LF', async () => {
		const chunks: LineChunk[] = [];
		for await (const c of readLineChunks(Readable.from(['a\r\nb\n', 'c\nd', '\ne\n']), 2)) chunks.push(c);
		expect(chunks).toEqual([
			{ firstLine: 1, lines: ['a', 'b'] },
			{ firstLine: 3, lines: ['c', 'd'] },
			{ firstLine: 5, lines: ['e'] }
		]);
	});
});

describe('followLineChunks', () => {
	let dir: string;
	let file: string;
	let abort: AbortController;
	beforeEach(async () => {
		dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vigie-follow-'));
		file = path.join(dir, 'queue_log');
		abort = new AbortController();
	});
	afterEach(async () => {
		abort.abort();
		await fs.rm(dir, { recursive: true, force: true });
	});

	/** Collects lines as they come until `count` have arrived. */
	async function collect(source: AsyncGenerator<LineChunk>, count: number, seen: string[]) {
		for await (const chunk of source) {
			seen.push(...chunk.lines.map((l, i) => `${chunk.firstLine + i}:${l}`));
			if (seen.length >= count) return;
		}
	}

	it('reads the file, then what is appended, waiting for unfinished lines', async () => {
		await fs.writeFile(file, 'one\ntwo\n');
		const seen: string[] = [];
		const source = followLineChunks(file, { pollMs: 20, signal: abort.signal });
		const done = collect(source, 4, seen);
		await new Promise((r) => setTimeout(r, 60));
		await fs.appendFile(file, 'thr');
		await new Promise((r) => setTimeout(r, 60));
		await fs.appendFile(file, 'ee\nfour\n');
		await done;
		expect(seen).toEqual(['1:one', '2:two', '3:three', '4:four']);
	});

	it('survives rotation: the end of the old file, then the new file from its start', async () => {
		await fs.writeFile(file, 'old1\n');
		const restarts: string[] = [];
		const seen: string[] = [];
		const source = followLineChunks(file, { pollMs: 20, signal: abort.signal, onRestart: (why) => restarts.push(why) });
		const done = collect(source, 4, seen);
		await new Promise((r) => setTimeout(r, 60));
		await fs.appendFile(file, 'old2\n');
		await fs.rename(file, `${file}.1`);
		await fs.writeFile(file, 'new1\nnew2\n');
		await done;
		expect(seen).toEqual(['1:old1', '2:old2', '1:new1', '2:new2']);
		expect(restarts).toEqual(['rotated']);
	});

	it('starts over when the file is cut short in place', async () => {
		await fs.writeFile(file, 'a long first line\n');
		const seen: string[] = [];
		const source = followLineChunks(file, { pollMs: 20, signal: abort.signal });
		const done = collect(source, 2, seen);
		await new Promise((r) => setTimeout(r, 60));
		await fs.writeFile(file, 'b\n');
		await done;
		expect(seen).toEqual(['1:a long first line', '1:b']);
	});
});
