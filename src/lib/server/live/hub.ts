import type { WebSocket } from 'ws';
import { HEARTBEAT_INTERVAL_MS, PROTOCOL_VERSION, type QueueFigures, type ServerMessage } from '../../protocol.ts';
import type { VigieDatabase } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { CHANGES_CHANNEL } from '../worker/apply-batch.ts';
import { readQueueFigures } from './queue-figures.ts';

/** At most one broadcast per this many milliseconds: bursts of batches become one message per screen. */
const MIN_BROADCAST_GAP_MS = 150;
/** A screen that does not read its socket is cut off past this much unsent data, before it costs memory. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * The live fan-out of one web process: it reads the figures once per change (whatever the number of screens)
 * and pushes what changed to every connected screen.
 */
export class LiveHub {
	readonly #database: VigieDatabase;
	readonly #log: Logger;
	/** Each screen, with whether it answered the last ping. */
	readonly #clients = new Map<WebSocket, { answeredPing: boolean }>();
	#figures = new Map<string, QueueFigures>();
	#unlisten: (() => Promise<void>) | null = null;
	#heartbeat: NodeJS.Timeout | undefined;
	#refreshTimer: NodeJS.Timeout | undefined;
	#refreshing: Promise<void> | null = null;
	#dirty = false;
	#lastRefreshAt = 0;

	constructor(database: VigieDatabase, log: Logger) {
		this.#database = database;
		this.#log = log;
	}

	async start(): Promise<void> {
		this.#unlisten = await this.#database.listen(CHANGES_CHANNEL, () => this.scheduleRefresh());
		await this.#refresh();
		this.#heartbeat = setInterval(() => this.#beat(), HEARTBEAT_INTERVAL_MS);
	}

	get clientCount(): number {
		return this.#clients.size;
	}

	/** Takes a freshly upgraded screen: greets it, sends every figure, then keeps it in the fan-out. */
	attach(socket: WebSocket): void {
		const client = { answeredPing: true };
		this.#clients.set(socket, client);
		socket.on('pong', () => (client.answeredPing = true));
		socket.on('close', () => this.#clients.delete(socket));
		socket.on('error', () => socket.terminate());
		// Screens only listen; anything they send is a broken or foreign client.
		socket.on('message', () => socket.close(1008, 'this endpoint accepts no messages'));
		this.#send(socket, { type: 'hello', protocol: PROTOCOL_VERSION, serverTime: new Date().toISOString() });
		this.#send(socket, { type: 'snapshot', queues: [...this.#figures.values()] });
	}

	/** Asks for fresh figures; calls close together are served by one query and one message. */
	scheduleRefresh(): void {
		if (this.#refreshing) {
			this.#dirty = true;
			return;
		}
		if (this.#refreshTimer) return;
		const wait = Math.max(0, this.#lastRefreshAt + MIN_BROADCAST_GAP_MS - Date.now());
		this.#refreshTimer = setTimeout(() => {
			this.#refreshTimer = undefined;
			this.#refresh().catch((error) => this.#log.error({ err: error }, 'live: could not read the figures'));
		}, wait);
	}

	async stop(): Promise<void> {
		clearInterval(this.#heartbeat);
		clearTimeout(this.#refreshTimer);
		await this.#unlisten?.();
		for (const socket of this.#clients.keys()) socket.close(1001, 'server shutting down');
		await this.#refreshing;
	}

	async #refresh(): Promise<void> {
		this.#dirty = false;
		this.#lastRefreshAt = Date.now();
		this.#refreshing = (async () => {
			const figures = await readQueueFigures(this.#database.db);
			const changed = figures.filter((f) => {
				const before = this.#figures.get(f.queue);
				return !before || before.waiting !== f.waiting;
			});
			this.#figures = new Map(figures.map((f) => [f.queue, f]));
			if (changed.length > 0) this.#broadcast({ type: 'queues', queues: changed });
		})();
		try {
			await this.#refreshing;
		} finally {
			this.#refreshing = null;
			if (this.#dirty) this.scheduleRefresh();
		}
	}

	#broadcast(message: ServerMessage): void {
		const text = JSON.stringify(message);
		for (const socket of this.#clients.keys()) this.#sendText(socket, text);
	}

	#send(socket: WebSocket, message: ServerMessage): void {
		this.#sendText(socket, JSON.stringify(message));
	}

	#sendText(socket: WebSocket, text: string): void {
		if (socket.readyState !== socket.OPEN) return;
		if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
			this.#log.warn('live: dropping a screen that does not read its messages');
			socket.terminate();
			return;
		}
		socket.send(text);
	}

	/** The heartbeat message tells screens the link lives; the ping finds screens that vanished without closing. */
	#beat(): void {
		for (const [socket, client] of this.#clients) {
			if (!client.answeredPing) {
				socket.terminate();
				continue;
			}
			client.answeredPing = false;
			socket.ping();
		}
		this.#broadcast({ type: 'heartbeat', serverTime: new Date().toISOString() });
	}
}
