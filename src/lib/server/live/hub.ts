import type { WebSocket } from 'ws';
import { businessDayOf, type BusinessDay } from '../../domain/business-day.ts';
import {
	HEARTBEAT_INTERVAL_MS,
	PROTOCOL_VERSION,
	type AgentFigures,
	type IntervalFigures,
	type QueueFigures,
	type ScreenView,
	type ServerMessage
} from '../../protocol.ts';
import type { Config } from '../config.ts';
import type { VigieDatabase } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { CHANGES_CHANNEL } from '../worker/apply-batch.ts';
import { readAgentFigures } from './agent-figures.ts';
import { buildQueueFigures } from './live-figures.ts';
import { readQueuesNow, readTodayIntervals } from './queue-figures.ts';
import { readQueueThresholds, type QueueThresholds } from './queue-thresholds.ts';
import { CONFIG_CHANGED, queuesShownBy, readScreens, screensShownBy } from './screens.ts';
import { activeTickerTexts, readCurrentTickerMessages, type TickerMessage } from './ticker.ts';

/** At most one broadcast per this many milliseconds: bursts of batches become one message per screen. */
const MIN_BROADCAST_GAP_MS = 150;
/**
 * A read that found nothing to send holds the next one back only this long. NOTE: counting the broadcast gap
 * from such reads held the change right after a silent periodic read for up to a whole gap, the tail of the
 * event-to-screen latency; this still bounds the reads when notifications change nothing any screen shows.
 */
const MIN_READ_GAP_MS = 50;
/**
 * Figures also move with time alone (a waiting call passing the service-level threshold, the day rolling over,
 * a ticker message expiring): the figures are read again at least this often, once for every screen. Counted
 * from the last read, so a busy desk's reads serve for it and no extra read competes with its changes.
 */
const TIME_REFRESH_MS = 5000;
/**
 * Figures older than this mean the server cannot read them (the database is down): heartbeats stop, so that the
 * screens declare themselves stale rather than show frozen figures as live. Healthy, they are re-read every
 * TIME_REFRESH_MS at least.
 */
const FRESH_FOR_MS = TIME_REFRESH_MS + 2000;
/** A screen that does not read its socket is cut off past this much unsent data, before it costs memory. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

interface Client {
	screen: string;
	answeredPing: boolean;
}

/** The screens' configuration: changes rarely, read again on a `config` notification. */
interface ScreensConfig {
	screens: Map<string, ScreenView>;
	thresholds: Map<string, QueueThresholds>;
	ticker: TickerMessage[];
}

/** Every figure of every queue, read once for all screens. */
interface Figures {
	day: BusinessDay;
	queues: Map<string, QueueFigures>;
	agents: Map<string, AgentFigures>;
	intervals: Map<string, IntervalFigures>;
}

const intervalKey = (row: IntervalFigures) => `${row.queue}\u0000${row.periodStart}`;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Whether a screen showing `queues` (null: every queue) shows this agent. */
function showsAgent(queues: Set<string> | null, agent: AgentFigures): boolean {
	if (queues === null) return true;
	return (agent.queues ?? []).some((q) => queues.has(q));
}

/**
 * The live fan-out of one web process: it reads the figures once per change (whatever the number of screens),
 * and pushes to each screen what changed among its own queues.
 */
export class LiveHub {
	readonly #database: VigieDatabase;
	readonly #log: Logger;
	readonly #config: Pick<Config, 'timezone' | 'dayStartMinutes'>;
	readonly #clients = new Map<WebSocket, Client>();
	/** Screens attached before their screen was known here (created a moment ago in another process). */
	readonly #awaitingSnapshot = new Set<WebSocket>();
	#screens: ScreensConfig = { screens: new Map(), thresholds: new Map(), ticker: [] };
	#figures: Figures = {
		day: { start: new Date(0), end: new Date(0) },
		queues: new Map(),
		agents: new Map(),
		intervals: new Map()
	};
	#tickerShown = '';
	#configDirty = true;
	#unlisten: (() => Promise<void>) | null = null;
	#heartbeat: NodeJS.Timeout | undefined;
	#timeRefresh: NodeJS.Timeout | undefined;
	#stopped = false;
	#refreshTimer: NodeJS.Timeout | undefined;
	#refreshing: Promise<unknown> | null = null;
	#lastGoodReadAt = 0;
	#dirty = false;
	#lastReadAt = 0;
	/** When the last read that sent screens a message started. */
	#lastBroadcastAt = 0;

	constructor(database: VigieDatabase, log: Logger, config: Pick<Config, 'timezone' | 'dayStartMinutes'>) {
		this.#database = database;
		this.#log = log;
		this.#config = config;
	}

	async start(): Promise<void> {
		this.#unlisten = await this.#database.listen(CHANGES_CHANNEL, (payload) => {
			// `null` follows a reconnection: notifications may have been lost, configuration changes included.
			if (payload === CONFIG_CHANGED || payload === null) this.#configDirty = true;
			this.scheduleRefresh();
		});
		try {
			await this.#refresh();
		} catch (error) {
			// A hub that cannot start leaves no timer behind.
			await this.stop();
			throw error;
		}
		this.#heartbeat = setInterval(() => this.#beat(), HEARTBEAT_INTERVAL_MS);
	}

	get clientCount(): number {
		return this.#clients.size;
	}

	/** Takes a freshly upgraded screen: greets it, sends all it shows, then keeps it in the fan-out. */
	attach(socket: WebSocket, screen: string): void {
		const client: Client = { screen, answeredPing: true };
		this.#clients.set(socket, client);
		socket.on('pong', () => (client.answeredPing = true));
		socket.on('close', () => {
			this.#clients.delete(socket);
			this.#awaitingSnapshot.delete(socket);
		});
		socket.on('error', () => socket.terminate());
		// Screens only listen; anything they send is a broken or foreign client.
		socket.on('message', () => socket.close(1008, 'this endpoint accepts no messages'));
		this.#send(socket, { type: 'hello', protocol: PROTOCOL_VERSION, serverTime: new Date().toISOString() });
		if (this.#screens.screens.has(screen)) {
			this.#sendText(socket, JSON.stringify(this.#snapshotOf(screen, new Date())));
		} else {
			this.#awaitingSnapshot.add(socket);
			this.#configDirty = true;
			this.scheduleRefresh();
		}
	}

	/** Asks for fresh figures; calls close together are served by one query and one message. */
	scheduleRefresh(): void {
		if (this.#stopped) return;
		if (this.#refreshing) {
			this.#dirty = true;
			return;
		}
		if (this.#refreshTimer) return;
		const wait = Math.max(
			0,
			this.#lastReadAt + MIN_READ_GAP_MS - Date.now(),
			this.#lastBroadcastAt + MIN_BROADCAST_GAP_MS - Date.now()
		);
		this.#refreshTimer = setTimeout(() => {
			this.#refreshTimer = undefined;
			this.#refresh().catch((error) => this.#log.error({ err: error }, 'live: could not read the figures'));
		}, wait);
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		clearInterval(this.#heartbeat);
		clearTimeout(this.#timeRefresh);
		clearTimeout(this.#refreshTimer);
		await this.#unlisten?.();
		for (const socket of this.#clients.keys()) socket.close(1001, 'server shutting down');
		await this.#refreshing;
	}

	async #refresh(): Promise<void> {
		this.#dirty = false;
		const startedAt = Date.now();
		this.#lastReadAt = startedAt;
		const reading = this.#readAndPush();
		this.#refreshing = reading;
		try {
			if (await reading) this.#lastBroadcastAt = startedAt;
			this.#lastGoodReadAt = Date.now();
		} finally {
			this.#refreshing = null;
			clearTimeout(this.#timeRefresh);
			if (!this.#stopped) this.#timeRefresh = setTimeout(() => this.scheduleRefresh(), TIME_REFRESH_MS);
			if (this.#dirty) this.scheduleRefresh();
		}
	}

	/** Reads every figure and sends each screen its share; says whether any screen was sent a message. */
	async #readAndPush(): Promise<boolean> {
		const db = this.#database.db;
		const now = new Date();
		const started = performance.now();
		let configChanged = false;
		if (this.#configDirty) {
			this.#configDirty = false;
			const [screens, thresholds, ticker] = await Promise.all([
				readScreens(db),
				readQueueThresholds(db),
				readCurrentTickerMessages(db, now)
			]);
			this.#screens = { screens, thresholds, ticker };
			configChanged = true;
		}
		const day = businessDayOf(now, this.#config.timezone, this.#config.dayStartMinutes);
		const [queuesNow, intervals, agents] = await Promise.all([
			readQueuesNow(db),
			readTodayIntervals(db, day, now),
			readAgentFigures(db)
		]);
		const before = this.#figures;
		this.#figures = {
			day,
			queues: new Map(
				buildQueueFigures(queuesNow, intervals, agents, this.#screens.thresholds).map((q) => [q.queue, q])
			),
			agents: new Map(agents.map((a) => [a.agent, a])),
			intervals: new Map(intervals.map((row) => [intervalKey(row), row]))
		};
		const tickerShown = JSON.stringify(activeTickerTexts(this.#screens.ticker, [...this.#screens.screens.keys()], now));
		const tickerChanged = tickerShown !== this.#tickerShown;
		this.#tickerShown = tickerShown;

		const read = performance.now();
		const sent =
			configChanged || tickerChanged || day.start.getTime() !== before.day.start.getTime()
				? this.#pushSnapshots(now)
				: this.#pushChanges(before, now);
		this.#log.debug(
			{
				readMs: Math.round(read - started),
				pushMs: Math.round(performance.now() - read),
				screens: this.#clients.size,
				sent
			},
			'live: figures pushed'
		);
		return sent;
	}

	/** Everything a screen shows: itself and the screens it rotates with. */
	#snapshotOf(screen: string, now: Date): ServerMessage {
		const views = screensShownBy(this.#screens.screens, screen);
		const shown = queuesShownBy(views);
		const f = this.#figures;
		return {
			type: 'snapshot',
			screens: views,
			dayStart: f.day.start.toISOString(),
			dayEnd: f.day.end.toISOString(),
			timezone: this.#config.timezone,
			ticker: activeTickerTexts(
				this.#screens.ticker,
				views.map((v) => v.name),
				now
			),
			queues: [...f.queues.values()].filter((q) => shown === null || shown.has(q.queue)),
			agents: [...f.agents.values()].filter((a) => showsAgent(shown, a)),
			intervals: [...f.intervals.values()].filter((row) => shown === null || shown.has(row.queue))
		};
	}

	/** After a change of configuration or of day: every screen starts again from a full picture. */
	#pushSnapshots(now: Date): boolean {
		this.#awaitingSnapshot.clear();
		const texts = new Map<string, string>();
		let sent = false;
		for (const [socket, client] of this.#clients) {
			if (!this.#screens.screens.has(client.screen)) {
				socket.close(4404, 'this screen no longer exists');
				continue;
			}
			let text = texts.get(client.screen);
			if (text === undefined) {
				text = JSON.stringify(this.#snapshotOf(client.screen, now));
				texts.set(client.screen, text);
			}
			this.#sendText(socket, text);
			sent = true;
		}
		return sent;
	}

	/** What changed, each screen getting only its queues' share; serialised once per screen, not per client. */
	#pushChanges(before: Figures, now: Date): boolean {
		const after = this.#figures;
		const queues = [...after.queues.values()].filter((q) => !same(q, before.queues.get(q.queue)));
		const agents = [...after.agents.values()].filter((a) => !same(a, before.agents.get(a.agent)));
		const leaving = [...before.agents.keys()].filter((name) => !same(before.agents.get(name), after.agents.get(name)));
		const intervals = [...after.intervals.values()].filter((row) => !same(row, before.intervals.get(intervalKey(row))));
		if (queues.length + agents.length + leaving.length + intervals.length === 0 && this.#awaitingSnapshot.size === 0)
			return false;

		const textByScreen = new Map<string, string | null>();
		const textOf = (screen: string): string | null => {
			const cached = textByScreen.get(screen);
			if (cached !== undefined) return cached;
			const shown = queuesShownBy(screensShownBy(this.#screens.screens, screen));
			const message: ServerMessage = {
				type: 'changes',
				queues: queues.filter((f) => shown === null || shown.has(f.queue)),
				agents: agents.filter((f) => showsAgent(shown, f)),
				// Gone from this screen: logged out, or moved away from the screen's queues.
				gone: leaving
					.filter((name) => showsAgent(shown, before.agents.get(name)!))
					.filter((name) => !after.agents.has(name) || !showsAgent(shown, after.agents.get(name)!)),
				intervals: intervals.filter((row) => shown === null || shown.has(row.queue))
			};
			const empty =
				message.queues.length + message.agents.length + message.gone.length + message.intervals.length === 0;
			const text = empty ? null : JSON.stringify(message);
			textByScreen.set(screen, text);
			return text;
		};
		let sent = false;
		for (const [socket, client] of this.#clients) {
			if (this.#awaitingSnapshot.delete(socket)) {
				if (this.#screens.screens.has(client.screen)) {
					this.#sendText(socket, JSON.stringify(this.#snapshotOf(client.screen, now)));
					sent = true;
				} else socket.close(4404, 'there is no such screen');
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
		if (Date.now() - this.#lastGoodReadAt < FRESH_FOR_MS) {
			this.#broadcast({ type: 'heartbeat', serverTime: new Date().toISOString() });
		}
	}
}
