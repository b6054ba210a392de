import { describe, expect, it } from 'vitest';
import { channelLost, readyStatus } from './embedded-channel.ts';

/** A backend message: its type, then its length (itself included), then its body. */
const message = (type: string, body: number[] = []) => [type.charCodeAt(0), 0, 0, 0, 4 + body.length, ...body];

describe('readyStatus', () => {
	it('reads the last ReadyForQuery of an answer', () => {
		const answer = Uint8Array.from([
			...message('1'), // ParseComplete
			...message('C', [...Buffer.from('BEGIN\0')]),
			...message('Z', ['T'.charCodeAt(0)])
		]);
		expect(readyStatus(answer)).toBe('T');
		expect(readyStatus(Uint8Array.from([...message('Z', [0x49]), ...message('Z', [0x45])]))).toBe('E');
	});

	it('says null when the exchange goes on (no ReadyForQuery yet), or the bytes are cut short', () => {
		expect(readyStatus(Uint8Array.from(message('1')))).toBeNull();
		expect(readyStatus(new Uint8Array(0))).toBeNull();
		expect(readyStatus(Uint8Array.from([0x5a, 0, 0, 0, 5]))).toBeNull();
	});

	it('is not fooled by a row holding the bytes of a ReadyForQuery', () => {
		const row = message('D', [0, 1, 0, 0, 0, 6, 0x5a, 0, 0, 0, 5, 0x54]);
		expect(readyStatus(Uint8Array.from([...row, ...message('Z', [0x49])]))).toBe('I');
		expect(readyStatus(Uint8Array.from(row))).toBeNull();
	});
});

describe('channelLost', () => {
	const failure = (message: string, fields: Partial<NodeJS.ErrnoException> = {}) =>
		Object.assign(new Error(message), fields);
	const held = 'la base embarquée de /srv/vigie est ouverte par le processus 42';

	it('names a lost connection to the server, wrapped or not, in French', () => {
		for (const error of [
			failure('Connection terminated unexpectedly'),
			failure('connect ENOENT /srv/vigie/run/.s.PGSQL.5432', { code: 'ENOENT', syscall: 'connect' }),
			failure('migration failed: read ECONNRESET', { cause: failure('read ECONNRESET', { code: 'ECONNRESET' }) }),
			failure('write EPIPE', { code: 'EPIPE', syscall: 'write' })
		]) {
			expect(channelLost(error, held)?.message).toMatch(/processus 42 ; la connexion par son canal local s'est rompue/);
		}
	});

	it('leaves every other failure as it is', () => {
		expect(channelLost(failure("open '/nowhere/out.csv'", { code: 'ENOENT', syscall: 'open' }), held)).toBeNull();
		expect(channelLost(failure('duplicate key value violates unique constraint'), held)).toBeNull();
		expect(channelLost('not an error', held)).toBeNull();
	});
});
