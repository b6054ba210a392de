/**
 * The messages between the server and the kiosk screens over `/ws`, shared by both sides.
 * Bump PROTOCOL_VERSION on any incompatible change: a screen that meets a newer server reloads itself.
 */
export const PROTOCOL_VERSION = 1;

/** The live figures of one queue. */
export interface QueueFigures {
	queue: string;
	waiting: number;
}

export type ServerMessage =
	| { type: 'hello'; protocol: number; serverTime: string }
	/** Every figure of the screen: sent on connection. */
	| { type: 'snapshot'; queues: QueueFigures[] }
	/** Only the queues whose figures changed since the last message. */
	| { type: 'queues'; queues: QueueFigures[] }
	| { type: 'heartbeat'; serverTime: string };

/** The server speaks at least this often, so silence means the link is gone. */
export const HEARTBEAT_INTERVAL_MS = 3000;
/** A screen with no message for this long shows itself stale (the contract allows 10 s). */
export const STALE_AFTER_MS = 7000;
/** Reconnection backoff of the screens: doubles from the first delay up to the last. */
export const RECONNECT_FIRST_DELAY_MS = 500;
export const RECONNECT_MAX_DELAY_MS = 10_000;

export function parseServerMessage(text: string): ServerMessage | null {
	try {
		const message = JSON.parse(text) as { type?: unknown };
		return typeof message === 'object' && message !== null && typeof message.type === 'string'
			? (message as ServerMessage)
			: null;
	} catch {
		return null;
	}
}
