import type { AgentState, VigieEvent } from '../../../domain/event.ts';

/**
 * An emulated Cisco UCCX site, pure: it follows a floor's canonical events (the traffic simulator's) and says which
 * `db_cra` rows UCCX would write, and when (see db-cra.sql):
 * - AgentStateDetail at every change of agent state, at once (a login is a Logged-in row, then the new state);
 * - ContactQueueDetail and ContactRoutingDetail when the caller hangs up;
 * - ContactCallDetail and AgentConnectionDetail when the leg ends: at hang-up for a call no agent took, when the
 *   agent's wrap-up ends for one an agent took;
 * - an overflow is one queue row per CSQ: the CSQ that did not answer gets disposition 5 (handled by another
 *   CSQ) or 3 (dequeued) when no CSQ answered;
 * - a caller who hangs up in the IVR, before any queue step, is a call row alone (every IVR_ABANDON_EVERY-th call);
 * - RtCSQsSummary and RtICDStatistics, on demand, as the snapshot at that instant.
 * It also says which Finesse notification each change of agent state makes. Ids (session, resource, CSQ record,
 * reason codes, teams) are numbered in order of appearance, so the same events give the same rows.
 */

export interface SiteRow {
	table: SiteTable;
	row: Record<string, unknown>;
}

export type SiteTable =
	| 'contactcalldetail'
	| 'contactqueuedetail'
	| 'contactroutingdetail'
	| 'agentconnectiondetail'
	| 'agentstatedetail'
	| 'contactservicequeue'
	| 'resource'
	| 'reasoncodelabelmap'
	| 'team'
	| 'skill'
	| 'skillgroup'
	| 'resourceskillmapping'
	| 'rtcsqssummary'
	| 'rticdstatistics';

/** What Finesse publishes on `/finesse/api/Team/<id>/Users` when an agent's state changes. */
export interface FinesseUserChange {
	loginId: string;
	firstName: string;
	lastName: string;
	teamId: string;
	teamName: string;
	state: 'LOGOUT' | 'NOT_READY' | 'READY' | 'RESERVED' | 'TALKING' | 'WORK';
	/** Epoch milliseconds. */
	stateChangeTime: number;
	reasonCode?: { code: number; label: string; category: 'NOT_READY' | 'LOGOUT'; id: number };
}

export interface SiteOutput {
	rows: SiteRow[];
	finesse: FinesseUserChange[];
}

export interface SiteOptions {
	/** The CSQs, in order (their record ids follow it). */
	queues: readonly string[];
	/** The agents' login ids, in order (their resource ids follow it). */
	agents: readonly string[];
	/** Agents per Finesse team. */
	teamSize?: number;
	/** The node that handles calls (ContactCallDetail.nodeID); it changes on a failover. */
	nodeId?: number;
	/** First session id; sessions are numbered from it. */
	firstSessionId?: number;
	/** The CSQs' service level threshold (seconds), for metServiceLevel. */
	serviceLevelSeconds?: number;
	/** IANA zone of the UCCX server, for when the real-time counters restart (midnight). */
	timezone?: string;
}

const PROFILE_ID = 1;
/** Every this-many calls, one more caller who hangs up in the IVR before being queued (a call row alone). */
const IVR_ABANDON_EVERY = 40;
/** Time in the IVR before the call is queued (greeting, menu). */
const IVR_MS = 4000;
const FIRST_RECORD_ID = 100;
const FIRST_RESOURCE_ID = 2000;
const NOT_READY_CODES: Readonly<Record<string, number>> = { Pause: 1, 'Back-office': 2, Réunion: 3, Formation: 4 };
const LOGOUT_CODES: Readonly<Record<string, number>> = { 'Fin de service': 20 };

/** AgentStateDetail.eventType of each canonical state (1 is the login itself). */
const EVENT_TYPES: Readonly<Record<AgentState, number>> = {
	not_ready: 2,
	ready: 3,
	reserved: 4,
	talking: 5,
	work: 6,
	logged_out: 7
};

const FINESSE_STATES: Readonly<Record<AgentState, FinesseUserChange['state']>> = {
	not_ready: 'NOT_READY',
	ready: 'READY',
	reserved: 'RESERVED',
	talking: 'TALKING',
	work: 'WORK',
	logged_out: 'LOGOUT'
};

interface QueueEntry {
	csq: string;
	qIndex: number;
	start: number;
	end?: number;
	outcome?: 'abandoned' | 'dequeued' | 'answered';
	/** When the call was delivered to the agent's phone (it starts to ring). */
	ringStart?: number;
}

interface Call {
	sessionId: number;
	legStart: number;
	caller: string;
	entries: QueueEntry[];
}

interface AgentInfo {
	resourceId: number;
	teamId: number;
	firstName: string;
	lastName: string;
	state: AgentState;
	reason: string | undefined;
	queues: string[];
	reservedAt: number;
	/** When the agent's current state began (0: never seen logged in). */
	since: number;
	/** The call taken, until its rows are written at the end of wrap-up. */
	call?: {
		call: Call;
		entry: QueueEntry;
		answeredAt: number;
		endedAt?: number;
	};
}

/** Since-midnight counters of one CSQ (or of the whole system), as RTSS keeps them. */
interface Counters {
	presented: number;
	handled: number;
	abandoned: number;
	dequeued: number;
	talkMs: number;
	longestTalkMs: number;
	waitMs: number;
	longestWaitMs: number;
}

const emptyCounters = (): Counters => ({
	presented: 0,
	handled: 0,
	abandoned: 0,
	dequeued: 0,
	talkMs: 0,
	longestTalkMs: 0,
	waitMs: 0,
	longestWaitMs: 0
});

export class UccxSiteModel {
	readonly #queues: Map<string, { recordId: number; csqId: number }>;
	readonly #agents = new Map<string, AgentInfo>();
	readonly #calls = new Map<string, Call>();
	readonly #reasonCodes = new Map<string, { code: number; category: 'NOT_READY' | 'LOGOUT' }>();
	readonly #teams: { id: number; name: string }[] = [];
	readonly #serviceLevelMs: number;
	readonly #zone: Intl.DateTimeFormat;
	#nodeId: number;
	#nextSession: number;
	#callCount = 0;
	#counters = new Map<string, Counters>();
	#countersDay = '';
	#countersStart = 0;
	#pending: SiteRow[] = [];
	#finesse: FinesseUserChange[] = [];

	constructor(options: SiteOptions) {
		this.#nodeId = options.nodeId ?? 1;
		this.#nextSession = options.firstSessionId ?? 100_000_001;
		this.#serviceLevelMs = (options.serviceLevelSeconds ?? 20) * 1000;
		this.#zone = new Intl.DateTimeFormat('en-CA', {
			timeZone: options.timezone ?? 'Europe/Paris',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit'
		});
		this.#queues = new Map(
			options.queues.map((name, i) => [name, { recordId: FIRST_RECORD_ID + i, csqId: i + 1 }] as const)
		);
		const teamSize = options.teamSize ?? 25;
		options.agents.forEach((login, i) => {
			const teamIndex = Math.floor(i / teamSize);
			if (!this.#teams[teamIndex]) this.#teams[teamIndex] = { id: teamIndex + 1, name: `Équipe ${teamIndex + 1}` };
			const [first = login, last = ''] = login.split('.');
			this.#agents.set(login, {
				resourceId: FIRST_RESOURCE_ID + i,
				teamId: teamIndex + 1,
				firstName: capitalise(first),
				lastName: capitalise(last.replace(/\d+$/, '')),
				state: 'logged_out',
				reason: undefined,
				queues: [],
				reservedAt: 0,
				since: 0
			});
		});
		for (const [label, code] of Object.entries(NOT_READY_CODES))
			this.#reasonCodes.set(`NOT_READY|${label}`, { code, category: 'NOT_READY' });
		for (const [label, code] of Object.entries(LOGOUT_CODES))
			this.#reasonCodes.set(`LOGOUT|${label}`, { code, category: 'LOGOUT' });
	}

	/** The configuration tables (CSQs, agents, reason codes, teams) as the site's administrator made them. */
	configurationRows(): SiteRow[] {
		const rows: SiteRow[] = [];
		for (const [name, { recordId, csqId }] of this.#queues) {
			rows.push({
				table: 'contactservicequeue',
				row: {
					contactservicequeueid: csqId,
					profileid: PROFILE_ID,
					csqname: name,
					resourcepooltype: 2,
					servicelevel: this.#serviceLevelMs / 1000,
					servicelevelpercentage: 80,
					active: true,
					autowork: true,
					queuealgorithm: 'FIFO',
					recordid: recordId,
					skillgroupid: csqId,
					wrapuptime: 60,
					queuetype: 0
				}
			});
			// One skill per CSQ, and the CSQ's skill group asks for it.
			rows.push({ table: 'skill', row: { skillid: csqId, profileid: PROFILE_ID, skillname: name, active: true } });
			rows.push({
				table: 'skillgroup',
				row: { skillgroupid: csqId, skillid: csqId, profileid: PROFILE_ID, competencelevel: 1, active: true }
			});
		}
		for (const [login, agent] of this.#agents) {
			rows.push({
				table: 'resource',
				row: {
					resourceid: agent.resourceId,
					profileid: PROFILE_ID,
					resourceloginid: login,
					resourcename: `${agent.firstName} ${agent.lastName}`.trim(),
					resourcetype: 1,
					active: true,
					autoavail: false,
					extension: String(4000 + agent.resourceId - FIRST_RESOURCE_ID),
					assignedteamid: agent.teamId,
					resourceskillmapid: agent.resourceId,
					resourcefirstname: agent.firstName,
					resourcelastname: agent.lastName
				}
			});
		}
		for (const [key, { code, category }] of this.#reasonCodes) {
			rows.push({ table: 'reasoncodelabelmap', row: { code, category, label: key.slice(category.length + 1) } });
		}
		for (const team of this.#teams) {
			rows.push({ table: 'team', row: { teamid: team.id, profileid: PROFILE_ID, teamname: team.name, active: true } });
		}
		return rows;
	}

	/** The Finesse teams and their members who have signed in at least once, in their current state. */
	teams(): { id: string; name: string; members: FinesseUserChange[] }[] {
		return this.#teams.map((team) => ({
			id: String(team.id),
			name: team.name,
			members: [...this.#agents]
				.filter(([, agent]) => agent.teamId === team.id && agent.since > 0)
				.map(([login, agent]) => this.#finesseUser(login, agent, agent.since))
		}));
	}

	/** A UCCX failover: calls from now on are handled by the other node. */
	failOverTo(nodeId: number): void {
		this.#nodeId = nodeId;
	}

	/** Follows the floor's events (in time order) and returns what UCCX writes for them. */
	apply(events: readonly VigieEvent[]): SiteOutput {
		for (const event of events) this.#apply(event);
		const output = { rows: this.#pending, finesse: this.#finesse };
		this.#pending = [];
		this.#finesse = [];
		return output;
	}

	#apply(event: VigieEvent): void {
		const at = Date.parse(event.at);
		this.#rollCounters(at);
		switch (event.type) {
			case 'agent.state':
				return this.#agentState(event.agent, event.state, event.reason, event.queues, at);
			case 'call.queued':
				return this.#queued(event.call, event.queue, at, event.caller);
			case 'call.dequeued': {
				const entry = this.#entry(event.call, event.queue);
				if (entry) Object.assign(entry, { end: at, outcome: 'dequeued' });
				return;
			}
			case 'call.abandoned':
				return this.#abandoned(event.call, event.queue, at);
			case 'call.answered':
				return this.#answered(event.call, event.queue, event.agent, at);
			case 'call.ended':
				return this.#ended(event.call, event.agent, at);
		}
	}

	#agentState(login: string, state: AgentState, reason: string | undefined, queues: string[] | undefined, at: number) {
		const agent = this.#agents.get(login);
		if (!agent) throw new Error(`the emulated site has no agent ${login}`);
		if (queues && queues.join('\u0000') !== agent.queues.join('\u0000')) {
			// The agent's skills, as the administrator set them: one per CSQ the agent serves.
			for (const queue of queues.filter((q) => !agent.queues.includes(q))) {
				const csq = this.#queues.get(queue);
				if (!csq) continue;
				this.#pending.push({
					table: 'resourceskillmapping',
					row: {
						resourceskillmapid: agent.resourceId,
						skillid: csq.csqId,
						profileid: PROFILE_ID,
						competencelevel: 5,
						active: true
					}
				});
			}
			agent.queues = queues;
		}
		const previous = agent.state;
		if (previous === 'work' && agent.call) this.#legDone(login, agent, at);
		if (previous === 'logged_out' && state !== 'logged_out') this.#stateRow(agent, 1, 0, at);
		const code =
			state === 'not_ready' && reason
				? this.#reasonCode('NOT_READY', reason)
				: state === 'logged_out' && reason
					? this.#reasonCode('LOGOUT', reason)
					: 0;
		this.#stateRow(agent, EVENT_TYPES[state], code, at);
		agent.state = state;
		agent.reason = reason;
		agent.since = at;
		if (state === 'reserved') agent.reservedAt = at;
		this.#finesse.push(this.#finesseUser(login, agent, at));
	}

	#finesseUser(login: string, agent: AgentInfo, at: number): FinesseUserChange {
		const team = this.#teams[agent.teamId - 1]!;
		const category = agent.state === 'logged_out' ? 'LOGOUT' : 'NOT_READY';
		const reason =
			agent.reason && (agent.state === 'not_ready' || agent.state === 'logged_out')
				? this.#reasonCodes.get(`${category}|${agent.reason}`)
				: undefined;
		return {
			loginId: login,
			firstName: agent.firstName,
			lastName: agent.lastName,
			teamId: String(team.id),
			teamName: team.name,
			state: FINESSE_STATES[agent.state],
			stateChangeTime: at,
			...(reason ? { reasonCode: { code: reason.code, label: agent.reason!, category, id: reason.code } } : {})
		};
	}

	#stateRow(agent: AgentInfo, eventType: number, reasonCode: number, at: number): void {
		this.#pending.push({
			table: 'agentstatedetail',
			row: {
				agentid: agent.resourceId,
				eventdatetime: new Date(at),
				gmtoffset: 0,
				eventtype: eventType,
				reasoncode: reasonCode,
				profileid: PROFILE_ID
			}
		});
	}

	#reasonCode(category: 'NOT_READY' | 'LOGOUT', label: string): number {
		const key = `${category}|${label}`;
		let known = this.#reasonCodes.get(key);
		if (!known) {
			known = { code: 100 + this.#reasonCodes.size, category };
			this.#reasonCodes.set(key, known);
			this.#pending.push({ table: 'reasoncodelabelmap', row: { code: known.code, category, label } });
		}
		return known.code;
	}

	#queued(id: string, queue: string, at: number, caller: string | undefined): void {
		if (!this.#queues.has(queue)) throw new Error(`the emulated site has no CSQ ${queue}`);
		let call = this.#calls.get(id);
		if (!call) {
			this.#callCount++;
			if (this.#callCount % IVR_ABANDON_EVERY === 0) this.#ivrAbandon(at);
			call = {
				sessionId: this.#nextSession++,
				legStart: at - IVR_MS,
				// The caller's number as the floor gives it (UCCX writes it as originatorDN), else a made-up one.
				caller: caller ?? `06${String(10_000_000 + ((this.#callCount * 7919) % 90_000_000)).padStart(8, '0')}`,
				entries: []
			};
			this.#calls.set(id, call);
		}
		call.entries.push({ csq: queue, qIndex: call.entries.length + 1, start: at });
		this.#count(queue, (c) => c.presented++);
	}

	/** A caller who gave up during the greeting: a call row, no queue row, no event for Vigie. */
	#ivrAbandon(at: number): void {
		const sessionId = this.#nextSession++;
		this.#pending.push({
			table: 'contactcalldetail',
			row: this.#callRow(
				sessionId,
				at - IVR_MS - 2500,
				at - IVR_MS,
				1,
				`0199${String(sessionId % 1_000_000).padStart(6, '0')}`
			)
		});
	}

	#entry(id: string, queue: string): QueueEntry | undefined {
		return this.#calls.get(id)?.entries.findLast((entry) => entry.csq === queue);
	}

	#abandoned(id: string, queue: string, at: number): void {
		const call = this.#calls.get(id);
		const entry = this.#entry(id, queue);
		if (!call || !entry) return;
		Object.assign(entry, { end: at, outcome: 'abandoned' });
		this.#count(queue, (c) => {
			c.abandoned++;
			c.waitMs += at - entry.start;
			c.longestWaitMs = Math.max(c.longestWaitMs, at - entry.start);
		});
		// The caller hung up: queue and routing rows now, and the call row, since no agent has wrap-up to do.
		this.#queueRows(call, at);
		this.#pending.push({
			table: 'contactcalldetail',
			row: this.#callRow(call.sessionId, call.legStart, at, 1, call.caller)
		});
		this.#calls.delete(id);
	}

	#answered(id: string, queue: string, login: string, at: number): void {
		const call = this.#calls.get(id);
		const entry = this.#entry(id, queue);
		const agent = this.#agents.get(login);
		if (!call || !entry || !agent) return;
		// Delivered to the agent's phone when it started to ring (the agent's Reserved state).
		const ringStart = agent.reservedAt > entry.start && agent.reservedAt <= at ? agent.reservedAt : at;
		Object.assign(entry, { end: ringStart, outcome: 'answered', ringStart });
		agent.call = { call, entry, answeredAt: at };
		this.#count(queue, (c) => {
			c.handled++;
			c.waitMs += at - entry.start;
			c.longestWaitMs = Math.max(c.longestWaitMs, at - entry.start);
		});
	}

	#ended(id: string, login: string, at: number): void {
		const call = this.#calls.get(id);
		const agent = this.#agents.get(login);
		if (!call || !agent?.call) return;
		agent.call.endedAt = at;
		const talk = at - agent.call.answeredAt;
		this.#count(agent.call.entry.csq, (c) => {
			c.talkMs += talk;
			c.longestTalkMs = Math.max(c.longestTalkMs, talk);
		});
		this.#queueRows(call, at);
		this.#calls.delete(id);
	}

	/** The end of the agent's wrap-up: the connection and call rows of the leg. */
	#legDone(login: string, agent: AgentInfo, at: number): void {
		const { call, entry, answeredAt, endedAt } = agent.call!;
		agent.call = undefined;
		const end = endedAt ?? at;
		const ringStart = entry.ringStart ?? answeredAt;
		this.#pending.push({
			table: 'agentconnectiondetail',
			row: {
				sessionid: call.sessionId,
				sessionseqnum: 0,
				nodeid: this.#nodeId,
				profileid: PROFILE_ID,
				resourceid: agent.resourceId,
				startdatetime: new Date(ringStart),
				enddatetime: new Date(end),
				qindex: entry.qIndex,
				gmtoffset: 0,
				ringtime: Math.round((answeredAt - ringStart) / 1000),
				talktime: Math.max(1, Math.round((end - answeredAt) / 1000)),
				holdtime: 0,
				worktime: Math.round((at - end) / 1000)
			}
		});
		this.#pending.push({
			table: 'contactcalldetail',
			row: this.#callRow(call.sessionId, call.legStart, end, 2, call.caller)
		});
		void login;
	}

	/** One queue row per CSQ the call went through, written when the caller hangs up. */
	#queueRows(call: Call, at: number): void {
		const answered = call.entries.some((entry) => entry.outcome === 'answered');
		for (const entry of call.entries) {
			const end = entry.end ?? at;
			const disposition = entry.outcome === 'answered' ? 2 : entry.outcome === 'abandoned' ? 1 : answered ? 5 : 3;
			const queueTime = Math.round((end - entry.start) / 1000);
			this.#pending.push({
				table: 'contactqueuedetail',
				row: {
					sessionid: call.sessionId,
					sessionseqnum: 0,
					profileid: PROFILE_ID,
					nodeid: this.#nodeId,
					targetid: this.#queues.get(entry.csq)!.recordId,
					targettype: 0,
					qindex: entry.qIndex,
					queueorder: entry.qIndex,
					disposition,
					metservicelevel: disposition === 2 && end - entry.start <= this.#serviceLevelMs,
					queuetime: queueTime,
					startdatetime: new Date(entry.start),
					enddatetime: new Date(end)
				}
			});
			if (disposition === 3 || disposition === 5) this.#count(entry.csq, (c) => c.dequeued++);
		}
		this.#pending.push({
			table: 'contactroutingdetail',
			row: {
				sessionid: call.sessionId,
				sessionseqnum: 0,
				nodeid: this.#nodeId,
				profileid: PROFILE_ID,
				startdatetime: new Date(call.legStart),
				enddatetime: new Date(at),
				gmtoffset: 0,
				qindex: call.entries.length
			}
		});
	}

	#callRow(sessionId: number, start: number, end: number, disposition: number, caller: string) {
		return {
			sessionid: sessionId,
			sessionseqnum: 0,
			nodeid: this.#nodeId,
			profileid: PROFILE_ID,
			contacttype: 1,
			contactdisposition: disposition,
			originatortype: 3,
			originatordn: caller,
			destinationtype: disposition === 2 ? 1 : 2,
			destinationdn: '3000',
			startdatetime: new Date(start),
			enddatetime: new Date(end),
			gmtoffset: 0,
			callednumber: '3000',
			origcallednumber: '3000',
			applicationname: 'Support',
			connecttime: Math.round((end - start) / 1000),
			transfer: false,
			redirect: false,
			conference: false,
			flowout: false
		};
	}

	// Real-time snapshot

	#count(queue: string, change: (counters: Counters) => void): void {
		for (const key of [queue, '']) {
			let counters = this.#counters.get(key);
			if (!counters) this.#counters.set(key, (counters = emptyCounters()));
			change(counters);
		}
	}

	/** The cumulative counters start again at the UCCX server's midnight. */
	#rollCounters(at: number): void {
		const day = this.#zone.format(at);
		if (day === this.#countersDay) return;
		this.#countersDay = day;
		this.#countersStart = at;
		this.#counters = new Map();
	}

	/** RtCSQsSummary and RtICDStatistics as UCCX writes them at `now`. */
	snapshot(now: number): SiteRow[] {
		this.#rollCounters(now);
		const rows: SiteRow[] = [];
		const waiting = new Map<string, { count: number; oldest: number }>();
		for (const call of this.#calls.values()) {
			for (const entry of call.entries) {
				if (entry.outcome !== undefined) continue;
				const known = waiting.get(entry.csq) ?? { count: 0, oldest: Infinity };
				waiting.set(entry.csq, { count: known.count + 1, oldest: Math.min(known.oldest, entry.start) });
			}
		}
		const agentCounts = (belongs: (agent: AgentInfo) => boolean) => {
			const counts = { loggedIn: 0, ready: 0, notReady: 0, talking: 0, work: 0, reserved: 0 };
			for (const agent of this.#agents.values()) {
				if (!belongs(agent) || agent.state === 'logged_out') continue;
				counts.loggedIn++;
				if (agent.state === 'ready') counts.ready++;
				else if (agent.state === 'not_ready') counts.notReady++;
				else if (agent.state === 'talking') counts.talking++;
				else if (agent.state === 'work') counts.work++;
				else if (agent.state === 'reserved') counts.reserved++;
			}
			return counts;
		};
		const figures = (
			counters: Counters,
			agents: ReturnType<typeof agentCounts>,
			wait: { count: number; oldest: number }
		) => {
			const oldest = wait.count > 0 ? now - wait.oldest : 0;
			const answeredOrAbandoned = counters.handled + counters.abandoned;
			return {
				loggedinagents: agents.loggedIn,
				availableagents: agents.ready,
				unavailableagents: agents.notReady,
				talkingagents: agents.talking,
				workingagents: agents.work,
				reservedagents: agents.reserved,
				totalcalls: counters.presented,
				callshandled: counters.handled,
				callsabandoned: counters.abandoned,
				callswaiting: wait.count,
				oldestcontact: oldest,
				avgtalkduration: counters.handled > 0 ? Math.round(counters.talkMs / counters.handled) : 0,
				avgwaitduration: answeredOrAbandoned > 0 ? Math.round(counters.waitMs / answeredOrAbandoned) : 0,
				longesttalkduration: counters.longestTalkMs,
				longestwaitduration: counters.longestWaitMs,
				startdatetime: new Date(this.#countersStart - (this.#countersStart % 1000)),
				enddatetime: new Date(now - (now % 1000)),
				convavgtalkduration: hms(counters.handled > 0 ? counters.talkMs / counters.handled : 0),
				convavgwaitduration: hms(answeredOrAbandoned > 0 ? counters.waitMs / answeredOrAbandoned : 0),
				convlongesttalkduration: hms(counters.longestTalkMs),
				convlongestwaitduration: hms(counters.longestWaitMs),
				convoldestcontact: hms(oldest)
			};
		};
		for (const csq of this.#queues.keys()) {
			const counters = this.#counters.get(csq) ?? emptyCounters();
			rows.push({
				table: 'rtcsqssummary',
				row: {
					csqname: csq,
					...figures(
						counters,
						agentCounts((agent) => agent.queues.includes(csq)),
						waiting.get(csq) ?? { count: 0, oldest: Infinity }
					),
					callsdequeued: counters.dequeued
				}
			});
		}
		const all = [...waiting.values()].reduce(
			(sum, w) => ({ count: sum.count + w.count, oldest: Math.min(sum.oldest, w.oldest) }),
			{ count: 0, oldest: Infinity }
		);
		rows.push({
			table: 'rticdstatistics',
			row: {
				type: 'voice',
				totalcsqs: this.#queues.size,
				...figures(
					this.#counters.get('') ?? emptyCounters(),
					agentCounts(() => true),
					all
				)
			}
		});
		return rows;
	}
}

function capitalise(word: string): string {
	return word.length === 0 ? word : word[0]!.toUpperCase() + word.slice(1);
}

/** Milliseconds as HH:MM:SS, as RTSS's `conv…` columns show them. */
function hms(ms: number): string {
	const total = Math.floor(ms / 1000);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(Math.min(99, Math.floor(total / 3600)))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}
