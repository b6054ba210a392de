import type { AgentState, VigieEvent } from '../../domain/event.ts';

/**
 * The built-in demo traffic: a small, deterministic service desk (queues, agents on shifts, callers with limited
 * patience) that produces canonical events, so a fresh install shows a living wallboard at any hour.
 * Pure: no clock, no I/O; the caller says what time it is.
 */

/** One queue (CSQ) of the simulated desk. */
export interface QueueProfile {
	name: string;
	/** Arrival rate at the busiest moment of the day (14:00 local); the intraday curve scales it down at other hours. */
	peakCallsPerHour: number;
	/** A call still waiting after `afterSeconds` leaves this queue for `to` (same call id). */
	overflow?: { to: string; afterSeconds: number };
}

export interface TrafficSimulatorOptions {
	/** Same seed, same start time, same `advance` times: same events. */
	seed?: number;
	queues?: QueueProfile[];
	/** Head count over all shifts; the default queues' volumes scale with it. */
	agents?: number;
	/** IANA zone that sets the desk's hours. */
	timezone?: string;
}

/** A French ministry's service desk, sized for {@link DEFAULT_AGENTS} agents. */
export const DEMO_QUEUES: readonly QueueProfile[] = [
	{ name: 'Support N1', peakCallsPerHour: 115, overflow: { to: 'Support N2', afterSeconds: 240 } },
	{ name: 'Support N2', peakCallsPerHour: 32 },
	{ name: 'Comptes et accès', peakCallsPerHour: 55 },
	{ name: 'Messagerie', peakCallsPerHour: 41 },
	{ name: 'Téléphonie', peakCallsPerHour: 32 }
];
export const DEFAULT_AGENTS = 40;
export const DEFAULT_SEED = 1;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A longer silence between two `advance` calls (a suspended machine, a stalled loop) is a pause, not replayed. */
const MAX_CATCH_UP_MS = 2 * MINUTE;

/**
 * Share of the peak arrival rate at the start of each local hour, interpolated in between: a quiet night that
 * still shows a call or two a minute, the 8:00 ramp-up, peaks at 10:00 and 14:00, the lunch dip.
 */
const HOURLY_LOAD = [
	0.35, 0.34, 0.33, 0.33, 0.33, 0.34, 0.35, 0.43, 0.65, 0.72, 0.74, 0.67, 0.57, 0.85, 1.0, 0.85, 0.54, 0.28, 0.21, 0.21,
	0.3, 0.35, 0.35, 0.35
];

interface Team {
	/** Shift start, local time of day. */
	start: number;
	length: number;
	/** Share of the head count. */
	share: number;
}

/** Shifts overlap where the load peaks; the night team keeps the 24-hour desk open. */
const TEAMS: readonly Team[] = [
	{ start: 20 * HOUR, length: 12 * HOUR, share: 0.3 },
	{ start: 7 * HOUR, length: 8 * HOUR, share: 0.27 },
	{ start: 8 * HOUR, length: 9 * HOUR, share: 0.25 },
	{ start: 12 * HOUR, length: 8 * HOUR, share: 0.18 }
];

const NOT_READY_REASONS = [
	{ reason: 'Pause', weight: 6, minutes: [5, 12] },
	{ reason: 'Back-office', weight: 3, minutes: [5, 15] },
	{ reason: 'Réunion', weight: 1, minutes: [15, 30] },
	{ reason: 'Formation', weight: 1, minutes: [20, 45] }
] as const;
const LOGOUT_REASON = 'Fin de service';
/** Mean time between two not-ready breaks of one agent. */
const BREAK_EVERY_MS = 80 * MINUTE;
/** At opening, the share of agents already on a break, so the screen starts varied. */
const OPENING_ON_BREAK = 0.2;

const RING_S = [2, 6];
const TALK_MEDIAN_S = 200;
const TALK_SPREAD = 0.45;
const WRAP_UP_S = [10, 60];
const MEAN_PATIENCE_MS = 90 * SECOND;

const FIRST_NAMES = [
	'camille',
	'lucas',
	'lea',
	'hugo',
	'chloe',
	'louis',
	'manon',
	'jules',
	'ines',
	'arthur',
	'sarah',
	'nathan',
	'emma',
	'theo',
	'julie',
	'paul',
	'lina',
	'tom',
	'alice',
	'leo'
];
const LAST_NAMES = [
	'martin',
	'bernard',
	'dubois',
	'thomas',
	'robert',
	'richard',
	'petit',
	'durand',
	'leroy',
	'moreau',
	'simon',
	'laurent',
	'lefebvre',
	'michel',
	'garcia',
	'david',
	'bertrand',
	'roux',
	'vincent',
	'fournier'
];

interface Queue {
	name: string;
	peakCallsPerHour: number;
	overflowTo: Queue | undefined;
	overflowAfterMs: number;
	/** Next candidate arrival (thinning, see #candidateArrives). */
	nextArrivalAt: number;
}

/**
 * A caller's number for a demo call, from its id (so an overflowing call keeps it, and the random sequence is
 * untouched): in 01 99 00 xx xx, a range France's regulator (ARCEP) keeps for fiction, so no real person is named.
 */
function fictionalCaller(callId: string): string {
	const n = Number(/(\d+)$/.exec(callId)?.[1] ?? 0) % 10_000;
	const digits = String(n).padStart(4, '0');
	return `01 99 00 ${digits.slice(0, 2)} ${digits.slice(2)}`;
}

interface WaitingCall {
	id: string;
	queue: Queue;
	givesUpAt: number;
	overflowAt: number;
}

interface Agent {
	login: string;
	queues: string[];
	team: Team;
	state: AgentState;
	/** When the agent's current activity ends (ring, talk, wrap-up, break, idle until a break or the shift end). */
	nextChangeAt: number;
	readySince: number;
	call: { id: string; queue: string } | undefined;
	nextBreakAt: number;
	shiftStartsAt: number;
	offDutyAt: number;
}

/** An event before its id and time are stamped. */
type Happened<E = VigieEvent> = E extends VigieEvent ? Omit<E, 'id' | 'at'> : never;

export class TrafficSimulator {
	readonly #seed: number;
	readonly #random: () => number;
	readonly #zone: Intl.DateTimeFormat;
	readonly #queues: Queue[];
	readonly #agents: Agent[];
	#waiting: WaitingCall[] = [];
	#events: VigieEvent[] = [];
	/** Simulated up to here; undefined until the first `advance`. */
	#clock: number | undefined;
	#idPrefix = '';
	#eventCount = 0;
	#callCount = 0;
	#offsetSlot = Number.NaN;
	#offset = 0;

	constructor(options: TrafficSimulatorOptions = {}) {
		this.#seed = options.seed ?? DEFAULT_SEED;
		this.#random = mulberry32(this.#seed);
		this.#zone = new Intl.DateTimeFormat('en-US', {
			timeZone: options.timezone ?? 'Europe/Paris',
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		const headCount = options.agents ?? DEFAULT_AGENTS;
		const profiles =
			options.queues ??
			DEMO_QUEUES.map((queue) => ({
				...queue,
				peakCallsPerHour: (queue.peakCallsPerHour * headCount) / DEFAULT_AGENTS
			}));
		this.#queues = openQueues(profiles);
		this.#agents = this.#hireAgents(headCount);
	}

	/**
	 * Simulates from the previous call up to `now` and returns what happened, ordered by `at`. The first call only
	 * opens the desk: the agents on shift log in.
	 */
	advance(now: Date): VigieEvent[] {
		const target = now.getTime();
		if (Number.isNaN(target)) throw new TypeError('advance() needs a valid date');
		if (this.#clock === undefined) this.#open(target);
		else if (target > this.#clock) this.#runUntil(target);
		const events = this.#events;
		this.#events = [];
		return events;
	}

	#open(at: number): void {
		this.#clock = at;
		// The start time keeps ids apart from those of an earlier run with the same seed.
		this.#idPrefix = `demo-${this.#seed}-${at.toString(36)}`;
		for (const queue of this.#queues) queue.nextArrivalAt = at + this.#exponentialMs(HOUR / queue.peakCallsPerHour);
		for (const agent of this.#agents) {
			this.#planShift(agent, at);
			if (agent.shiftStartsAt > at) continue;
			if (this.#random() < OPENING_ON_BREAK) this.#startBreak(agent);
			else this.#logIn(agent);
		}
	}

	#runUntil(target: number): void {
		const missed = target - this.#now - MAX_CATCH_UP_MS;
		if (missed > 0) this.#pause(missed);
		for (let next = this.#nextHappening(); next.at <= target; next = this.#nextHappening()) {
			this.#clock = next.at;
			next.run();
			this.#dispatch();
		}
		this.#clock = target;
	}

	/** Whatever was under way resumes as if time had stood still; shifts keep to the wall clock. */
	#pause(duration: number): void {
		this.#clock = this.#now + duration;
		for (const queue of this.#queues) queue.nextArrivalAt += duration;
		for (const call of this.#waiting) {
			call.givesUpAt += duration;
			call.overflowAt += duration;
		}
		for (const agent of this.#agents) {
			if (agent.state === 'logged_out') continue;
			agent.nextBreakAt += duration;
			agent.nextChangeAt = agent.state === 'ready' ? this.#idleUntil(agent) : agent.nextChangeAt + duration;
		}
	}

	#nextHappening(): { at: number; run: () => void } {
		let next = { at: Infinity, run: () => {} };
		for (const queue of this.#queues) {
			if (queue.nextArrivalAt < next.at) next = { at: queue.nextArrivalAt, run: () => this.#candidateArrives(queue) };
		}
		for (const call of this.#waiting) {
			if (call.givesUpAt < next.at) next = { at: call.givesUpAt, run: () => this.#abandon(call) };
			if (call.overflowAt < next.at) next = { at: call.overflowAt, run: () => this.#overflow(call) };
		}
		for (const agent of this.#agents) {
			if (agent.nextChangeAt < next.at) next = { at: agent.nextChangeAt, run: () => this.#agentMovesOn(agent) };
		}
		return next;
	}

	// Callers

	/** Thinning: candidates come at the peak rate and are kept in proportion to the load at this time of day. */
	#candidateArrives(queue: Queue): void {
		queue.nextArrivalAt = this.#now + this.#exponentialMs(HOUR / queue.peakCallsPerHour);
		if (this.#random() >= this.#loadAt(this.#now)) return;
		this.#callCount += 1;
		this.#enqueue(`${this.#idPrefix}-call${this.#callCount}`, queue, this.#now + this.#exponentialMs(MEAN_PATIENCE_MS));
	}

	#enqueue(id: string, queue: Queue, givesUpAt: number): void {
		this.#record({ type: 'call.queued', call: id, queue: queue.name, caller: fictionalCaller(id) });
		const overflowAt = queue.overflowTo ? this.#now + queue.overflowAfterMs : Infinity;
		this.#waiting.push({ id, queue, givesUpAt, overflowAt });
	}

	#abandon(call: WaitingCall): void {
		this.#stopWaiting(call);
		this.#record({ type: 'call.abandoned', call: call.id, queue: call.queue.name });
	}

	/** The caller keeps the patience left: only the queue changes. */
	#overflow(call: WaitingCall): void {
		this.#stopWaiting(call);
		this.#record({ type: 'call.dequeued', call: call.id, queue: call.queue.name });
		if (call.queue.overflowTo) this.#enqueue(call.id, call.queue.overflowTo, call.givesUpAt);
	}

	#stopWaiting(call: WaitingCall): void {
		this.#waiting.splice(this.#waiting.indexOf(call), 1);
	}

	/** Longest-waiting calls first, each to the agent of its queue who has been idle longest. */
	#dispatch(): void {
		if (this.#waiting.length === 0) return;
		this.#waiting = this.#waiting.filter((call) => {
			const agent = this.#longestIdleAgent(call.queue.name);
			if (agent) this.#reserve(agent, call);
			return agent === undefined;
		});
	}

	#longestIdleAgent(queue: string): Agent | undefined {
		let chosen: Agent | undefined;
		for (const agent of this.#agents) {
			if (agent.state !== 'ready' || !agent.queues.includes(queue)) continue;
			if (chosen === undefined || agent.readySince < chosen.readySince) chosen = agent;
		}
		return chosen;
	}

	// Agents

	#agentMovesOn(agent: Agent): void {
		switch (agent.state) {
			case 'logged_out':
				if (this.#now < agent.offDutyAt) this.#logIn(agent);
				else this.#planShift(agent, this.#now); // the whole shift fell into a pause
				return;
			case 'reserved':
				return this.#answer(agent);
			case 'talking':
				return this.#hangUp(agent);
			default:
				return this.#becomeAvailable(agent);
		}
	}

	#reserve(agent: Agent, call: WaitingCall): void {
		agent.call = { id: call.id, queue: call.queue.name };
		this.#setState(agent, 'reserved');
		// Whole seconds, as UCCX counts ring time (AgentConnectionDetail.ringTime): the emulated site then gives
		// the very answer times of these events.
		agent.nextChangeAt = this.#now + Math.round(this.#uniformMs(RING_S) / SECOND) * SECOND;
	}

	#answer(agent: Agent): void {
		const call = agent.call!;
		this.#record({ type: 'call.answered', call: call.id, queue: call.queue, agent: agent.login });
		this.#setState(agent, 'talking');
		agent.nextChangeAt = this.#now + Math.round(TALK_MEDIAN_S * SECOND * Math.exp(TALK_SPREAD * this.#normal()));
	}

	#hangUp(agent: Agent): void {
		const call = agent.call!;
		this.#record({ type: 'call.ended', call: call.id, queue: call.queue, agent: agent.login });
		agent.call = undefined;
		this.#setState(agent, 'work');
		agent.nextChangeAt = this.#now + this.#uniformMs(WRAP_UP_S);
	}

	/** After a call, a break or an idle spell: the shift may be over, a break may be due. */
	#becomeAvailable(agent: Agent): void {
		if (this.#now >= agent.offDutyAt) this.#logOut(agent);
		else if (this.#now >= agent.nextBreakAt) this.#startBreak(agent);
		else this.#becomeReady(agent);
	}

	#becomeReady(agent: Agent): void {
		if (agent.state !== 'ready') {
			this.#setState(agent, 'ready');
			agent.readySince = this.#now;
		}
		agent.nextChangeAt = this.#idleUntil(agent);
	}

	#idleUntil(agent: Agent): number {
		return Math.min(agent.nextBreakAt, agent.offDutyAt);
	}

	#startBreak(agent: Agent): void {
		const { reason, minutes } = this.#pick(NOT_READY_REASONS, (entry) => entry.weight);
		this.#setState(agent, 'not_ready', reason);
		agent.nextChangeAt = this.#now + this.#uniformMs(minutes.map((m) => m * 60));
		agent.nextBreakAt = agent.nextChangeAt + this.#exponentialMs(BREAK_EVERY_MS);
	}

	#logIn(agent: Agent): void {
		agent.nextBreakAt = this.#now + this.#exponentialMs(BREAK_EVERY_MS);
		this.#becomeReady(agent);
	}

	#logOut(agent: Agent): void {
		this.#setState(agent, 'logged_out', LOGOUT_REASON);
		// Planned from an hour on, so that a daylight-saving change cannot bring back the shift that just ended.
		this.#planShift(agent, this.#now + HOUR);
	}

	/** The agent's current shift, or the next one; people log in a few minutes early or late and finish their call. */
	#planShift(agent: Agent, from: number): void {
		const { start, length } = agent.team;
		const sinceStart = modulo(this.#timeOfDay(from) - start, DAY);
		const shift = from - sinceStart + (sinceStart < length ? 0 : DAY);
		agent.shiftStartsAt = shift + this.#uniformMs([-300, 300]);
		agent.offDutyAt = shift + length + this.#uniformMs([0, 600]);
		agent.nextChangeAt = agent.shiftStartsAt;
	}

	#hireAgents(count: number): Agent[] {
		const hiredByTeam = new Map<Team, number>();
		return Array.from({ length: count }, (_, index) => {
			const team = teamOf((index + 0.5) / count);
			const rank = hiredByTeam.get(team) ?? 0;
			hiredByTeam.set(team, rank + 1);
			// The first hires of each team take one queue each, so no queue is left unstaffed at any hour.
			const primary = this.#queues[rank] ?? this.#pick(this.#queues, (queue) => queue.peakCallsPerHour);
			return {
				login: loginOf(index),
				queues: [primary.name, ...this.#backupSkills(primary)],
				team,
				state: 'logged_out',
				nextChangeAt: Infinity,
				readySince: 0,
				call: undefined,
				nextBreakAt: Infinity,
				shiftStartsAt: Infinity,
				offDutyAt: Infinity
			};
		});
	}

	/** Most agents help with one or two other queues, the busy ones more often. */
	#backupSkills(primary: Queue): string[] {
		const others = this.#queues.filter((queue) => queue !== primary);
		const count = Math.min(
			others.length,
			this.#pick([0, 1, 2], (extra) => (extra === 0 ? 1 : 2))
		);
		return Array.from({ length: count }, () => {
			const backup = this.#pick(others, (queue) => queue.peakCallsPerHour);
			others.splice(others.indexOf(backup), 1);
			return backup.name;
		});
	}

	#setState(agent: Agent, state: AgentState, reason?: string): void {
		agent.state = state;
		this.#record({
			type: 'agent.state',
			agent: agent.login,
			state,
			...(reason ? { reason } : {}),
			queues: [...agent.queues]
		});
	}

	#record(event: Happened): void {
		this.#eventCount += 1;
		this.#events.push({ id: `${this.#idPrefix}-${this.#eventCount}`, at: new Date(this.#now).toISOString(), ...event });
	}

	// Time and chance

	get #now(): number {
		return this.#clock!;
	}

	#loadAt(time: number): number {
		const hours = this.#timeOfDay(time) / HOUR;
		const hour = Math.floor(hours);
		const weight = hours - hour;
		return HOURLY_LOAD[hour]! * (1 - weight) + HOURLY_LOAD[(hour + 1) % 24]! * weight;
	}

	/** Milliseconds since local midnight in the desk's zone. */
	#timeOfDay(time: number): number {
		return modulo(time + this.#zoneOffset(time), DAY);
	}

	/** UTC offsets only change on a quarter hour, so one lookup serves a whole quarter. */
	#zoneOffset(time: number): number {
		const slot = Math.floor(time / (15 * MINUTE));
		if (slot !== this.#offsetSlot) {
			const slotStart = slot * 15 * MINUTE;
			const part = Object.fromEntries(
				this.#zone.formatToParts(slotStart).map(({ type, value }) => [type, Number(value)])
			);
			this.#offset = Date.UTC(part.year!, part.month! - 1, part.day, part.hour, part.minute, part.second) - slotStart;
			this.#offsetSlot = slot;
		}
		return this.#offset;
	}

	#uniformMs([low, high]: readonly number[]): number {
		return Math.round((low! + (high! - low!) * this.#random()) * SECOND);
	}

	#exponentialMs(mean: number): number {
		return Math.round(-mean * Math.log(1 - this.#random()));
	}

	/** Standard normal draw (Box–Muller). */
	#normal(): number {
		return Math.sqrt(-2 * Math.log(1 - this.#random())) * Math.cos(2 * Math.PI * this.#random());
	}

	#pick<T>(items: readonly T[], weightOf: (item: T) => number): T {
		let left = this.#random() * items.reduce((sum, item) => sum + weightOf(item), 0);
		for (const item of items) {
			left -= weightOf(item);
			if (left < 0) return item;
		}
		return items[items.length - 1]!;
	}
}

function openQueues(profiles: readonly QueueProfile[]): Queue[] {
	const queues = profiles.map((profile) => ({
		name: profile.name,
		peakCallsPerHour: profile.peakCallsPerHour,
		overflowTo: undefined as Queue | undefined,
		overflowAfterMs: (profile.overflow?.afterSeconds ?? 0) * SECOND,
		nextArrivalAt: Infinity
	}));
	profiles.forEach((profile, index) => {
		if (!profile.overflow) return;
		const target = queues.find((queue) => queue.name === profile.overflow!.to);
		if (!target) throw new Error(`queue "${profile.name}" overflows to unknown queue "${profile.overflow.to}"`);
		queues[index]!.overflowTo = target;
	});
	return queues;
}

function teamOf(position: number): Team {
	let reached = 0;
	for (const team of TEAMS) {
		reached += team.share;
		if (position < reached) return team;
	}
	return TEAMS[TEAMS.length - 1]!;
}

/** The login names of a desk of `count` agents, in the order the simulator hires them. */
export function agentLogins(count: number): string[] {
	return Array.from({ length: count }, (_, index) => loginOf(index));
}

/** Unique login names such as "lea.dubois"; past 400 agents a number keeps them apart. */
export function loginOf(index: number): string {
	const first = index % FIRST_NAMES.length;
	const last = (first + Math.floor(index / FIRST_NAMES.length)) % LAST_NAMES.length;
	const round = Math.floor(index / (FIRST_NAMES.length * LAST_NAMES.length));
	return `${FIRST_NAMES[first]}.${LAST_NAMES[last]}${round > 0 ? round + 1 : ''}`;
}

function modulo(value: number, divisor: number): number {
	return ((value % divisor) + divisor) % divisor;
}

/** Small, fast, seedable PRNG (mulberry32): uniform in [0, 1). */
function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
