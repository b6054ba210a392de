/**
 * The messages between the server and the kiosk screens over `/ws`, shared by both sides.
 * Bump PROTOCOL_VERSION on any incompatible change: a screen that meets a newer server reloads itself.
 */
import type { LoggedInState, QueueCounters, SlVariant } from './domain/metrics.ts';
import type { AgentStateLimit } from './domain/agent-limits.ts';
import type { AlarmRules } from './domain/alarms.ts';
import type { ThresholdMetric, Thresholds } from './domain/thresholds.ts';

export const PROTOCOL_VERSION = 9;

/**
 * Why the server closes a screen's socket (the WebSocket close code). The 4000s are the application's own; the
 * screen reacts to them rather than reconnecting blindly.
 */
export const CLOSE_CODES = {
	/** The server is shutting down: reconnect with the usual backoff. */
	goingAway: 1001,
	/** The client sent something: screens only listen. */
	policyViolation: 1008,
	/** The screen was deleted or never existed: say so, and stop retrying until it exists again. */
	screenGone: 4404,
	/** The credentials were revoked (sign-out, revoked token, disabled person): reload, which leads to sign-in. */
	accessRevoked: 4401
} as const;
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/** What a screen shows: a tile per queue, the agents, or today's charts. */
export const SCREEN_LAYOUTS = ['queues', 'agents', 'charts'] as const;
export type ScreenLayout = (typeof SCREEN_LAYOUTS)[number];

/** One screen's definition, as its kiosk needs it. */
export interface ScreenView {
	name: string;
	/** What the header says, in people's words; `null`: the name. */
	title: string | null;
	layout: ScreenLayout;
	/** `null`: every queue (for a team's screen, the queues its agents serve). */
	queues: string[] | null;
	/** Only the agents of this team (the directory's, UCCX `Team.teamName`); `null`: every agent. */
	team: string | null;
	/** The screens shown in turn after this one. */
	rotation: string[];
	rotateEverySeconds: number;
}

/** Logged-in agents of a queue, by state (through each agent's `queues`). */
export interface AgentCounts {
	loggedIn: number;
	ready: number;
	notReady: number;
	reserved: number;
	talking: number;
	work: number;
}

/** The live figures of one queue; "today" starts at the site's configured day start. */
export interface QueueFigures {
	queue: string;
	waiting: number;
	/** When the oldest waiting call entered the queue: the screen ticks the longest wait from it. */
	oldestWaitingSince: string | null;
	offered: number;
	answered: number;
	abandoned: number;
	/** The queue's chosen service-level variant, today. */
	serviceLevelPct: number | null;
	slVariant: SlVariant;
	slThresholdS: number;
	abandonRatePct: number | null;
	asaS: number | null;
	/**
	 * Staffing advice (contract §3): the fewest agents for which Erlang C meets the queue's service-level target,
	 * from the last 30 minutes' arrivals and handle time; null without calls.
	 */
	agentsNeeded: number | null;
	agents: AgentCounts;
	thresholds: Record<ThresholdMetric, Thresholds>;
	/** The queue's minimum volume for its rates to take a colour, and when its lasting alarms escalate. */
	alarmRules: AlarmRules;
	/**
	 * When this queue's figures stopped moving at their source (a Cisco RTSS snapshot that no longer changes), or
	 * `null` while they are current: the tile then shows itself stale, as the whole screen does on a lost link.
	 */
	staleSince: string | null;
}

/** A logged-in agent's current state; the screen ticks the time in state from `since`. */
export interface AgentFigures {
	agent: string;
	/** The person's name as the directory knows it (UCCX `Resource.resourceName`); `null`: show the login. */
	name: string | null;
	/** The agent's team in the directory (UCCX `Team.teamName`), or `null`. */
	team: string | null;
	/**
	 * For an agent not ready now: today's not-ready time before the current state (ms); the screen adds the current
	 * state up to now, ticking. `null` for the other states.
	 */
	notReadyTodayMs: number | null;
	state: LoggedInState;
	since: string;
	reason: string | null;
	queues: string[] | null;
}

/** A supervisors' message on the ticker; urgent ones come first, in the alarm colours. */
export interface TickerLine {
	text: string;
	urgent: boolean;
}

/** The counters of one queue over one 15-minute period of today, for the intraday charts. */
export interface IntervalFigures {
	queue: string;
	periodStart: string;
	counters: QueueCounters;
	/** Calls queued in this period still waiting within the threshold: live, in no service-level denominator yet. */
	waitingWithinSl: number;
}

/** Where a replay stands: the instant shown (RFC 3339, the site's offset) and replayed seconds per second. */
export interface ReplayPosition {
	at: string;
	speed: number;
}

export type ServerMessage =
	/** `build`: the server's installed build, when built; a screen served by another one reloads (an upgrade). */
	| { type: 'hello'; protocol: number; serverTime: string; build?: string }
	/** Everything the screen shows (itself and the screens it rotates with): sent on connection and on any
	 * change of configuration or of day. */
	| {
			type: 'snapshot';
			screens: ScreenView[];
			dayStart: string;
			/** The next day's start: 23, 24 or 25 hours after `dayStart`. */
			dayEnd: string;
			timezone: string;
			ticker: TickerLine[];
			/** How long an agent may stay not ready (per reason) or in after-call work before the board marks it. */
			agentLimits: AgentStateLimit[];
			queues: QueueFigures[];
			agents: AgentFigures[];
			intervals: IntervalFigures[];
			/** A replayed past instant (contract §3) rather than live figures: what it shows and at what speed. */
			replay?: ReplayPosition;
	  }
	/** Only what changed since the last message, and only for the screen's queues: one message per change. */
	| {
			type: 'changes';
			queues: QueueFigures[];
			agents: AgentFigures[];
			gone: string[];
			intervals: IntervalFigures[];
			/** Replaying: the instant these figures are of (sent at each step of the replay, changed or not). */
			replayAt?: string;
	  }
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
