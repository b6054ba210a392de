/**
 * The embedded database's local channel keeps transactions whole: PGlite is one session, shared by the server's
 * own queries and the command line's connections, and nobody's statement may run inside somebody else's
 * transaction or between somebody else's Parse and Sync (src/lib/server/db/embedded-channel.ts).
 *
 * The server half is opened in this process, as `vigie start` opens it; the command line's half is `pg` on the
 * real Unix socket.
 */
import { sql } from 'kysely';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelPaths, CHANNEL_PORT, whileHoldingSession } from '../../src/lib/server/db/embedded-channel.ts';
import { openDatabase, type VigieDatabase } from '../../src/lib/server/db/database.ts';
import { createLogger } from '../../src/lib/server/log.ts';
import { createTempDir } from '../support/temp-dir.ts';
import { delay, waitFor } from '../support/wait.ts';

const HOLD_LIMIT_MS = 1500;

describe('the embedded database shared over its local channel', () => {
	let data: Awaited<ReturnType<typeof createTempDir>>;
	let server: VigieDatabase;
	const clients: pg.Client[] = [];

	async function command(): Promise<pg.Client> {
		const client = new pg.Client({
			host: channelPaths(data.dir).dir,
			port: CHANNEL_PORT,
			user: 'postgres',
			database: 'postgres'
		});
		client.on('error', () => {}); // a connection the channel cuts off, on purpose in one test
		await client.connect();
		clients.push(client);
		return client;
	}
	const count = async () =>
		Number((await sql<{ n: string }>`SELECT count(*) AS n FROM channel_probe`.execute(server.db)).rows[0]!.n);
	/** A promise's state a moment from now: still waiting, or settled. */
	const stillWaiting = async (promise: Promise<unknown>, ms = 300) =>
		Promise.race([promise.then(() => false), delay(ms).then(() => true)]);

	beforeAll(async () => {
		data = await createTempDir('vigie-channel-');
		server = await openDatabase(
			{ databaseUrl: null, dataDir: data.dir },
			{ role: 'server', log: createLogger('silent'), holdLimitMs: HOLD_LIMIT_MS }
		);
		await sql`CREATE TABLE channel_probe (n int)`.execute(server.db);
	});
	afterAll(async () => {
		await Promise.all(clients.map((c) => c.end().catch(() => {})));
		await server?.close();
		await data?.remove();
	});

	it('runs none of the server’s statements inside a command’s transaction', async () => {
		const cli = await command();
		await cli.query('BEGIN');
		await cli.query('INSERT INTO channel_probe VALUES (1)');
		const serverRead = count();
		expect(await stillWaiting(serverRead)).toBe(true);
		await cli.query('ROLLBACK');
		expect(await serverRead).toBe(0);
	});

	it('runs none of a command’s statements inside the server’s transaction', async () => {
		const cli = await command();
		let cliRead: Promise<pg.QueryResult> | null = null;
		await expect(
			server.db.transaction().execute(async (trx) => {
				await sql`INSERT INTO channel_probe VALUES (2)`.execute(trx);
				cliRead = cli.query('SELECT count(*)::int AS n FROM channel_probe');
				expect(await stillWaiting(cliRead)).toBe(true);
				throw new Error('rolled back on purpose');
			})
		).rejects.toThrow('rolled back on purpose');
		expect((await cliRead!).rows[0].n).toBe(0);
	});

	it('keeps each party’s extended-protocol exchanges whole under concurrency', async () => {
		// Three parties, each with its own statement text: a Bind that reached another party's Parse would answer
		// with that party's arithmetic, or fail on its parameter count.
		const [a, b] = await Promise.all([command(), command()]);
		const asked = Array.from({ length: 120 }, (_, i) => i);
		const answers = await Promise.all(
			asked.map(async (i) => {
				if (i % 3 === 0) {
					return Number((await sql<{ n: number }>`SELECT ${i}::int + 1000 AS n`.execute(server.db)).rows[0]!.n) - 1000;
				}
				if (i % 3 === 1) return (await a.query('SELECT $1::int AS n', [i])).rows[0].n as number;
				return (await b.query('SELECT $1::int * $2::int AS n', [i, 1])).rows[0].n as number;
			})
		);
		expect(answers).toEqual(asked);
	});

	it('gives the session to nobody between a command’s Parse and its Sync', async () => {
		// Hand-written wire messages: Parse, then Flush (the answer comes, the exchange stays open), later Sync.
		const socket = net.connect(channelPaths(data.dir).socket);
		let received = Buffer.alloc(0);
		socket.on('data', (chunk) => (received = Buffer.concat([received, chunk])));
		await new Promise((resolve) => socket.once('connect', resolve));
		const typed = (type: string, body: Buffer) => {
			const message = Buffer.alloc(5 + body.length);
			message.write(type, 0, 'latin1');
			message.writeInt32BE(4 + body.length, 1);
			body.copy(message, 5);
			return message;
		};
		const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
		const startup = Buffer.alloc(8 + params.length);
		startup.writeInt32BE(startup.length, 0);
		startup.writeInt32BE(196_608, 4);
		params.copy(startup, 8);
		socket.write(startup);
		await waitFor('the startup answer', () => received.includes(Buffer.from([0x5a, 0, 0, 0, 5, 0x49])), 10_000);
		received = Buffer.alloc(0);
		socket.write(typed('P', Buffer.concat([Buffer.from('\0SELECT 42\0'), Buffer.from([0, 0])])));
		socket.write(typed('H', Buffer.alloc(0)));
		await waitFor('ParseComplete', () => received.includes(Buffer.from([0x31, 0, 0, 0, 4])), 10_000);
		const serverRead = count();
		expect(await stillWaiting(serverRead)).toBe(true);
		socket.write(typed('S', Buffer.alloc(0)));
		expect(await serverRead).toBeGreaterThanOrEqual(0);
		socket.destroy();
	});

	it('commits a command’s transaction whole, and rolls back one whose command went away', async () => {
		const committing = await command();
		await committing.query('BEGIN');
		await committing.query('INSERT INTO channel_probe VALUES (3)');
		await committing.query('INSERT INTO channel_probe VALUES (4)');
		await committing.query('COMMIT');
		expect(await count()).toBe(2);

		const leaving = await command();
		await leaving.query('BEGIN');
		await leaving.query('INSERT INTO channel_probe VALUES (5)');
		const serverRead = count();
		expect(await stillWaiting(serverRead)).toBe(true);
		// The command is killed mid-transaction: its connection drops, the server goes on.
		(leaving as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
		expect(await serverRead).toBe(2);
	});

	it('cuts off a command that holds the session without a word, and rolls it back', async () => {
		const silent = await command();
		await silent.query('BEGIN');
		await silent.query('INSERT INTO channel_probe VALUES (6)');
		const started = Date.now();
		expect(await count()).toBe(2); // waits for the hold limit, then reads without the silent command's row
		expect(Date.now() - started).toBeGreaterThanOrEqual(HOLD_LIMIT_MS - 100);
		await expect(silent.query('COMMIT')).rejects.toThrow();
		expect(await count()).toBe(2);
	});

	it('holds the session for a command’s work, and says so when the hold was lost half-way', async () => {
		const during = await whileHoldingSession(data.dir, process.pid, async () => {
			const serverRead = count();
			return { waited: await stillWaiting(serverRead), serverRead };
		});
		expect(during.waited).toBe(true);
		await during.serverRead;
		// Silent for longer than the hold limit (its keep-alive comes every 3 s): cut off, and the work is worth nothing.
		await expect(whileHoldingSession(data.dir, process.pid, () => delay(HOLD_LIMIT_MS + 1000))).rejects.toThrow(
			/repris la main.*recommencez/
		);
	});

	it('keeps the data directory to the service user, whatever modes PGlite gives its files', async () => {
		// PGlite writes its files 0666 (seen on PG_VERSION, base/*, pg_wal/*): only the directory keeps others out.
		const shared = path.join(data.dir, 'shared');
		await fs.mkdir(shared, { mode: 0o755 });
		await fs.chmod(shared, 0o755);
		const database = await openDatabase({ databaseUrl: null, dataDir: shared });
		await database.close();
		expect((await fs.stat(shared)).mode & 0o777).toBe(0o700);
	});

	it('keeps a server running when its channel cannot be made (a data directory too deep for a socket path)', async () => {
		const deep = `${data.dir}/${'d'.repeat(60)}/${'e'.repeat(60)}`;
		const database = await openDatabase(
			{ databaseUrl: null, dataDir: deep },
			{ role: 'server', log: createLogger('silent') }
		);
		try {
			expect((await sql<{ n: number }>`SELECT 1 AS n`.execute(database.db)).rows[0]!.n).toBe(1);
		} finally {
			await database.close();
		}
	});

	it('lets PGlite’s own notifications reach the server when a command sends them', async () => {
		const heard: (string | null)[] = [];
		const stop = await server.listen('channel_probe', (payload) => heard.push(payload));
		const cli = await command();
		await cli.query(`SELECT pg_notify('channel_probe', 'from the command line')`);
		// Delivered when the session next answers anybody: the server's next statement at the latest.
		await count();
		await waitFor('the notification', () => heard.includes('from the command line'), 5000);
		await stop();
	});
});
