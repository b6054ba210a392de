import { businessDayOf, type BusinessDay } from '../../domain/business-day.ts';
import type { ScreenView, ServerMessage } from '../../protocol.ts';
import type { Config } from '../config.ts';
import type { VigieDatabase } from '../db/database.ts';
import { CHANGES_CHANNEL } from '../worker/apply-batch.ts';
import { CONFIG_CHANGED } from '../wall-config/config-changes.ts';
import { readQueueThresholds, type QueueThresholds } from '../wall-config/queue-thresholds.ts';
import type { AgentStateLimit } from '../../domain/agent-limits.ts';
import { readAgentLimits } from '../wall-config/agent-limits.ts';
import { readScreens } from '../wall-config/screens.ts';
import { activeTickerTexts, readCurrentTickerMessages, type TickerMessage } from '../wall-config/ticker.ts';
import { readLiveInputs, readStaffingInputs, type LiveLimits, type StaffingInputs } from './figure-reads.ts';

/**
 * The staffing advice moves with half an hour of calls: read again at most this often, so that it costs the live
 * reads (up to 20 a second) nothing measurable.
 */
const STAFFING_EVERY_MS = 15_000;
import { readAlarmRules, type SetAlarmRules } from '../wall-config/alarm-rules.ts';
import {
	buildLiveFigures,
	NO_ALARM_RULES,
	NO_FIGURES,
	type LiveFigures,
	type LiveInputs,
	type QueueSnapshot
} from './live-figures.ts';
import { diffFigures, type FigureChanges } from './screen-diff.ts';
import { screensShownBy, selectionOf, showsAgent, showsQueue, type ScreenSelection } from './screen-selection.ts';

export type SnapshotMessage = Extract<ServerMessage, { type: 'snapshot' }>;

/** The screens' configuration: changes rarely, read again on a `config` notification. */
export interface ScreensConfig {
	screens: Map<string, ScreenView>;
	thresholds: Map<string, QueueThresholds>;
	ticker: TickerMessage[];
	agentLimits: AgentStateLimit[];
	alarmRules: SetAlarmRules;
}

/**
 * A second producer of queue figures (the lead's Cisco RTSS reader): asked at each reading for the snapshots it
 * holds; each replaces the fields it carries in its queue's record.
 */
export interface QueueSnapshotSource {
	snapshots(now: Date): QueueSnapshot[] | Promise<QueueSnapshot[]>;
}

/** What the feed needs of the configuration: the site's day, and how long calls and states may stay open. */
export type LiveFeedConfig = Pick<Config, 'timezone' | 'dayStartMinutes'> & LiveLimits;

/** One reading: the figures, and what screens need to hear about them. */
export type FeedReading =
	/** Screens, thresholds, the ticker or the day changed: every screen starts again from a full picture. */
	{ kind: 'picture' } | { kind: 'changes'; changes: FigureChanges };

/**
 * The live figures of one web process, read once for all its screens: the screens' configuration, the figures
 * built from the database's reads (and any snapshot source), and each screen's snapshot.
 */
export class LiveFeed {
	readonly #database: VigieDatabase;
	readonly #config: LiveFeedConfig;
	readonly #sources: QueueSnapshotSource[];
	#screens: ScreensConfig = {
		screens: new Map(),
		thresholds: new Map(),
		ticker: [],
		agentLimits: [],
		alarmRules: NO_ALARM_RULES
	};
	#figures: LiveFigures = NO_FIGURES;
	#tickerShown = '';
	#staffing: StaffingInputs[] = [];
	#staffingAt = -Infinity;
	#configDirty = true;
	/** Grows at each reading of the configuration: a replay then starts its screen again from a full picture. */
	#configVersion = 0;
	#unlisten: (() => Promise<void>) | null = null;

	constructor(database: VigieDatabase, config: LiveFeedConfig, sources: QueueSnapshotSource[] = []) {
		this.#database = database;
		this.#config = config;
		this.#sources = sources;
	}

	/** Hears every change of figures or configuration, from any process on the database. */
	async listen(onChange: () => void): Promise<void> {
		this.#unlisten = await this.#database.listen(CHANGES_CHANNEL, (payload) => {
			// `null` follows a reconnection: notifications may have been lost, configuration changes included.
			if (payload === CONFIG_CHANGED || payload === null) this.#configDirty = true;
			onChange();
		});
	}

	async stop(): Promise<void> {
		await this.#unlisten?.();
	}

	/** The configuration must be read again (a screen was asked for that this process does not know yet). */
	configMayHaveChanged(): void {
		this.#configDirty = true;
	}

	hasScreen(name: string): boolean {
		return this.#screens.screens.has(name);
	}

	get figures(): LiveFigures {
		return this.#figures;
	}

	get configVersion(): number {
		return this.#configVersion;
	}

	/** The figures of these inputs under the screens' thresholds: the live reading's, or a replayed instant's. */
	buildFigures(day: BusinessDay, inputs: LiveInputs): LiveFigures {
		return buildLiveFigures(day, inputs, this.#screens.thresholds, [], this.#screens.alarmRules);
	}

	/** Reads every figure (and the configuration when it changed), and says what screens need. */
	async read(now: Date): Promise<FeedReading> {
		const db = this.#database.db;
		let configChanged = false;
		if (this.#configDirty) {
			this.#configDirty = false;
			const [screens, thresholds, ticker, agentLimits, alarmRules] = await Promise.all([
				readScreens(db),
				readQueueThresholds(db),
				readCurrentTickerMessages(db, now),
				readAgentLimits(db),
				readAlarmRules(db)
			]);
			this.#screens = { screens, thresholds, ticker, agentLimits, alarmRules };
			this.#configVersion++;
			configChanged = true;
		}
		const day = businessDayOf(now, this.#config.timezone, this.#config.dayStartMinutes);
		const staffingDue = now.getTime() - this.#staffingAt >= STAFFING_EVERY_MS;
		const [inputs, snapshots, staffing] = await Promise.all([
			readLiveInputs(db, day, now, this.#config),
			Promise.all(this.#sources.map((s) => s.snapshots(now))).then((all) => all.flat()),
			staffingDue ? readStaffingInputs(db, now) : Promise.resolve(this.#staffing)
		]);
		if (staffingDue) {
			this.#staffing = staffing;
			this.#staffingAt = now.getTime();
		}
		inputs.staffing = this.#staffing;
		const before = this.#figures;
		this.#figures = buildLiveFigures(day, inputs, this.#screens.thresholds, snapshots, this.#screens.alarmRules);

		const tickerShown = JSON.stringify(activeTickerTexts(this.#screens.ticker, [...this.#screens.screens.keys()], now));
		const tickerChanged = tickerShown !== this.#tickerShown;
		this.#tickerShown = tickerShown;
		if (configChanged || tickerChanged || day.start.getTime() !== before.day.start.getTime())
			return { kind: 'picture' };
		return { kind: 'changes', changes: diffFigures(before, this.#figures) };
	}

	/** The queues a screen shows, with the screens it rotates with. */
	selectionOf(screen: string): ScreenSelection {
		return selectionOf(screensShownBy(this.#screens.screens, screen));
	}

	/**
	 * Everything a screen shows: itself and the screens it rotates with; the live figures, or a replayed instant's
	 * (`figures`, without the ticker, whose messages are today's).
	 */
	snapshotOf(screen: string, now: Date, figures: LiveFigures | null = null): SnapshotMessage {
		const views = screensShownBy(this.#screens.screens, screen);
		const shown = selectionOf(views);
		const f = figures ?? this.#figures;
		return {
			type: 'snapshot',
			screens: views,
			dayStart: f.day.start.toISOString(),
			dayEnd: f.day.end.toISOString(),
			timezone: this.#config.timezone,
			ticker:
				figures === null
					? activeTickerTexts(
							this.#screens.ticker,
							views.map((v) => v.name),
							now
						)
					: [],
			agentLimits: this.#screens.agentLimits,
			queues: [...f.queues.values()].filter((q) => showsQueue(shown, q.queue)),
			agents: [...f.agents.values()].filter((a) => showsAgent(shown, a)),
			intervals: [...f.intervals.values()].filter((row) => showsQueue(shown, row.queue))
		};
	}
}
