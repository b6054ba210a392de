/**
 * When the live hub reads the figures again: at once when something changed and the pace allows it, never two
 * reads at a time, and at least every so often because time alone moves some figures. The clock is injected, so
 * the rules are tested with fake timers rather than by waiting.
 */

/** The time and timers a scheduler runs on: the process's own, or a test's fake ones. */
export interface Clock {
	now(): number;
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

/** The process's clock; it calls the globals at each use, so fake timers installed later apply too. */
export const systemClock: Clock = {
	now: () => Date.now(),
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

export interface RefreshPace {
	/**
	 * Reads per second that a steady stream of changes may cause, on average; 0 for no limit (every change read
	 * at once: the bare broadcaster). NOTE: a token bucket rather than a fixed window between reads: changes every
	 * 100–200 ms (a real desk) are each read at once, and only a flood (a file being loaded, a connector catching
	 * up) is spaced out, so coalescing adds latency only when the rate needs it.
	 */
	maxReadsPerSecond: number;
	/** Reads allowed back to back before the rate applies. */
	burst: number;
	/** Read at least this long after the last read, even when nothing changed (waits passing a threshold). */
	idleRefreshMs: number;
}

export const DEFAULT_REFRESH_PACE: RefreshPace = { maxReadsPerSecond: 20, burst: 4, idleRefreshMs: 5000 };

export class RefreshScheduler {
	readonly #read: () => Promise<void>;
	readonly #clock: Clock;
	readonly #pace: RefreshPace;
	readonly #onError: (error: unknown) => void;
	#tokens: number;
	#tokensAt: number;
	#timer: unknown = null;
	#idleTimer: unknown = null;
	#reading: Promise<void> | null = null;
	/** A change arrived while a read was running: read again once it ends. */
	#dirty = false;
	#stopped = false;

	constructor(
		read: () => Promise<void>,
		options: { clock?: Clock; pace?: Partial<RefreshPace>; onError?: (error: unknown) => void } = {}
	) {
		this.#read = read;
		this.#clock = options.clock ?? systemClock;
		this.#pace = { ...DEFAULT_REFRESH_PACE, ...options.pace };
		this.#onError = options.onError ?? (() => {});
		this.#tokens = this.#pace.burst;
		this.#tokensAt = this.#clock.now();
	}

	/** Something changed: read soon. Calls close together are served by one read. */
	request(): void {
		if (this.#stopped) return;
		if (this.#reading) {
			this.#dirty = true;
			return;
		}
		if (this.#timer !== null) return;
		const wait = this.#waitForToken();
		if (wait === 0) {
			void this.#run();
			return;
		}
		this.#timer = this.#clock.setTimeout(() => {
			this.#timer = null;
			void this.#run();
		}, wait);
	}

	/** Reads now, whatever the pace (the first picture at start-up); rejects if that read fails. */
	async readNow(): Promise<void> {
		if (this.#reading) await this.#reading.catch(() => {});
		await this.#run(true);
	}

	/** No more reads; waits for the one running, if any. */
	async stop(): Promise<void> {
		this.#stopped = true;
		this.#clock.clearTimeout(this.#timer);
		this.#clock.clearTimeout(this.#idleTimer);
		this.#timer = this.#idleTimer = null;
		await this.#reading?.catch(() => {});
	}

	/** How long until a read is allowed; takes nothing from the bucket. */
	#waitForToken(): number {
		const { maxReadsPerSecond } = this.#pace;
		if (maxReadsPerSecond <= 0) return 0;
		this.#refill();
		return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) * 1000) / maxReadsPerSecond);
	}

	#refill(): void {
		const now = this.#clock.now();
		// NOTE: the host's clock may jump back (an NTP step, a VM resumed): time gone "backwards" adds nothing, and
		// never takes tokens away. Counted as it was, an hour back made the next read wait an hour (issue #11).
		const elapsedMs = Math.max(0, now - this.#tokensAt);
		this.#tokens = Math.min(this.#pace.burst, this.#tokens + (elapsedMs * this.#pace.maxReadsPerSecond) / 1000);
		this.#tokensAt = now;
	}

	async #run(rethrow = false): Promise<void> {
		if (this.#stopped) return;
		this.#dirty = false;
		if (this.#pace.maxReadsPerSecond > 0) {
			this.#refill();
			this.#tokens = Math.max(0, this.#tokens - 1);
		}
		this.#clock.clearTimeout(this.#idleTimer);
		this.#idleTimer = null;
		const reading = this.#read();
		this.#reading = reading;
		try {
			await reading;
		} catch (error) {
			if (rethrow) throw error;
			this.#onError(error);
		} finally {
			this.#reading = null;
			if (!this.#stopped) {
				this.#idleTimer = this.#clock.setTimeout(() => {
					this.#idleTimer = null;
					this.request();
				}, this.#pace.idleRefreshMs);
				if (this.#dirty) this.request();
			}
		}
	}
}
