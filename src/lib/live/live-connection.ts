import {
	CLOSE_CODES,
	parseServerMessage,
	PROTOCOL_VERSION,
	RECONNECT_FIRST_DELAY_MS,
	RECONNECT_MAX_DELAY_MS,
	STALE_AFTER_MS,
	type ServerMessage
} from '../protocol.ts';

/** `live` once a snapshot arrived and messages keep coming; `stale` as soon as either stops. */
export type ConnectionState = 'connecting' | 'live' | 'stale';

export interface LiveConnectionHandlers {
	onMessage(message: ServerMessage): void;
	onState(state: ConnectionState): void;
	/** The server speaks a newer protocol: the page should reload to get the matching code. */
	onNewerProtocol(): void;
	/** The page's own build (`null`: unknown); a server greeting with another one calls `onOtherBuild`. */
	build?: string | null;
	/** The server runs another build than the one that served this page (an upgrade): reload to get it. */
	onOtherBuild?(): void;
	/** The screen was deleted: the connection stops; the page says so and looks again now and then. */
	onScreenGone(): void;
}

/** A screen reloads for a new build at most this often (two web instances on two builds during an upgrade). */
export const BUILD_RELOAD_MIN_INTERVAL_MS = 60_000;
const BUILD_RELOAD_KEY = 'vigie.buildReloadAt';

/**
 * Reloads the page to get the server's new build, unless it did so less than a minute ago: during a rolling
 * upgrade a page may be served by one build and its socket by the other, and must not reload in a loop.
 */
export function reloadForNewBuild(storage: Storage = sessionStorage, reload = () => location.reload()): boolean {
	const last = Number(storage.getItem(BUILD_RELOAD_KEY) ?? 0);
	if (Date.now() - last < BUILD_RELOAD_MIN_INTERVAL_MS) return false;
	storage.setItem(BUILD_RELOAD_KEY, String(Date.now()));
	reload();
	return true;
}

/**
 * Keeps a screen connected to `/ws` for weeks: it reconnects by itself with a growing delay, and declares the
 * data stale when the socket closes or goes silent past the heartbeat, instead of freezing silently.
 */
export function connectLive(url: string, handlers: LiveConnectionHandlers): { close(): void } {
	let socket: WebSocket | null = null;
	let closedByUs = false;
	let attempt = 0;
	let silenceTimer: ReturnType<typeof setTimeout> | undefined;
	let retryTimer: ReturnType<typeof setTimeout> | undefined;

	const becomeStale = () => {
		handlers.onState('stale');
		socket?.close();
	};
	const expectMoreWithin = (ms: number) => {
		clearTimeout(silenceTimer);
		silenceTimer = setTimeout(becomeStale, ms);
	};

	const open = () => {
		const ws = new WebSocket(url);
		socket = ws;
		expectMoreWithin(STALE_AFTER_MS);
		ws.onmessage = (event) => {
			const message = parseServerMessage(String(event.data));
			if (!message) return;
			expectMoreWithin(STALE_AFTER_MS);
			if (message.type === 'hello' && message.protocol > PROTOCOL_VERSION) {
				handlers.onNewerProtocol();
				return;
			}
			if (message.type === 'hello' && message.build && handlers.build && message.build !== handlers.build) {
				handlers.onOtherBuild?.();
			}
			if (message.type === 'snapshot') {
				attempt = 0;
				handlers.onState('live');
			}
			handlers.onMessage(message);
		};
		ws.onclose = (event) => {
			clearTimeout(silenceTimer);
			if (socket !== ws || closedByUs) return;
			handlers.onState('stale');
			if (event.code === CLOSE_CODES.accessRevoked) {
				// Reconnecting would be refused: the page itself is asked for again, and the server leads to sign-in.
				closedByUs = true;
				window.location.reload();
				return;
			}
			if (event.code === CLOSE_CODES.screenGone) {
				closedByUs = true;
				handlers.onScreenGone();
				return;
			}
			const delay = Math.min(RECONNECT_FIRST_DELAY_MS * 2 ** attempt, RECONNECT_MAX_DELAY_MS);
			attempt++;
			// Jitter spreads the reconnections of a whole floor of screens after a server restart.
			retryTimer = setTimeout(open, delay * (0.75 + Math.random() * 0.5));
		};
	};

	handlers.onState('connecting');
	open();
	return {
		close() {
			closedByUs = true;
			clearTimeout(silenceTimer);
			clearTimeout(retryTimer);
			socket?.close();
		}
	};
}
