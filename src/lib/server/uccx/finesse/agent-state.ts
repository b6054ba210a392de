import { derivedEventId } from '../../ingest/derived-id.ts';
import { checkEvent, eventSchemaAt, type AgentState, type AgentStateEvent } from '../../../domain/event.ts';
import { parseUtcTimestamp, rfc3339, TimestampError } from '../../../domain/timestamps.ts';
import type { IntakeItem } from '../../ingest/decode.ts';
import { uccxReason } from '../../ingest/sources/uccx/translate.ts';
import type { FinesseUserRecord } from './parse.ts';

/**
 * A Finesse user (from the Team object or a team notification) → one canonical `agent.state` event.
 *
 * The agent is the user's `loginId`: on UCCX, Finesse's user id is the UCCX `Resource.resourceLoginID`, the agent id
 * the historical translation gives too. The event's id comes from (loginId, stateChangeTime, state, reason code),
 * so the same change seen twice — in the REST picture and in a notification, or again after a reconnect — counts
 * once.
 */

/**
 * Finesse's user states (Finesse `User.States`, User API parameters) → canonical states. `null`: the user's state
 * says nothing to count (no event, no rejection).
 *
 * - HOLD: UCCX keeps the agent TALKING while on hold (Cisco: "In Unified CCX deployments, the user remains in
 *   TALKING state while on hold"); if it ever comes, the agent is still on the call.
 * - WORK (wrap-up, then Not Ready) and WORK_READY (wrap-up, then Ready) are both After Call Work.
 * - RESERVED_OUTBOUND and RESERVED_OUTBOUND_PREVIEW: an outbound contact is reserved for the agent, who is not
 *   available for inbound calls; UCCX writes these as Reserved (system reasons 32747 and 32746).
 * - LOGIN is an action that Finesse turns into NOT_READY at once; seen as a state it is the login, Not Ready, as
 *   the historical translation reads AgentStateDetail's "Logged in" row (reason 32760 when none is given).
 * - UNKNOWN: Finesse itself does not know ("unlikely", Cisco says); the agent's last known state stands.
 */
export const FINESSE_STATES: Readonly<Record<string, AgentState | null>> = {
	LOGOUT: 'logged_out',
	LOGIN: 'not_ready',
	NOT_READY: 'not_ready',
	READY: 'ready',
	RESERVED: 'reserved',
	RESERVED_OUTBOUND: 'reserved',
	RESERVED_OUTBOUND_PREVIEW: 'reserved',
	TALKING: 'talking',
	HOLD: 'talking',
	WORK: 'work',
	WORK_READY: 'work',
	UNKNOWN: null
};

/** The reason UCCX gives a login when it carries none of its own (AGT_LOGON), as in the historical translation. */
const LOGIN_REASON_CODE = 32760;

export type FinesseUserResult =
	| { kind: 'event'; event: AgentStateEvent; /** stateChangeTime, epoch ms */ at: number }
	| { kind: 'skipped'; why: string }
	| { kind: 'rejected'; error: string };

/** A user that could not become an event, for a dead letter: where it came from, its key, its XML, why. */
export interface FinesseRejection {
	/** `team 7` for the REST picture, or the pubsub node of a notification. */
	source: string;
	/** `loginId=…` when there is one. */
	key?: string;
	raw: string;
	error: string;
}

/** The `reason` of a Finesse ReasonCode: its label, else Cisco's name of a system code, else the code. */
export function finesseReason(reasonCode: FinesseUserRecord['reasonCode']): string | undefined {
	if (!reasonCode) return undefined;
	if (reasonCode.label !== undefined) return reasonCode.label;
	const code = reasonCode.code;
	if (code === undefined) return undefined;
	return /^-?\d+$/.test(code) ? uccxReason(Number(code)) : code;
}

/**
 * Maps one user. Rejected: no loginId, a state Finesse does not define, a stateChangeTime that is not a
 * timestamp (or missing while the agent is signed in), an event the contract refuses (a time far in the future).
 * Skipped: UNKNOWN, and a signed-out agent without a stateChangeTime (Finesse leaves it empty when it has seen
 * no change since it started: nothing is known of when that agent signed out, and nothing needs counting).
 */
export function finesseUserEvent(
	user: FinesseUserRecord,
	options: { schema?: ReturnType<typeof eventSchemaAt> } = {}
): FinesseUserResult {
	const loginId = user.loginId;
	if (loginId === undefined) return { kind: 'rejected', error: 'loginId is missing' };
	if (user.state === undefined) return { kind: 'rejected', error: 'state is missing' };
	const stateName = user.state.toUpperCase();
	if (!(stateName in FINESSE_STATES)) {
		return {
			kind: 'rejected',
			error: `unknown state "${user.state}" (Finesse's are ${Object.keys(FINESSE_STATES).join(', ')})`
		};
	}
	const state = FINESSE_STATES[stateName];
	if (state === null || state === undefined) return { kind: 'skipped', why: `state ${stateName}` };
	if (user.stateChangeTime === undefined) {
		if (state === 'logged_out') return { kind: 'skipped', why: 'signed out, since an unknown time' };
		return { kind: 'rejected', error: `stateChangeTime is empty: when the agent became ${stateName} is unknown` };
	}
	let at: number;
	try {
		at = parseUtcTimestamp(user.stateChangeTime, 'stateChangeTime');
	} catch (error) {
		if (error instanceof TimestampError) return { kind: 'rejected', error: error.message };
		throw error;
	}

	let reason: string | undefined;
	let code = '';
	if (state === 'not_ready' || state === 'logged_out') {
		reason = finesseReason(user.reasonCode);
		code = user.reasonCode?.code ?? '';
		if (stateName === 'LOGIN' && reason === undefined) reason = uccxReason(LOGIN_REASON_CODE);
	}
	const event = {
		id: derivedEventId('finesse', at, loginId, new Date(at).toISOString(), state, code),
		type: 'agent.state',
		at: rfc3339(at),
		agent: loginId,
		state,
		...(reason === undefined ? {} : { reason })
	};
	const check = options.schema ? checkEvent(event, options.schema) : checkEvent(event);
	if (!check.ok) return { kind: 'rejected', error: check.error };
	return { kind: 'event', event: check.event as AgentStateEvent, at };
}

export interface FinesseUsersEvents {
	events: AgentStateEvent[];
	rejected: FinesseRejection[];
	skipped: number;
	/** The newest stateChangeTime among the events (epoch ms), or `null`. */
	newest: number | null;
}

/** Maps the users of one Team object or one notification; `source` names where they came from. */
export function finesseUsersEvents(
	users: readonly FinesseUserRecord[],
	source: string,
	options: { schema?: ReturnType<typeof eventSchemaAt> } = {}
): FinesseUsersEvents {
	const result: FinesseUsersEvents = { events: [], rejected: [], skipped: 0, newest: null };
	for (const user of users) {
		const mapped = finesseUserEvent(user, options);
		if (mapped.kind === 'event') {
			result.events.push(mapped.event);
			result.newest = Math.max(result.newest ?? mapped.at, mapped.at);
		} else if (mapped.kind === 'skipped') {
			result.skipped++;
		} else {
			result.rejected.push({
				source,
				...(user.loginId === undefined ? {} : { key: `loginId=${user.loginId}` }),
				raw: user.raw,
				error: mapped.error
			});
		}
	}
	return result;
}

/**
 * Rejections as intake items that carry their error, so that `acceptEvents(db, items, 'finesse')` keeps them as
 * dead letters (with where they came from and the agent's login) like any other bad line.
 */
export function finesseDeadLetters(rejections: readonly FinesseRejection[]): IntakeItem[] {
	return rejections.map((rejection, i) => ({
		line: i + 1,
		raw: rejection.raw,
		error: `${rejection.source}${rejection.key === undefined ? '' : ` (${rejection.key})`}: ${rejection.error}`
	}));
}
