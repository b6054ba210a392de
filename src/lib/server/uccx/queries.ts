/**
 * Every statement Vigie sends to a UCCX database, in one place. They must run unchanged on Informix (a real site)
 * and on PostgreSQL (the emulated site, through Debian's ODBC driver), so they keep to what both read alike:
 * - no LIMIT/FIRST/SKIP, no `::` casts, no ILIKE; comma joins; `CAST(… AS VARCHAR(n))`;
 * - times are parameters, written `YYYY-MM-DD HH:MM:SS.FFF` (UTC), which both compare with a datetime column;
 * - session ids (decimal(18)) come back as text, so that none is rounded through a JavaScript number;
 * - every historical read is bounded by its time window on the column Cisco's own reports filter on
 *   (ContactCallDetail.startDateTime, AgentStateDetail.eventDateTime), never a scan of the whole table: Cisco asks
 *   wallboards to spare the database's CPU (TAC note 116798). Column names are unquoted (folded to lower case).
 * Should Informix ever need a different form of one of them, it goes here, behind the same function.
 */

export interface Statement {
	sql: string;
	parameters: string[];
}

/** A UTC instant as Informix's `datetime year to fraction(3)` text. */
export function uccxTime(ms: number): string {
	return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

const LEG_KEY = 'CAST(c.sessionID AS VARCHAR(20)) AS sessionID, c.sessionSeqNum, c.nodeID, c.profileID';
const LEG_JOIN = (table: string) =>
	`${table}.sessionID = c.sessionID AND ${table}.sessionSeqNum = c.sessionSeqNum AND ${table}.nodeID = c.nodeID AND ${table}.profileID = c.profileID`;
const LEG_WINDOW = 'c.startDateTime >= ? AND c.startDateTime < ?';

/** The call legs that started in [from, to). */
export function callLegs(from: number, to: number): Statement {
	return {
		sql: `SELECT ${LEG_KEY}, c.contactType, c.contactDisposition, c.originatorType, c.originatorDN, c.startDateTime, c.endDateTime
			FROM ContactCallDetail c WHERE ${LEG_WINDOW}`,
		parameters: [uccxTime(from), uccxTime(to)]
	};
}

/** The queue rows of those legs (a leg's rows are written with it or before it). */
export function queueRowsOfLegs(from: number, to: number): Statement {
	return {
		sql: `SELECT CAST(q.sessionID AS VARCHAR(20)) AS sessionID, q.sessionSeqNum, q.nodeID, q.profileID, q.targetID,
				q.targetType, q.qIndex, q.disposition, q.queueTime, q.startDateTime, q.endDateTime
			FROM ContactCallDetail c, ContactQueueDetail q WHERE ${LEG_WINDOW} AND ${LEG_JOIN('q')}`,
		parameters: [uccxTime(from), uccxTime(to)]
	};
}

/** The agent connections of those legs. */
export function connectionsOfLegs(from: number, to: number): Statement {
	return {
		sql: `SELECT CAST(a.sessionID AS VARCHAR(20)) AS sessionID, a.sessionSeqNum, a.nodeID, a.profileID, a.resourceID,
				a.startDateTime, a.endDateTime, a.qIndex, a.ringTime, a.talkTime, a.holdTime, a.workTime
			FROM ContactCallDetail c, AgentConnectionDetail a WHERE ${LEG_WINDOW} AND ${LEG_JOIN('a')}`,
		parameters: [uccxTime(from), uccxTime(to)]
	};
}

/** Agent state changes in [from, to). */
export function agentStates(from: number, to: number): Statement {
	return {
		sql: `SELECT agentID, eventDateTime, eventType, reasonCode, profileID
			FROM AgentStateDetail WHERE eventDateTime >= ? AND eventDateTime < ?`,
		parameters: [uccxTime(from), uccxTime(to)]
	};
}

/** The small configuration tables, read whole (inactive rows too: old calls point to them). */
export const NAME_TABLES = {
	resource: {
		sql: 'SELECT resourceID, profileID, resourceLoginID, resourceName, assignedTeamID, active FROM Resource',
		parameters: []
	},
	contactServiceQueue: {
		sql: 'SELECT recordID, profileID, csqName, active, serviceLevel, serviceLevelPercentage FROM ContactServiceQueue',
		parameters: []
	},
	reasonCodeLabelMap: { sql: 'SELECT code, category, label FROM ReasonCodeLabelMap', parameters: [] },
	team: { sql: 'SELECT teamID, profileID, teamName, active FROM Team', parameters: [] }
} as const satisfies Record<string, Statement>;

/**
 * Which CSQs each active agent serves: a skill-based CSQ, the agents with one of its skill group's skills; a
 * resource-group CSQ, the agents of its group. Gives agent states their `queues`, for per-queue agent figures.
 */
export const AGENT_CSQS: Statement = {
	sql: `SELECT r.resourceLoginID, c.csqName
		FROM Resource r, ResourceSkillMapping m, SkillGroup g, ContactServiceQueue c
		WHERE m.resourceSkillMapID = r.resourceSkillMapID AND m.profileID = r.profileID
			AND g.skillID = m.skillID AND g.profileID = m.profileID
			AND c.skillGroupID = g.skillGroupID AND c.profileID = g.profileID AND c.resourcePoolType = 2
			AND r.active = 't' AND m.active = 't' AND g.active = 't' AND c.active = 't'
		UNION
		SELECT r.resourceLoginID, c.csqName
		FROM Resource r, ContactServiceQueue c
		WHERE c.resourceGroupID = r.resourceGroupID AND c.profileID = r.profileID AND c.resourcePoolType = 1
			AND r.active = 't' AND c.active = 't'`,
	parameters: []
};

/** The real-time snapshot of every CSQ (user uccxwallboard). */
export const CSQ_SNAPSHOTS: Statement = {
	sql: `SELECT csqName, loggedInAgents, availableAgents, unavailableAgents, talkingAgents, workingAgents,
			reservedAgents, totalCalls, callsHandled, callsAbandoned, callsDequeued, callsWaiting, oldestContact,
			avgTalkDuration, avgWaitDuration, longestTalkDuration, longestWaitDuration, startDateTime, endDateTime
		FROM RtCSQsSummary`,
	parameters: []
};

/** The system-wide snapshot (one row per contact type). */
export const SYSTEM_SNAPSHOT: Statement = {
	sql: `SELECT type, totalCSQs, loggedInAgents, availableAgents, unavailableAgents, talkingAgents, workingAgents,
			reservedAgents, totalCalls, callsHandled, callsAbandoned, callsWaiting, oldestContact, startDateTime, endDateTime
		FROM RtICDStatistics`,
	parameters: []
};
