import type { AgentStateLimit } from '../domain/agent-limits.ts';
import type {
	TickerLine,
	AgentFigures,
	IntervalFigures,
	QueueFigures,
	ScreenView,
	ReplayPosition,
	ServerMessage
} from '../protocol.ts';

/**
 * What a wall screen knows, kept up to date from the server's messages: a snapshot replaces everything, the
 * change messages patch it. Reactive, so each figure on the page redraws alone.
 */
export class WallState {
	screens: ScreenView[] = $state([]);
	dayStart = $state('');
	dayEnd = $state('');
	timezone = $state('Europe/Paris');
	ticker: TickerLine[] = $state([]);
	agentLimits: AgentStateLimit[] = $state([]);
	queues: Record<string, QueueFigures> = $state({});
	agents: Record<string, AgentFigures> = $state({});
	intervals: Record<string, IntervalFigures> = $state({});
	/** Server clock minus this kiosk's: times in state tick from the server's timestamps, whatever the kiosk's clock. */
	clockSkewMs = $state(0);
	/** When the last message arrived, on the server's clock: since then, figures are as stale as the link. */
	lastHeardAt = $state(0);
	/** Replaying a past instant (contract §3): where the replay stands, as the server last said. */
	replay: ReplayPosition | null = $state(null);
	/** When (this kiosk's clock) the replay's instant was last told: the screen's clock moves on from there. */
	#replayToldAt = 0;

	/** The instant the screen shows: the server's time live, the replayed instant moving at its speed in a replay. */
	nowMs(): number {
		if (this.replay === null) return Date.now() + this.clockSkewMs;
		return Date.parse(this.replay.at) + (Date.now() - this.#replayToldAt) * this.replay.speed;
	}

	apply(message: ServerMessage): void {
		this.lastHeardAt = Date.now() + this.clockSkewMs;
		switch (message.type) {
			case 'hello':
			case 'heartbeat':
				this.clockSkewMs = Date.parse(message.serverTime) - Date.now();
				break;
			case 'snapshot':
				this.screens = message.screens;
				this.dayStart = message.dayStart;
				this.dayEnd = message.dayEnd;
				this.timezone = message.timezone;
				this.ticker = message.ticker;
				this.agentLimits = message.agentLimits ?? [];
				this.queues = byKey(message.queues, (q) => q.queue);
				this.agents = byKey(message.agents, (a) => a.agent);
				this.intervals = byKey(message.intervals, intervalKey);
				this.replay = message.replay ?? null;
				this.#replayToldAt = Date.now();
				break;
			case 'changes':
				for (const q of message.queues) this.queues[q.queue] = q;
				for (const name of message.gone) delete this.agents[name];
				for (const a of message.agents) this.agents[a.agent] = a;
				for (const row of message.intervals) this.intervals[intervalKey(row)] = row;
				if (message.replayAt && this.replay) {
					this.replay = { ...this.replay, at: message.replayAt };
					this.#replayToldAt = Date.now();
				}
				break;
		}
	}
}

const intervalKey = (row: IntervalFigures) => `${row.queue}\u0000${row.periodStart}`;

function byKey<T>(items: T[], key: (item: T) => string): Record<string, T> {
	return Object.fromEntries(items.map((item) => [key(item), item]));
}


