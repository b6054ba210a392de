import { businessDayOf } from '../../domain/business-day.ts';
import { replayInstantAt, replayInstantText, type Replay } from '../../domain/replay.ts';
import type { ServerMessage } from '../../protocol.ts';
import type { VigieDatabase } from '../db/database.ts';
import type { Logger } from '../log.ts';
import type { LiveFeed, LiveFeedConfig } from './live-feed.ts';
import type { LiveFigures } from './live-figures.ts';
import type { Clock } from './refresh-scheduler.ts';
import { readInputsAsOf } from './replay-reads.ts';
import { changesFor, diffFigures } from './screen-diff.ts';

/**
 * How often a replay moves on, in real time: at speed 60 each step is a replayed minute. A held instant (speed 0)
 * is read again now and then only for a change of screen or thresholds.
 */
export const REPLAY_STEP_MS = 1000;
export const REPLAY_HOLD_REFRESH_MS = 5000;
/** How long a replay waits for a screen created a moment ago in another process before saying it is gone. */
const UNKNOWN_SCREEN_TRIES = 20;

export interface ReplayDeps {
	database: VigieDatabase;
	feed: LiveFeed;
	config: LiveFeedConfig;
	clock: Clock;
	log: Logger;
	/** Sends a message to this screen's socket. */
	send(message: ServerMessage): void;
	/** The screen no longer exists: close its socket. */
	screenGone(): void;
	/** The feed must read the configuration again (a screen this process does not know yet). */
	refreshConfig(): void;
}

/**
 * One screen replaying a past day (contract §3): its own instant, moving at its speed, read from the stored legs
 * and states by the live figures' own code (`readInputsAsOf` → `LiveFeed.buildFigures`), sent as the live screens
 * are: a full picture first (and after a change of configuration or of day), then only what changed. Steps are
 * chained, never two reads at a time, so a slow database slows the replay rather than piling reads up.
 */
export class ReplaySession {
	readonly #deps: ReplayDeps;
	readonly #screen: string;
	readonly #replay: Replay;
	readonly #startedAt: number;
	#figures: LiveFigures | null = null;
	#configVersion = -1;
	#timer: unknown = null;
	#unknownTries = 0;
	#stopped = false;

	constructor(deps: ReplayDeps, screen: string, replay: Replay) {
		this.#deps = deps;
		this.#screen = screen;
		this.#replay = replay;
		this.#startedAt = deps.clock.now();
	}

	start(): void {
		void this.#step();
	}

	stop(): void {
		this.#stopped = true;
		this.#deps.clock.clearTimeout(this.#timer);
		this.#timer = null;
	}

	async #step(): Promise<void> {
		if (this.#stopped) return;
		const { feed, clock, config } = this.#deps;
		if (!feed.hasScreen(this.#screen)) {
			if (++this.#unknownTries > UNKNOWN_SCREEN_TRIES) return this.#deps.screenGone();
			this.#deps.refreshConfig();
			return this.#next(REPLAY_STEP_MS / 2);
		}
		const nowMs = clock.now();
		const at = replayInstantAt(this.#replay, nowMs - this.#startedAt, nowMs);
		try {
			const day = businessDayOf(at, config.timezone, config.dayStartMinutes);
			const inputs = await readInputsAsOf(this.#deps.database.db, day, at, config);
			if (this.#stopped) return;
			const figures = feed.buildFigures(day, inputs);
			const before = this.#figures;
			const position = { at: replayInstantText(at, config.timezone), speed: this.#replay.speed };
			if (
				before === null ||
				this.#configVersion !== feed.configVersion ||
				before.day.start.getTime() !== day.start.getTime()
			) {
				this.#configVersion = feed.configVersion;
				this.#deps.send({ ...feed.snapshotOf(this.#screen, at, figures), replay: position });
			} else {
				const changes = changesFor(feed.selectionOf(this.#screen), diffFigures(before, figures), figures);
				// Sent at every step, changed or not: the screen shows the instant its figures are of.
				this.#deps.send({
					...(changes ?? { type: 'changes', queues: [], agents: [], gone: [], intervals: [] }),
					replayAt: position.at
				});
			}
			this.#figures = figures;
		} catch (error) {
			// The screen keeps its last picture; heartbeats stop with the live reads if the database is gone.
			this.#deps.log.error({ err: error, screen: this.#screen }, 'replay: could not read the figures');
		}
		this.#next(this.#replay.speed > 0 ? REPLAY_STEP_MS : REPLAY_HOLD_REFRESH_MS);
	}

	#next(ms: number): void {
		if (this.#stopped) return;
		this.#timer = this.#deps.clock.setTimeout(() => {
			this.#timer = null;
			void this.#step();
		}, ms);
	}
}
