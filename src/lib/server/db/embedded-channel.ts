/**
 * The embedded database's local channel: the process that holds PGlite (`vigie start`, `web` or `worker`) serves
 * it to the command line over a Unix socket in the data directory, with PostgreSQL's own wire protocol, so that
 * `vigie token create`, `ingest`, `export`… work while the wall runs (issue #10, item 13).
 *
 * NOTE (why the wire protocol, and why not `@electric-sql/pglite-socket`): two designs were weighed.
 * - The CLI's commands as server routes on the socket: every command (stdin, passwords typed on a terminal,
 *   progress bars, streamed exports, exit codes) would need a second, remote form, or a rewrite of all of them
 *   around a transport; the commands would run one way beside a server and another way without.
 * - PGlite served over the socket with PostgreSQL's protocol: the CLI connects with `pg` exactly as it does to a
 *   real PostgreSQL, and every command keeps its one code path, `VigieDatabase` in hand, whatever the database.
 *   This is the one chosen.
 * PGlite is ONE PostgreSQL session. Whoever speaks to it must have it alone from its first message until the
 * session is idle again (ReadyForQuery 'I'): between a client's BEGIN and COMMIT, and between its Parse and its
 * Sync, nobody else's message may run, or it runs inside that client's transaction (a worker's ROLLBACK would undo
 * a token the CLI was told was created; the CLI's COMMIT would commit half a worker batch). ElectricSQL's
 * `@electric-sql/pglite-socket` (0.2.17, read for this) takes turns per wire message under PGlite's query mutex,
 * keeping an explicit transaction's turns with its connection only through `isInTransaction()`; but this process's
 * own queries go through PGlite's node-postgres adapter, which sends its messages without that mutex, so they would
 * interleave with a CLI's transaction, and a Parse…Sync of one client can be split by another's. It also brings
 * seven PGlite extension packages as dependencies. So this file keeps one rule for everybody, in ~200 lines:
 * the `SessionGate` below, held by this process's connection and by each socket client alike, at transaction
 * granularity. A client that holds the session and says nothing for `holdLimitMs` is rolled back and cut off,
 * so a stopped `vigie` (Ctrl-Z) cannot freeze the wall.
 *
 * Access: the socket lives in `<data>/run/`, a directory of this process's user with mode 0700, and is 0600
 * itself: only that user (and root) can connect. Nothing listens on TCP. The CLI checks those modes and owners
 * before it connects (`checkChannel`), so it never speaks to a socket someone else could have put there.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Logger } from '../log.ts';

/** `pg` reaches a Unix socket as `<host directory>/.s.PGSQL.<port>`, the PostgreSQL convention. */
export const CHANNEL_PORT = 5432;
const CHANNEL_DIR = 'run';
const SOCKET_NAME = `.s.PGSQL.${CHANNEL_PORT}`;

/** The directory a client gives `pg` as its host, and the socket in it. */
export function channelPaths(dataDir: string): { dir: string; socket: string } {
	const dir = path.join(dataDir, CHANNEL_DIR);
	return { dir, socket: path.join(dir, SOCKET_NAME) };
}

/** Wire-protocol codes of the untyped first messages, and the few messages this file writes itself. */
const PROTOCOL_3 = 196_608;
const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;
const CANCEL_REQUEST = 80_877_102;
const READY_FOR_QUERY = 0x5a; // 'Z'
const TERMINATE = 0x58; // 'X'
const SYNC = Uint8Array.of(0x53, 0, 0, 0, 4);
/** Far above any statement Vigie sends (an ingest batch is a few hundred kilobytes); a runaway is cut off. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** A client holding the session (inside a transaction, or between Parse and Sync) that says nothing this long. */
export const DEFAULT_HOLD_LIMIT_MS = 15_000;

function simpleQuery(text: string): Uint8Array {
	const body = Buffer.from(`${text}\0`, 'utf8');
	const message = Buffer.alloc(5 + body.length);
	message[0] = 0x51; // 'Q'
	message.writeInt32BE(4 + body.length, 1);
	body.copy(message, 5);
	return message;
}

/**
 * The transaction status of the last ReadyForQuery in a backend's output: 'I' idle, 'T' in a transaction, 'E' in
 * a failed one; `null` when the output has none (a Parse's ParseComplete: the exchange goes on).
 */
export function readyStatus(output: Uint8Array): 'I' | 'T' | 'E' | null {
	const view = new DataView(output.buffer, output.byteOffset, output.byteLength);
	let status: 'I' | 'T' | 'E' | null = null;
	for (let at = 0; at + 5 <= output.length;) {
		const length = view.getInt32(at + 1);
		if (output[at] === READY_FOR_QUERY && length === 5 && at + 5 < output.length) {
			status = String.fromCharCode(output[at + 5]!) as 'I' | 'T' | 'E';
		}
		if (length < 4) break;
		at += 1 + length;
	}
	return status;
}

/**
 * Who has PGlite's one session: a holder keeps it from its first message until the session is idle again.
 * NOTE: it is PGlite's own query mutex (`runExclusive`), held for the holder's whole turn, so that PGlite's
 * direct calls (`listen`, `query`) queue behind it too; turns are granted first come, first served.
 */
export class SessionGate {
	readonly #pglite: PGlite;
	#holder: object | null = null;
	#release: (() => void) | null = null;

	constructor(pglite: PGlite) {
		this.#pglite = pglite;
	}

	holds(holder: object): boolean {
		return this.#holder === holder;
	}

	/** Resolves once `holder` has the session (at once when it has it already). */
	async enter(holder: object): Promise<void> {
		if (this.#holder === holder) return;
		await new Promise<void>((entered, failed) => {
			this.#pglite
				.runExclusive(
					() =>
						new Promise<void>((release) => {
							this.#holder = holder;
							this.#release = release;
							entered();
						})
				)
				.catch(failed);
		});
	}

	leave(holder: object): void {
		if (this.#holder !== holder) return;
		const release = this.#release;
		this.#holder = null;
		this.#release = null;
		release?.();
	}
}

/**
 * PGlite as this process's node-postgres adapter must see it: every message it sends waits for the session,
 * and the session is given back when PGlite answers that it is idle.
 */
export function gatedForThisProcess(pglite: PGlite, gate: SessionGate): PGlite {
	const holder = { holder: 'this process' };
	const execProtocolStream: PGlite['execProtocolStream'] = async (message, options) => {
		await gate.enter(holder);
		try {
			const results = await pglite.execProtocolStream(message, options);
			const ready = results.findLast((m) => m.name === 'readyForQuery') as { status?: string } | undefined;
			if (ready?.status === 'I') gate.leave(holder);
			return results;
		} catch (error) {
			// PGlite itself failed (not a statement: those come back as messages); never keep the session.
			gate.leave(holder);
			throw error;
		}
	};
	return new Proxy(pglite, {
		get(target, property) {
			if (property === 'execProtocolStream') return execProtocolStream;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}

/** One connection of the command line: its messages run in order, each turn under the gate. */
class ChannelClient {
	readonly #socket: net.Socket;
	readonly #pglite: PGlite;
	readonly #gate: SessionGate;
	readonly #log: Logger;
	readonly #holdLimitMs: number;
	#buffer: Buffer = Buffer.alloc(0);
	#started = false;
	#closed = false;
	#turns: Promise<void> = Promise.resolve();
	#holdTimer: NodeJS.Timeout | undefined;
	readonly ended: Promise<void>;

	constructor(socket: net.Socket, pglite: PGlite, gate: SessionGate, log: Logger, holdLimitMs: number) {
		this.#socket = socket;
		this.#pglite = pglite;
		this.#gate = gate;
		this.#log = log;
		this.#holdLimitMs = holdLimitMs;
		socket.on('data', (chunk: Buffer) => this.#receive(chunk));
		socket.on('error', () => {}); // a client going away mid-answer: 'close' follows and cleans up
		this.ended = new Promise((resolve) => socket.once('close', () => resolve(this.#end())));
	}

	destroy(): void {
		this.#socket.destroy();
	}

	#receive(chunk: Buffer): void {
		this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
		for (;;) {
			const header = this.#started ? 5 : 8;
			if (this.#buffer.length < header) return;
			const length = this.#started ? 1 + this.#buffer.readInt32BE(1) : this.#buffer.readInt32BE(0);
			if (length < header || length > MAX_MESSAGE_BYTES) {
				this.#log.warn({ length }, 'local channel: malformed message, connection closed');
				this.#socket.destroy();
				return;
			}
			if (this.#buffer.length < length) return;
			const message = this.#buffer.subarray(0, length);
			this.#buffer = this.#buffer.subarray(length);
			const typed = this.#started;
			if (!typed && message.readInt32BE(4) === PROTOCOL_3) this.#started = true;
			this.#turns = this.#turns.then(() => this.#handle(message, typed)).catch((error: unknown) => this.#fail(error));
		}
	}

	async #handle(message: Buffer, typed: boolean): Promise<void> {
		if (this.#closed) return;
		if (!typed) {
			const code = message.readInt32BE(4);
			if (code === SSL_REQUEST || code === GSSENC_REQUEST)
				this.#socket.write('N'); // a Unix socket needs no TLS
			else if (code === PROTOCOL_3) {
				await this.#run(message);
				this.#log.debug('local channel: a command connected');
			} else this.#socket.destroy(); // a cancel request (PGlite cannot cancel), or not PostgreSQL at all
			return;
		}
		if (message[0] === TERMINATE) return void this.#socket.end();
		await this.#run(message);
	}

	async #run(message: Uint8Array): Promise<void> {
		clearTimeout(this.#holdTimer);
		await this.#gate.enter(this);
		if (this.#closed) return this.#giveBack(); // gone while it waited for its turn
		const output = await this.#pglite.execProtocolRaw(message);
		if (output.length > 0 && this.#socket.writable) this.#socket.write(output);
		if (readyStatus(output) === 'I') this.#gate.leave(this);
		else this.#holdTimer = setTimeout(() => this.#abandon(), this.#holdLimitMs);
	}

	#abandon(): void {
		this.#log.warn(
			{ holdLimitMs: this.#holdLimitMs },
			'local channel: a command held the embedded database without a word; its transaction is rolled back'
		);
		this.#socket.destroy();
	}

	#fail(error: unknown): void {
		this.#log.error({ err: error }, 'local channel: the embedded database failed a command’s message');
		this.#socket.destroy();
	}

	/** The connection is gone: its session, if it held it, goes back clean (no transaction, no half exchange). */
	async #end(): Promise<void> {
		this.#closed = true;
		clearTimeout(this.#holdTimer);
		this.#turns = this.#turns.then(() => this.#giveBack()).catch((error: unknown) => this.#fail(error));
		await this.#turns;
	}

	async #giveBack(): Promise<void> {
		if (!this.#gate.holds(this)) return;
		try {
			// Sync ends an extended-protocol exchange left half done; ROLLBACK ends a transaction left open.
			if (readyStatus(await this.#pglite.execProtocolRaw(SYNC)) !== 'I') {
				await this.#pglite.execProtocolRaw(simpleQuery('ROLLBACK'));
			}
		} finally {
			this.#gate.leave(this);
		}
	}
}

export interface EmbeddedChannel {
	socket: string;
	close(): Promise<void>;
}

/**
 * Serves PGlite on `<data>/run/.s.PGSQL.5432` for this user only. Called by the process that holds the data
 * directory's lock, so a socket left there by a crash is nobody's and is replaced.
 */
export async function serveEmbeddedChannel(options: {
	pglite: PGlite;
	gate: SessionGate;
	dataDir: string;
	log: Logger;
	holdLimitMs?: number;
}): Promise<EmbeddedChannel> {
	const { pglite, gate, dataDir, log } = options;
	const { dir, socket } = channelPaths(dataDir);
	try {
		fs.mkdirSync(dir, { mode: 0o700 });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
	const stat = fs.lstatSync(dir);
	if (!stat.isDirectory() || stat.uid !== process.getuid!()) {
		throw new Error(
			`${dir} must be a directory of this process's user (uid ${process.getuid!()}), for the command line's local ` +
				'channel; remove it and start again'
		);
	}
	fs.chmodSync(dir, 0o700);
	fs.rmSync(socket, { force: true });
	const clients = new Set<ChannelClient>();
	const server = net.createServer((connection) => {
		const client = new ChannelClient(connection, pglite, gate, log, options.holdLimitMs ?? DEFAULT_HOLD_LIMIT_MS);
		clients.add(client);
		void client.ended.then(() => clients.delete(client));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(socket, () => {
			server.off('error', reject);
			resolve();
		});
	});
	fs.chmodSync(socket, 0o600);
	log.info({ socket }, 'local channel for the command line');
	return {
		socket,
		async close() {
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			const ended = [...clients].map((client) => client.ended);
			for (const client of clients) client.destroy();
			await Promise.all([closed, ...ended]);
			fs.rmSync(socket, { force: true });
		}
	};
}

/** Why the command line cannot use the running server's channel, in the operator's words. */
export class EmbeddedChannelError extends Error {}

/**
 * What the command line checks before it connects: the channel's directory and socket are the service user's and
 * nobody else's (it would otherwise send passwords and tokens to whoever put a socket there).
 * Returns the directory to give `pg` as its host.
 */
export function checkChannel(dataDir: string, holder: number): string {
	const { dir, socket } = channelPaths(dataDir);
	const held = heldBy(dataDir, holder);
	let dirStat: fs.Stats;
	let socketStat: fs.Stats;
	try {
		dirStat = fs.lstatSync(dir);
		socketStat = fs.lstatSync(socket);
	} catch (error) {
		throw channelFailure(error, held, socket);
	}
	const owner = fs.statSync(dataDir).uid;
	if (!dirStat.isDirectory() || dirStat.mode & 0o077 || dirStat.uid !== owner || socketStat.uid !== owner) {
		const mode = (dirStat.mode & 0o777).toString(8).padStart(4, '0');
		throw new EmbeddedChannelError(
			`le canal local de ${dataDir} (${dir}) est accessible à d'autres utilisateurs (droits ${mode}) ou n'appartient ` +
				"pas à l'utilisateur du service : commande refusée. Redémarrez le serveur Vigie, qui le recrée avec les " +
				'bons droits (0700).'
		);
	}
	if (!socketStat.isSocket()) throw channelFailure({ code: 'ENOENT' }, held, socket);
	return dir;
}

/** The start of every refusal: whose the embedded database is. */
export const heldBy = (dataDir: string, holder: number) =>
	`la base embarquée de ${dataDir} est ouverte par le processus ${holder}`;

/** A connection's failure (missing, refused, forbidden) in French words, without a stack. */
export function channelFailure(error: unknown, held: string, socket: string): EmbeddedChannelError {
	const code = (error as NodeJS.ErrnoException | null)?.code;
	if (code === 'ENOENT') {
		return new EmbeddedChannelError(
			`${held}, mais son canal local (${socket}) est absent : ce processus n'en ouvre pas (une autre commande ` +
				"vigie en cours, ou un serveur d'une version antérieure) ou il a été supprimé. Attendez la fin de cette " +
				'commande, ou redémarrez le serveur Vigie.'
		);
	}
	if (code === 'EACCES' || code === 'EPERM') {
		return new EmbeddedChannelError(
			`${held} ; son canal local (${socket}) vous est fermé : il faut les droits de l'utilisateur du service ` +
				'Vigie (ou root). Lancez la commande sous cet utilisateur.'
		);
	}
	const why = error instanceof Error ? error.message : String(code ?? error);
	return new EmbeddedChannelError(
		`${held}, mais son canal local (${socket}) refuse la connexion (${why}) : le serveur s'arrête ou ne répond ` +
			'plus. Réessayez dans un instant, ou redémarrez le serveur Vigie.'
	);
}

/**
 * A connection to the server's channel lost during a command (the server stopped, or cut off a command silent
 * too long), in the operator's words; `null` for any other failure.
 */
export function channelLost(error: unknown, held: string): EmbeddedChannelError | null {
	// A wrapped failure (`migration failed: …`) is judged by what it wraps.
	if (error instanceof Error && error.cause !== undefined) {
		const wrapped = channelLost(error.cause, held);
		if (wrapped) return wrapped;
	}
	const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
	const message = error instanceof Error ? error.message : '';
	// Only the socket's own failures: an ENOENT of `--out` is no loss of the channel (and `export | head`'s EPIPE
	// ends the export quietly before it gets here).
	const lost =
		(syscall === 'connect' && (code === 'ENOENT' || code === 'ECONNREFUSED')) ||
		code === 'ECONNRESET' ||
		(syscall === 'write' && code === 'EPIPE') ||
		/^Connection terminated|not queryable/.test(message);
	if (!lost) return null;
	return new EmbeddedChannelError(
		`${held} ; la connexion par son canal local s'est rompue pendant la commande (${message || code}) : le serveur ` +
			"s'est arrêté, ou a coupé une commande restée muette plus de 15 s. La commande n'a pas abouti (ce qu'elle " +
			'écrivait dans une transaction est annulé) ; relancez-la.'
	);
}

/** How often a command holding the session says a word, well within `DEFAULT_HOLD_LIMIT_MS`. */
const KEEP_HOLDING_EVERY_MS = 3_000;

/**
 * Runs `work` while this command holds the running server's one PGlite session through its channel: the server
 * executes nothing meanwhile, so the data directory's files do not change (PGlite has no background writer).
 * A CHECKPOINT first writes every change into the data files. The server's requests wait for the hold's length.
 * NOTE: what `vigie backup` of the embedded database needs beside a running server: a copy of files nothing
 * writes, as when Vigie is stopped, without stopping the wall.
 */
export async function whileHoldingSession<T>(dataDir: string, holder: number, work: () => Promise<T>): Promise<T> {
	const pg = (await import('pg')).default;
	const host = checkChannel(dataDir, holder);
	const client = new pg.Client({ host, port: CHANNEL_PORT, user: 'postgres', database: 'postgres' });
	client.on('error', () => {}); // the next query reports it
	try {
		await client.connect();
	} catch (error) {
		throw channelFailure(error, heldBy(dataDir, holder), channelPaths(dataDir).socket);
	}
	try {
		// BEGIN keeps the session (ReadyForQuery 'T'); CHECKPOINT inside it flushes what the server wrote before.
		await client.query('BEGIN');
		await client.query('CHECKPOINT');
		let lost: unknown = null;
		const keepHolding = setInterval(
			() => void client.query('SELECT 1').catch((error: unknown) => (lost ??= error)),
			KEEP_HOLDING_EVERY_MS
		);
		let result: T;
		try {
			result = await work();
		} finally {
			clearInterval(keepHolding);
		}
		// The hold must have lasted the whole work: a session given back half-way (cut off, server stopped) means the
		// server may have written meanwhile, and what `work` read is not one instant.
		try {
			await client.query('ROLLBACK');
		} catch (error) {
			lost ??= error;
		}
		if (lost) {
			throw new EmbeddedChannelError(
				`le serveur a repris la main sur la base embarquée pendant l'opération (${lost instanceof Error ? lost.message : String(lost)}) : ` +
					'son résultat ne vaut rien, recommencez'
			);
		}
		return result;
	} finally {
		await client.end().catch(() => {});
	}
}
