/**
 * Asterisk `queue_log` → Vigie canonical events (contract §1).
 *
 * A line is `time|callid|queue|agent|VERB|data1|data2|…`; callid becomes `call`, queue becomes `queue`, and the
 * agent is kept exactly as written (`SIP/8007`, `Agent/1001`, `Alice`).
 *
 *   ENTERQUEUE                                    → call.queued (with data2, the caller id, as `caller`)
 *   CONNECT                                       → call.answered (agent)      + agent.state talking
 *   ABANDON                                       → call.abandoned
 *   EXITWITHTIMEOUT, EXITEMPTY, EXITWITHKEY       → call.dequeued
 *   COMPLETECALLER, COMPLETEAGENT,
 *   TRANSFER, BLINDTRANSFER, ATTENDEDTRANSFER     → call.ended (agent)         + agent.state ready | not_ready
 *   AGENTLOGIN, ADDMEMBER                         → agent.state ready (not_ready if paused), serves the queue
 *   REMOVEMEMBER                                  → agent.state, no longer serves the queue; logged_out with none left
 *   AGENTLOGOFF                                   → agent.state logged_out
 *   PAUSE, PAUSEALL (reason in data1)             → agent.state not_ready with the reason
 *   UNPAUSE, UNPAUSEALL                           → agent.state ready
 *   QUEUESTART, CONFIGRELOAD, RINGNOANSWER, RINGCANCELED, any other verb → nothing (`{ events: [] }`)
 *
 * Every agent line yields the agent's resulting state, and every `agent.state` carries `queues`: the queues the
 * translator knows the agent serves. So the translator is stateful: feed it a file from its beginning, in order.
 * During a call the resulting state stays `talking`; a pause taken mid-call shows as `not_ready` when the call ends.
 *
 * Time: epoch seconds (`1366720340`, `1366720340.123`, the file form) is an absolute instant. The database form
 * `YYYY-MM-DD HH:MM:SS[.ffffff]` is wall-clock time in `timezone` (`timestamps: 'auto' | 'local'`) or UTC
 * (`timestamps: 'utc'`, for sites with `queue_log_realtime_use_gmt = yes`). A wall-clock time that does not exist
 * (spring-forward gap) is read with the offset in force before the change; one that happens twice (fall-back hour)
 * is read as the instant nearest the previous line's, or the earlier instant when there is no previous line.
 *
 * Ids: `ql-` + 16 hex digits of the SHA-1 of the line (fields trimmed), then `-2` for the second event of the same
 * line. The same line always gives the same ids, so a file read twice, or a rotated file overlapping the old one,
 * counts each event once.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { AgentState, CallEventType, VigieEvent } from '../../../domain/event.ts';

export type QueueLogTimestamps = 'auto' | 'utc' | 'local';

export interface QueueLogOptions {
	/** IANA zone of the Asterisk server, for the database (datetime) form of the time. */
	timezone: string;
	/** How to read the datetime form: `auto` and `local` = wall-clock time in `timezone`, `utc` = GMT. */
	timestamps?: QueueLogTimestamps;
}

export type QueueLogResult = { events: VigieEvent[] } | { error: string };

export interface QueueLogRejection {
	/** 1-based line number in the file. */
	line: number;
	raw: string;
	error: string;
}

/** An event before the translator stamps it with its id and time. */
type Draft = VigieEvent extends infer E ? (E extends VigieEvent ? Omit<E, 'id' | 'at'> : never) : never;

/** One queue_log line, split and trimmed. `NONE` in callid, queue or agent is read as "not given". */
interface QueueLogLine {
	verb: string;
	callId: string | undefined;
	queue: string | undefined;
	agent: string | undefined;
	data: string[];
}

/** A line that cannot be translated; its message names the faulty field. */
class BadLine extends Error {}

const MIN_FIELDS = 5;
const MAX_NAME = 128;
const ID_HEX_DIGITS = 16;

// ---------------------------------------------------------------------------------------------------------------
// Verbs

type Handler = (line: QueueLogLine, agents: AgentRoster) => Draft[];

const callHandler =
	(type: Exclude<CallEventType, 'call.answered' | 'call.ended'>): Handler =>
	(line) => [{ type, call: required(line, 'callId'), queue: required(line, 'queue') }];

/** The call is over for the agent too: back to ready, or to the pause asked for during the call. */
const callEnded: Handler = (line, agents) => {
	const call = required(line, 'callId');
	const queue = required(line, 'queue');
	const agent = required(line, 'agent');
	return [{ type: 'call.ended', call, queue, agent }, agents.endCall(agent, queue)];
};

const dequeued = callHandler('call.dequeued');

/** Caller ids that say there is none (withheld, or unknown to the telephony). */
const NO_CALLER = /^(|unknown|anonymous|private|restricted|<unknown>)$/i;
const MAX_CALLER = 32;

/**
 * ENTERQUEUE's data2 is the caller id (`ENTERQUEUE|url|callerid|position`): kept for call-backs when it names
 * someone. One that says "none" or is longer than the contract allows is left out: the call still counts.
 */
const queued: Handler = (line) => {
	const caller = line.data[1]?.trim() ?? '';
	const known = !NO_CALLER.test(caller) && caller.length <= MAX_CALLER;
	return [
		{ type: 'call.queued', call: required(line, 'callId'), queue: required(line, 'queue'), ...(known && { caller }) }
	];
};

const VERBS: Record<string, Handler> = {
	ENTERQUEUE: queued,
	CONNECT: (line, agents) => {
		const call = required(line, 'callId');
		const queue = required(line, 'queue');
		const agent = required(line, 'agent');
		return [{ type: 'call.answered', call, queue, agent }, agents.startCall(agent, queue)];
	},
	ABANDON: callHandler('call.abandoned'),
	EXITWITHTIMEOUT: dequeued,
	EXITEMPTY: dequeued,
	EXITWITHKEY: dequeued,
	COMPLETECALLER: callEnded,
	COMPLETEAGENT: callEnded,
	TRANSFER: callEnded,
	BLINDTRANSFER: callEnded,
	ATTENDEDTRANSFER: callEnded,

	// chan_agent / app_agent_pool logins often carry queue NONE: the agent logs in without naming a queue.
	AGENTLOGIN: (line, agents) => [agents.logIn(required(line, 'agent'), line.queue)],
	ADDMEMBER: (line, agents) => [agents.logIn(required(line, 'agent'), required(line, 'queue'))],
	REMOVEMEMBER: (line, agents) => [agents.leaveQueue(required(line, 'agent'), required(line, 'queue'))],
	AGENTLOGOFF: (line, agents) => [agents.logOut(required(line, 'agent'))],
	// Asterisk writes PAUSEALL (queue NONE) and then one PAUSE per queue for a single pause: each says the same.
	PAUSE: (line, agents) => [agents.pause(required(line, 'agent'), line.queue, line.data[0])],
	PAUSEALL: (line, agents) => [agents.pause(required(line, 'agent'), undefined, line.data[0])],
	UNPAUSE: (line, agents) => [agents.unpause(required(line, 'agent'), line.queue)],
	UNPAUSEALL: (line, agents) => [agents.unpause(required(line, 'agent'), undefined)],

	// Asterisk (re)started: no call survived it, whatever lines are missing. Members and pauses are restored by
	// Asterisk itself (persistent members), so only the calls are forgotten. Nothing to emit.
	QUEUESTART: (_line, agents) => {
		agents.forgetCalls();
		return [];
	}
};

const FIELD_NAMES = { callId: 'callid', queue: 'queue', agent: 'agent' } as const;

/** A field the verb cannot do without. */
function required(line: QueueLogLine, field: keyof typeof FIELD_NAMES): string {
	const value = line[field];
	if (value === undefined) {
		throw new BadLine(`${FIELD_NAMES[field]} is empty or NONE, but ${line.verb} needs it`);
	}
	return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Agents

interface AgentRecord {
	loggedIn: boolean;
	/** Queues the agent serves, as far as the log has told us (ADDMEMBER, AGENTLOGIN, CONNECT). */
	queues: Set<string>;
	paused: boolean;
	pauseReason: string | undefined;
	onCall: boolean;
}

/**
 * What the log has told us about each agent. Any sign of activity (a pause, a call) means the agent is logged in
 * and serves that queue: a file picked up mid-day still gives sensible states.
 */
class AgentRoster {
	#agents = new Map<string, AgentRecord>();

	logIn(agent: string, queue: string | undefined): Draft {
		const record = this.#active(agent, queue);
		return this.#state(agent, record);
	}

	leaveQueue(agent: string, queue: string): Draft {
		const record = this.#record(agent);
		record.queues.delete(queue);
		if (record.queues.size === 0) this.#signOff(record);
		return this.#state(agent, record);
	}

	/**
	 * Memberships are kept across a logoff: static members (`Agent/1001` in queues.conf) log off and on again
	 * without any ADDMEMBER line, and they still serve the same queues. REMOVEMEMBER is what ends a membership.
	 */
	logOut(agent: string): Draft {
		const record = this.#record(agent);
		this.#signOff(record);
		return this.#state(agent, record);
	}

	/** Vigie keeps one state per agent: a pause in one queue makes the agent not ready. */
	pause(agent: string, queue: string | undefined, reason: string | undefined): Draft {
		const record = this.#active(agent, queue);
		record.paused = true;
		record.pauseReason = reason === undefined || reason === '' ? undefined : reason;
		return this.#state(agent, record);
	}

	unpause(agent: string, queue: string | undefined): Draft {
		const record = this.#active(agent, queue);
		record.paused = false;
		record.pauseReason = undefined;
		return this.#state(agent, record);
	}

	startCall(agent: string, queue: string): Draft {
		const record = this.#active(agent, queue);
		record.onCall = true;
		return this.#state(agent, record);
	}

	endCall(agent: string, queue: string): Draft {
		const record = this.#active(agent, queue);
		record.onCall = false;
		return this.#state(agent, record);
	}

	forgetCalls(): void {
		for (const record of this.#agents.values()) record.onCall = false;
	}

	#record(agent: string): AgentRecord {
		let record = this.#agents.get(agent);
		if (record === undefined) {
			record = { loggedIn: false, queues: new Set(), paused: false, pauseReason: undefined, onCall: false };
			this.#agents.set(agent, record);
		}
		return record;
	}

	#active(agent: string, queue: string | undefined): AgentRecord {
		const record = this.#record(agent);
		record.loggedIn = true;
		if (queue !== undefined) record.queues.add(queue);
		return record;
	}

	#signOff(record: AgentRecord): void {
		record.loggedIn = false;
		record.paused = false;
		record.pauseReason = undefined;
		record.onCall = false;
	}

	#state(agent: string, record: AgentRecord): Draft {
		const state: AgentState = !record.loggedIn
			? 'logged_out'
			: record.onCall
				? 'talking'
				: record.paused
					? 'not_ready'
					: 'ready';
		const queues = [...record.queues].sort();
		return state === 'not_ready' && record.pauseReason !== undefined
			? { type: 'agent.state', agent, state, reason: record.pauseReason, queues }
			: { type: 'agent.state', agent, state, queues };
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Time

const EPOCH = /^(\d{1,12})(?:\.(\d+))?$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** Fraction digits to whole milliseconds, truncated: `.123456` → 123, `.5` → 500. */
function fractionMs(digits: string | undefined): number {
	return digits === undefined ? 0 : Number(digits.slice(0, 3).padEnd(3, '0'));
}

// ---------------------------------------------------------------------------------------------------------------
// Translator

/**
 * Turns queue_log lines into canonical events, one line at a time, remembering each agent's queues and pause.
 * Keep one translator per file (or per followed file) and feed it the lines in order.
 */
export class QueueLogTranslator {
	#datetimeZone: string;
	#agents = new AgentRoster();
	/** Instant of the previous translated line: settles the repeated hour when clocks go back. */
	#previousMs: number | undefined;

	/** @throws RangeError on an unknown time zone or `timestamps` value: a configuration error, not a bad line. */
	constructor(options: QueueLogOptions) {
		const timestamps = options.timestamps ?? 'auto';
		if (!['auto', 'utc', 'local'].includes(timestamps)) {
			throw new RangeError(`timestamps must be auto, utc or local, not "${timestamps}"`);
		}
		if (!DateTime.now().setZone(options.timezone).isValid) {
			throw new RangeError(`unknown time zone "${options.timezone}"`);
		}
		this.#datetimeZone = timestamps === 'utc' ? 'UTC' : options.timezone;
	}

	/** The zone datetime-form times are read in (`UTC` with `timestamps: 'utc'`), for the operator's log. */
	get datetimeZone(): string {
		return this.#datetimeZone;
	}

	translate(line: string): QueueLogResult {
		const text = line.replace(/\r?\n$/, '').trim();
		try {
			if (text.includes('\n')) throw new BadLine('holds several lines; translate them one at a time');
			const fields = text.split('|').map((field) => field.trim());
			if (fields.length < MIN_FIELDS) {
				throw new BadLine(
					`expected at least ${MIN_FIELDS} fields separated by | (time|callid|queue|agent|event), found ${fields.length}`
				);
			}
			const [time, callId, queue, agent, verb, ...data] = fields as [string, string, string, string, string];
			const ms = this.#instant(time);
			if (verb === '') throw new BadLine('event (5th field) is empty');
			const parsed: QueueLogLine = {
				verb: verb.toUpperCase(),
				callId: name(callId, 'callid'),
				queue: name(queue, 'queue'),
				agent: name(agent, 'agent'),
				data
			};
			const drafts = VERBS[parsed.verb]?.(parsed, this.#agents) ?? [];
			this.#previousMs = ms;
			const at = new Date(ms).toISOString();
			const id = lineId(fields);
			// id, type and at first: the order people read an event in.
			const stamp = (draft: Draft, i: number): VigieEvent =>
				Object.assign({ id: i === 0 ? id : `${id}-${i + 1}`, type: draft.type, at }, draft);
			return { events: drafts.map(stamp) };
		} catch (error) {
			if (error instanceof BadLine) return { error: error.message };
			throw error;
		}
	}

	/** The time field as epoch milliseconds. */
	#instant(time: string): number {
		const epoch = EPOCH.exec(time);
		if (epoch) {
			const ms = Number(epoch[1]) * 1000 + fractionMs(epoch[2]);
			if (!Number.isFinite(new Date(ms).getTime())) throw new BadLine(`time "${time}" is out of range`);
			return ms;
		}
		const parts = DATETIME.exec(time);
		if (!parts) {
			throw new BadLine(
				time === ''
					? 'time is empty'
					: `time "${time}" is neither epoch seconds nor a date and time YYYY-MM-DD HH:MM:SS[.ffffff]`
			);
		}
		const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [
			number,
			number,
			number,
			number,
			number,
			number
		];
		const wallClock = DateTime.fromObject(
			{ year, month, day, hour, minute, second, millisecond: fractionMs(parts[7]) },
			{ zone: this.#datetimeZone }
		);
		if (!wallClock.isValid) throw new BadLine(`time "${time}" is not a valid date and time`);
		// In a spring-forward gap luxon moves the wall clock forward by the gap: the offset before the change.
		const readings = wallClock
			.getPossibleOffsets()
			.map((reading) => reading.toMillis())
			.sort((a, b) => a - b);
		return this.#nearestToPrevious(readings);
	}

	/** The fall-back hour happens twice: lines are chronological, so take the reading closest to the last line. */
	#nearestToPrevious(readings: number[]): number {
		const previous = this.#previousMs;
		let best = readings[0]!;
		if (previous === undefined) return best;
		for (const reading of readings) {
			if (Math.abs(reading - previous) < Math.abs(best - previous)) best = reading;
		}
		return best;
	}
}

/** `NONE` (and an empty field) mean "not given" in queue_log. */
function name(value: string, field: string): string | undefined {
	if (value === '' || value === 'NONE') return undefined;
	if (value.length > MAX_NAME) throw new BadLine(`${field} is longer than ${MAX_NAME} characters`);
	return value;
}

/** The id depends on the line alone, so re-reading a file gives the same ids. */
function lineId(fields: readonly string[]): string {
	return `ql-${createHash('sha1').update(fields.join('|')).digest('hex').slice(0, ID_HEX_DIGITS)}`;
}

/**
 * Translates a whole file with a fresh translator. Blank lines are skipped but counted, so line numbers match the
 * file (1-based).
 */
export function translateQueueLog(
	text: string,
	options: QueueLogOptions
): { events: VigieEvent[]; rejected: QueueLogRejection[] } {
	const translator = new QueueLogTranslator(options);
	const events: VigieEvent[] = [];
	const rejected: QueueLogRejection[] = [];
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i]!.replace(/\r$/, '');
		if (raw.trim() === '') continue;
		const result = translator.translate(raw);
		if ('error' in result) rejected.push({ line: i + 1, raw, error: result.error });
		else events.push(...result.events);
	}
	return { events, rejected };
}
