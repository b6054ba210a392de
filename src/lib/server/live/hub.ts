import type { WebSocket } from 'ws';
import { CLOSE_CODES, HEARTBEAT_INTERVAL_MS, PROTOCOL_VERSION, type ServerMessage } from '../../protocol.ts';
import { DEFAULT_MAX_STATE_H, DEFAULT_MAX_WAIT_H } from '../../domain/live-bounds.ts';
import type { Config } from '../config.ts';
import type { VigieDatabase } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { LiveFeed, type LiveFeedConfig, type QueueSnapshotSource } from './live-feed.ts';
import { RefreshScheduler, systemClock, type Clock, type RefreshPace } from './refresh-scheduler.ts';
import { changesFor, nothingChanged, type FigureChanges } from './screen-diff.ts';
import { ReplaySession } from './replay-session.ts';
import type { Replay } from '../../domain/replay.ts';

/**
 * Figures older than this mean the server cannot read them (the database is down): heartbeats stop, so that the
 * screens declare themselves stale rather than show frozen figures as live. Healthy, they are re-read at least
 * every idle refresh.
 */
const STALE_READ_GRACE_MS = 2000;
/** A screen that does not read its socket is cut off past this much unsent data, before it costs memory. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

interface Client {
	screen: string;
	answeredPing: boolean;
	/** A screen replaying a past instant: it gets its own figures, never the live ones. */
	replay: ReplaySession | null;
}

export interface LiveHubOptions {
	clock?: Clock;
	pace?: Partial<RefreshPace>;
	/** Second producers of queue figures (Cisco RTSS), asked at each reading. */
	snapshotSources?: QueueSnapshotSource[];
	/** The installed build, told to each screen in its greeting: one served by another build reloads itself. */
	build?: string | null;
}

/**
 * The live fan-out of one web process. It keeps the screens' sockets and nothing else: the feed reads the figures
 * once per change for every screen, the scheduler says when, the diff says what each screen is sent.
 */
export class LiveHub {
	readonly #log: Logger;
	readonly #feed: LiveFeed;
	readonly #scheduler: RefreshScheduler;
	readonly #clock: Clock;
	readonly #freshForMs: number;
	readonly #clients = new Map<WebSocket, Client>();
	/** Screens attached before their screen was known here (created a moment ago in another process). */
	readonly #awaitingSnapshot = new Set<WebSocket>();
	#heartbeat: unknown = null;
	#lastGoodReadAt = 0;
	#stopped = false;
	readonly #build: string | null;
	readonly #database: VigieDatabase;
	readonly #feedConfig: LiveFeedConfig;

	constructor(
		database: VigieDatabase,
		log: Logger,
		config: Pick<Config, 'timezone' | 'dayStartMinutes'> &
			Partial<Pick<Config, 'liveMaxReadsPerSecond' | 'maxWaitHours' | 'maxStateHours'>>,
		options: LiveHubOptions = {}
	) {
		this.#log = log;
		this.#clock = options.clock ?? systemClock;
		this.#build = options.build ?? null;
		this.#database = database;
		this.#feedConfig = {
			timezone: config.timezone,
			dayStartMinutes: config.dayStartMinutes,
			maxWaitHours: config.maxWaitHours ?? DEFAULT_MAX_WAIT_H,
			maxStateHours: config.maxStateHours ?? DEFAULT_MAX_STATE_H
		};
		this.#feed = new LiveFeed(database, this.#feedConfig, options.snapshotSources);
		const pace: Partial<RefreshPace> = {
			...(config.liveMaxReadsPerSecond !== undefined && { maxReadsPerSecond: config.liveMaxReadsPerSecond }),
			...options.pace
		};
		this.#scheduler = new RefreshScheduler(() => this.#readAndPush(), {
			clock: this.#clock,
			pace,
			onError: (error) => {
				this.#log.error({ err: error }, 'live: could not read the figures');
				// The figures shown can no longer be vouched for: heartbeats stop at once, rather than once the last
				// good read has aged, so that screens turn stale within the contract's 10 s of the database going.
				this.#lastGoodReadAt = Number.NEGATIVE_INFINITY;
			}
		});
		this.#freshForMs = (pace.idleRefreshMs ?? 5000) + STALE_READ_GRACE_MS;
	}

	async start(): Promise<void> {
		await this.#feed.listen(() => this.#scheduler.request());
		try {
			await this.#scheduler.readNow();
		} catch (error) {
			// A hub that cannot start leaves no timer behind.
			await this.stop();
			throw error;
		}
		this.#scheduleBeat();
	}

	get clientCount(): number {
		return this.#clients.size;
	}

	/**
	 * Takes a freshly upgraded screen: greets it, sends all it shows, then keeps it in the fan-out. Given a replay
	 * (contract §3), the screen gets that past instant's figures instead, moving at its speed, and heartbeats.
	 */
	attach(socket: WebSocket, screen: string, replay: Replay | null = null): void {
		const client: Client = { screen, answeredPing: true, replay: null };
		this.#clients.set(socket, client);
		socket.on('pong', () => (client.answeredPing = true));
		socket.on('close', () => {
			client.replay?.stop();
			this.#clients.delete(socket);
			this.#awaitingSnapshot.delete(socket);
		});
		socket.on('error', () => socket.terminate());
		// Screens only listen; anything they send is a broken or foreign client.
		socket.on('message', () => socket.close(CLOSE_CODES.policyViolation, 'this endpoint accepts no messages'));
		const now = new Date(this.#clock.now());
		this.#send(socket, {
			type: 'hello',
			protocol: PROTOCOL_VERSION,
			serverTime: now.toISOString(),
			...(this.#build !== null && { build: this.#build })
		});
		if (replay !== null) {
			client.replay = new ReplaySession(
				{
					database: this.#database,
					feed: this.#feed,
					config: this.#feedConfig,
					clock: this.#clock,
					log: this.#log,
					send: (message) => this.#send(socket, message),
					screenGone: () => socket.close(CLOSE_CODES.screenGone, 'there is no such screen'),
					refreshConfig: () => {
						this.#feed.configMayHaveChanged();
						this.#scheduler.request();
					}
				},
				screen,
				replay
			);
			client.replay.start();
		} else if (this.#feed.hasScreen(screen)) {
			this.#sendText(socket, JSON.stringify(this.#feed.snapshotOf(screen, now)));
		} else {
			this.#awaitingSnapshot.add(socket);
			this.#feed.configMayHaveChanged();
			this.#scheduler.request();
		}
	}

	/** Asks for fresh figures; calls close together are served by one query and one message. */
	scheduleRefresh(): void {
		this.#scheduler.request();
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		this.#clock.clearTimeout(this.#heartbeat);
		this.#heartbeat = null;
		await this.#scheduler.stop();
		await this.#feed.stop();
		for (const [socket, client] of this.#clients) {
			client.replay?.stop();
			socket.close(CLOSE_CODES.goingAway, 'server shutting down');
		}
	}

	async #readAndPush(): Promise<void> {
		const now = new Date(this.#clock.now());
		const started = performance.now();
		const reading = await this.#feed.read(now);
		const read = performance.now();
		const sent = reading.kind === 'picture' ? this.#pushSnapshots(now) : this.#pushChanges(reading.changes, now);
		this.#lastGoodReadAt = this.#clock.now();
		this.#log.debug(
			{
				readMs: Math.round(read - started),
				pushMs: Math.round(performance.now() - read),
				screens: this.#clients.size,
				sent
			},
			'live: figures pushed'
		);
	}

	/** After a change of configuration or of day: every screen starts again from a full picture. */
	#pushSnapshots(now: Date): boolean {
		this.#awaitingSnapshot.clear();
		const texts = new Map<string, string>();
		let sent = false;
		for (const [socket, client] of this.#clients) {
			if (!this.#feed.hasScreen(client.screen)) {
				socket.close(CLOSE_CODES.screenGone, 'this screen no longer exists');
				continue;
			}
			if (client.replay) continue;
			let text = texts.get(client.screen);
			if (text === undefined) {
				text = JSON.stringify(this.#feed.snapshotOf(client.screen, now));
				texts.set(client.screen, text);
			}
			this.#sendText(socket, text);
			sent = true;
		}
		return sent;
	}

	/** What changed, each screen getting only its queues' share; serialised once per screen, not per client. */
	#pushChanges(changes: FigureChanges, now: Date): boolean {
		if (nothingChanged(changes) && this.#awaitingSnapshot.size === 0) return false;
		const textByScreen = new Map<string, string | null>();
		const textOf = (screen: string): string | null => {
			let text = textByScreen.get(screen);
			if (text === undefined) {
				const message = changesFor(this.#feed.selectionOf(screen), changes, this.#feed.figures);
				text = message === null ? null : JSON.stringify(message);
				textByScreen.set(screen, text);
			}
			return text;
		};
		let sent = false;
		for (const [socket, client] of this.#clients) {
			if (client.replay) continue;
			if (this.#awaitingSnapshot.delete(socket)) {
				if (this.#feed.hasScreen(client.screen)) {
					this.#sendText(socket, JSON.stringify(this.#feed.snapshotOf(client.screen, now)));
					sent = true;
				} else socket.close(CLOSE_CODES.screenGone, 'there is no such screen');
				continue;
			}
			const text = textOf(client.screen);
			if (text !== null) {
				this.#sendText(socket, text);
				sent = true;
			}
		}
		return sent;
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

	#scheduleBeat(): void {
		this.#heartbeat = this.#clock.setTimeout(() => {
			if (this.#stopped) return;
			this.#beat();
			this.#scheduleBeat();
		}, HEARTBEAT_INTERVAL_MS);
	}

	/**
	 * The heartbeat message tells screens that the link lives and the figures are current; the ping finds screens
	 * that vanished without closing.
	 */
	#beat(): void {
		for (const [socket, client] of this.#clients) {
			if (!client.answeredPing) {
				socket.terminate();
				continue;
			}
			client.answeredPing = false;
			socket.ping();
		}
		if (this.#clock.now() - this.#lastGoodReadAt < this.#freshForMs) {
			const text = JSON.stringify({
				type: 'heartbeat',
				serverTime: new Date(this.#clock.now()).toISOString()
			} satisfies ServerMessage);
			for (const socket of this.#clients.keys()) this.#sendText(socket, text);
		}
	}
}
