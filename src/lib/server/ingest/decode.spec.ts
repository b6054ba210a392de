import { describe, expect, it } from 'vitest';
import { decodeBody, decodeLine, MAX_JSON_DEPTH, nestsDeeperThan } from './decode.ts';

describe('nestsDeeperThan', () => {
	it('counts arrays and objects, not brackets inside strings', () => {
		expect(nestsDeeperThan('{"queues":["a","b"]}', 2)).toBe(false);
		expect(nestsDeeperThan('[[[1]]]', 2)).toBe(true);
		expect(nestsDeeperThan('{"a":"[[[[[[\\"[[["}', 1)).toBe(false);
	});
});

describe('deeply nested input', () => {
	it('is refused with a reason instead of being parsed', () => {
		const deep = '['.repeat(100_000) + ']'.repeat(100_000);
		expect(decodeBody(deep, 'application/json')).toEqual({ error: expect.stringMatching(/nested deeper/) });
		expect(decodeLine(`{"x":${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}}`, 1).error).toMatch(
			/nested deeper/
		);
	});

	it('leaves ordinary events alone', () => {
		const event = {
			id: 'e1',
			type: 'agent.state',
			at: '2026-01-05T09:00:00Z',
			agent: 'a',
			state: 'ready',
			queues: ['q']
		};
		expect(decodeBody(JSON.stringify([event]), 'application/json')).toEqual([{ line: 1, value: event }]);
	});
});
