import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { copyFromStdin, markCopying } from './copy.ts';
import type { Logger } from '../log.ts';
import {
	channelFailure,
	channelLost,
	checkChannel,
	CHANNEL_PORT,
	channelPaths,
	gatedForThisProcess,
	heldBy,
	serveEmbeddedChannel,
	SessionGate,
	type EmbeddedChannel
} from './embedded-channel.ts';
import { EmbeddedDatabaseInUse, lockEmbeddedDataDir } from './embedded-lock.ts';

/** Called with a notification's payload, or with `null` after a reconnection (notifications may be lost). */
export type NotificationHandler = (payload: string | null) => void;

export interface VigieDatabase {
	db: Kysely<Database>;
	kind: 'postgres' | 'pglite';
	/** Subscribes to a NOTIFY channel; returns the unsubscribe function. */
	listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
	close(): Promise<void>;
	/** A failure in the operator's words when the connection itself is lost (through a server's channel), else `null`. */
	explainFailure?(error: unknown): Error | null;
}

export interface DatabaseOptions {
	databaseUrl: string | null;
	dataDir: string;
}

/**
 * How a process uses the embedded database: a server (`vigie start|web|worker`) holds it and serves it to the
 * command line over the local channel; a command opens it itself when nobody holds it, else goes through the
 * holder's channel.
 */
export type EmbeddedRole = { role: 'command' } | { role: 'server'; log: Logger; holdLimitMs?: number };

/**
 * Opens the database: a real PostgreSQL when `databaseUrl` is set, else PGlite in `dataDir`.
 * NOTE: both go through Kysely's own PostgresDialect over a `pg.Pool`; for PGlite the pool's connection comes
 * from PGlite's node-postgres adapter, so both behave the same way (int8 as string, same SQL). A command beside a
 * running server reaches the server's PGlite with `pg` over the local channel (embedded-channel.ts): whichever
 * way, the commands see one `VigieDatabase` and have one code path.
 */
export async function openDatabase(
	options: DatabaseOptions,
	embedded: EmbeddedRole = { role: 'command' }
): Promise<VigieDatabase> {
	return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir, embedded);
}

async function openPostgres(connectionString: string): Promise<VigieDatabase> {
	// NOTE: a connection attempt gives up after 5 s and connections send TCP keepalives: a PostgreSQL behind a cut
	// network (no reset ever arrives) then fails the calls in seconds, like a crashed one, instead of hanging them.
	const pool = new pg.Pool({
		connectionString,
		max: 10,
		application_name: 'vigie',
		connectionTimeoutMillis: 5000,
		keepAlive: true,
		keepAliveInitialDelayMillis: 10_000
	});
	survivesConnectionLoss(pool);
	copyFromStdin(pool);
	const db = markCopying(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }));
	const listeners = new Set<{ stop(): Promise<void> }>();
	return {
		db,
		kind: 'postgres',
		async listen(channel, handler) {
			const listener = await listenWithReconnect(connectionString, channel, handler);
			listeners.add(listener);
			return async () => {
				listeners.delete(listener);
				await listener.stop();
			};
		},
		async close() {
			await Promise.all([...listeners].map((l) => l.stop()));
			await db.destroy();
		}
	};
}

/**
 * A pool whose connections may die at any moment (PostgreSQL restarted, crashed, failed over) without taking the
 * process with them.
 * NOTE: `pg` emits `'error'` on a client whose connection breaks while no query is running on it, and an
 * `'error'` event nobody listens to kills a Node process. The pool listens on its idle clients only (its own
 * `'error'` event); a client checked out between two statements of a transaction, or between its checkout and its
 * first query, had nobody listening: a crash of PostgreSQL at that moment killed Vigie (issue #11). Every client
 * now listens for its whole life. The error itself is not lost: the next query on that client fails with it, the
 * caller (worker, intake, live feed) logs it and retries, and the pool drops the broken client when it is released.
 */
export function survivesConnectionLoss(pool: pg.Pool): void {
	pool.on('connect', (client) => {
		client.on('error', () => {
			// Reported by the next query on this client; the pool discards the client at its release.
		});
	});
	// An idle client losing its server: the pool has already removed it, and makes a new one when needed.
	pool.on('error', () => {});
}

/** A lost LISTEN connection is tried again after 0.5 s, then twice as long each time, up to 10 s. */
const RECONNECT_FIRST_DELAY_MS = 500;
const RECONNECT_MAX_DELAY_MS = 10_000;

/** A dedicated connection that LISTENs, and comes back by itself when PostgreSQL does. */
async function listenWithReconnect(connectionString: string, channel: string, handler: NotificationHandler) {
	let client: pg.Client | null = null;
	let stopped = false;
	let retry: NodeJS.Timeout | undefined;

	const connect = async (isReconnect: boolean): Promise<void> => {
		const next = new pg.Client({
			connectionString,
			application_name: 'vigie-listen',
			connectionTimeoutMillis: 5000,
			keepAlive: true,
			keepAliveInitialDelayMillis: 10_000
		});
		next.on('notification', (message) => {
			if (message.channel === channel) handler(message.payload ?? '');
		});
		next.on('error', () => scheduleReconnect(next));
		next.on('end', () => scheduleReconnect(next));
		try {
			await next.connect();
			await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
		} catch (error) {
			await next.end().catch(() => {}); // half-open: release it before trying again
			throw error;
		}
		// Stopped while this attempt was under way: nobody wants this connection any more.
		if (stopped) return void (await next.end().catch(() => {}));
		client = next;
		if (isReconnect) handler(null);
	};

	const scheduleReconnect = (failed: pg.Client) => {
		if (stopped || client !== failed || retry) return;
		client = null;
		failed.end().catch(() => {}); // already broken; ending it only releases the socket
		let delay = RECONNECT_FIRST_DELAY_MS;
		const attempt = () => {
			retry = undefined;
			if (stopped) return;
			connect(true).catch(() => {
				delay = Math.min(2 * delay, RECONNECT_MAX_DELAY_MS);
				retry = setTimeout(attempt, delay);
			});
		};
		retry = setTimeout(attempt, delay);
	};

	await connect(false);
	return {
		async stop() {
			stopped = true;
			clearTimeout(retry);
			await client?.end().catch(() => {});
		}
	};
}

async function openPglite(dataDir: string, embedded: EmbeddedRole): Promise<VigieDatabase> {
	let unlock: () => void;
	try {
		unlock = lockEmbeddedDataDir(dataDir);
	} catch (error) {
		if (error instanceof EmbeddedDatabaseInUse && embedded.role === 'command') {
			return openThroughChannel(dataDir, error.holder);
		}
		throw error;
	}
	let channel: EmbeddedChannel | null = null;
	try {
		// Loaded only here: a process on PostgreSQL (a CLI export, say) does not carry PGlite's megabytes of code.
		const [{ PGlite }, { createPgConfig }] = await Promise.all([
			import('@electric-sql/pglite'),
			import('@electric-sql/pglite/node-postgres')
		]);
		const pglite = await PGlite.create(dataDir);
		const gate = new SessionGate(pglite);
		const pool = new pg.Pool({ ...createPgConfig(gatedForThisProcess(pglite, gate)), max: 1 });
		const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
		if (embedded.role === 'server') {
			try {
				channel = await serveEmbeddedChannel({ pglite, gate, dataDir, ...embedded });
			} catch (error) {
				// The wall matters more than the command line: it runs on, and the commands say the channel is missing.
				embedded.log.error(
					{ err: error, dataDir },
					'no local channel for the command line: vigie commands cannot run while this server runs'
				);
			}
		}
		return {
			db,
			kind: 'pglite',
			async listen(channel, handler) {
				return pglite.listen(channel, (payload) => handler(payload));
			},
			async close() {
				// The commands first: their open transactions roll back while PGlite is still there.
				await channel?.close();
				await db.destroy();
				await pglite.close();
				unlock();
			}
		};
	} catch (error) {
		unlock();
		throw error;
	}
}

/**
 * The embedded database held by a running server, reached through its local channel (embedded-channel.ts).
 * One connection, as PGlite has one session: the commands' code is the same as on their own PGlite.
 */
async function openThroughChannel(dataDir: string, holder: number): Promise<VigieDatabase> {
	const host = checkChannel(dataDir, holder);
	// NOTE: user and database are PGlite's own: the startup message reaches the server's one session.
	const pool = new pg.Pool({ host, port: CHANNEL_PORT, user: 'postgres', database: 'postgres', max: 1 });
	survivesConnectionLoss(pool);
	try {
		(await pool.connect()).release();
	} catch (error) {
		await pool.end().catch(() => {});
		throw channelFailure(error, heldBy(dataDir, holder), channelPaths(dataDir).socket);
	}
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	return {
		db,
		kind: 'pglite',
		async listen() {
			throw new Error('a command beside the running server does not listen to its notifications');
		},
		explainFailure(error) {
			return channelLost(error, heldBy(dataDir, holder));
		},
		async close() {
			await db.destroy();
		}
	};
}
