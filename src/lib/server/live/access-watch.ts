import type { WebSocket } from 'ws';
import { CLOSE_CODES } from '../../protocol.ts';
import type { Logger } from '../log.ts';

/** How often every open screen's credentials are checked again: "refused at once, open WebSockets included". */
export const ACCESS_RECHECK_MS = 3000;

interface Watched {
	/** The credentials' identity: sockets opened with the same cookie or token are checked once together. */
	key: string;
	stillAllowed: () => Promise<boolean>;
}

/**
 * Keeps each open screen's right to its feed under watch: a sign-out, a session's expiry, a revoked token or a
 * disabled person closes the sockets opened with those credentials within a few seconds, in every web process
 * (each checks its own sockets against the database). `recheckNow` shortens the wait after a change made here.
 */
export class AccessWatch {
	readonly #log: Logger;
	readonly #sockets = new Map<WebSocket, Watched>();
	readonly #timer: ReturnType<typeof setInterval>;
	#running: Promise<void> | null = null;

	constructor(log: Logger, everyMs = ACCESS_RECHECK_MS) {
		this.#log = log;
		this.#timer = setInterval(() => void this.recheckNow(), everyMs);
		this.#timer.unref();
	}

	watch(socket: WebSocket, key: string, stillAllowed: () => Promise<boolean>): void {
		this.#sockets.set(socket, { key, stillAllowed });
		socket.once('close', () => this.#sockets.delete(socket));
	}

	/** Checks every watched credential once, and closes the sockets of those no longer allowed. */
	recheckNow(): Promise<void> {
		this.#running ??= this.#recheck().finally(() => (this.#running = null));
		return this.#running;
	}

	async #recheck(): Promise<void> {
		const byKey = new Map<string, { check: () => Promise<boolean>; sockets: WebSocket[] }>();
		for (const [socket, watched] of this.#sockets) {
			const group = byKey.get(watched.key) ?? { check: watched.stillAllowed, sockets: [] };
			group.sockets.push(socket);
			byKey.set(watched.key, group);
		}
		for (const group of byKey.values()) {
			let allowed: boolean;
			try {
				allowed = await group.check();
			} catch (error) {
				// The database does not answer: the screens go stale by themselves; access is judged again next time.
				this.#log.warn({ err: error }, 'live: could not check a screen’s access again');
				continue;
			}
			if (allowed) continue;
			for (const socket of group.sockets) {
				this.#sockets.delete(socket);
				socket.close(CLOSE_CODES.accessRevoked, 'access revoked');
			}
			this.#log.info({ screens: group.sockets.length }, 'live: screens closed, their access was revoked');
		}
	}

	stop(): void {
		clearInterval(this.#timer);
	}
}
