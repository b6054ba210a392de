import { Parser, type Element } from '@xmpp/xml';

/**
 * Reading what Cisco Finesse writes (Finesse Web Services Developer Guide, 12.x): the REST `Team` object
 * (`GET /finesse/api/Team/<id>?includeLoggedOutAgents=true`), `SystemInfo`, and the team notification published
 * on the XMPP pubsub node `/finesse/api/Team/<id>/Users`. Pure: text in, records out; nothing is checked beyond the
 * XML here (the mapping to events checks the values).
 *
 * Element names are matched without regard to case: Cisco's own examples write `<ReasonCode>` in notifications
 * and `<reasonCode>` in the Team object, `<user>` and `<User>`.
 */

/** A Finesse user as a Team object or a team notification gives it: texts as written, trimmed, empty = absent. */
export interface FinesseUserRecord {
	loginId?: string;
	firstName?: string;
	lastName?: string;
	state?: string;
	stateChangeTime?: string;
	pendingState?: string;
	reasonCode?: { code?: string; label?: string; category?: string; id?: string };
	/** This user's XML, for a dead letter. */
	raw: string;
}

export interface FinesseTeam {
	id?: string;
	name?: string;
	users: FinesseUserRecord[];
}

/** A notification's `<Update>`: `event` is `put`, `post` or `delete`; `source` the resource that changed. */
export interface FinesseUpdate {
	event?: string;
	source?: string;
	users: FinesseUserRecord[];
}

export interface FinesseSystemInfo {
	/** `IN_SERVICE` when this node serves agents. */
	status?: string;
	xmppDomain?: string;
	xmppPubSubDomain?: string;
	deploymentType?: string;
}

/** A pubsub event's item: the node it was published on and its Finesse payload (the `<Update>` XML). */
export interface PubsubNotification {
	node: string;
	payload: string;
}

export class FinesseXmlError extends Error {}

export const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';
export const NS_PUBSUB_EVENT = 'http://jabber.org/protocol/pubsub#event';

/** At most this much of a payload is repeated in an error. */
const QUOTED_CHARS = 120;

/**
 * Parses one XML document. ltx (xmpp.js's parser) is lenient, so what it lets through is checked here: a document
 * cut short, text or a second element after the root, no element at all.
 */
export function parseXml(text: string, what: string): Element {
	const parser = new Parser();
	let root: Element | null = null;
	let ended = false;
	let problem: string | null = null;
	parser.on('start', (element) => (root = element));
	parser.on('element', (element) => {
		if (ended) problem ??= 'content after the root element';
		else root?.append(element);
	});
	parser.on('end', () => (ended = true));
	parser.on('error', (error) => (problem ??= error.message));
	try {
		parser.write(text);
		parser.end();
	} catch (error) {
		// ltx throws (instead of emitting) on an unknown entity such as &nbsp;
		problem ??= error instanceof Error ? error.message : String(error);
	}
	if (problem === null && root === null) problem = 'no XML element';
	if (problem === null && !ended) problem = 'the document is cut short';
	if (problem !== null || root === null)
		throw new FinesseXmlError(`${what} is not well-formed XML (${problem}): ${quote(text)}`);
	return root;
}

function quote(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return JSON.stringify(flat.length > QUOTED_CHARS ? `${flat.slice(0, QUOTED_CHARS)}…` : flat);
}

/** The element's local name in lower case (`ns:User` → `user`). */
function nameOf(element: Element): string {
	const name = element.name;
	return name.slice(name.indexOf(':') + 1).toLowerCase();
}

/** The first child element named `name`, in any case. */
function child(element: Element | undefined, name: string): Element | undefined {
	const wanted = name.toLowerCase();
	return element?.getChildElements().find((c) => nameOf(c) === wanted);
}

/** A child's trimmed text; empty or missing is `undefined`. */
function childText(element: Element | undefined, name: string): string | undefined {
	const text = child(element, name)?.getText().trim();
	return text === undefined || text === '' ? undefined : text;
}

function userRecord(element: Element): FinesseUserRecord {
	const reason = child(element, 'ReasonCode');
	const record: FinesseUserRecord = { raw: element.toString() };
	const fields = ['loginId', 'firstName', 'lastName', 'state', 'stateChangeTime', 'pendingState'] as const;
	for (const field of fields) {
		const value = childText(element, field);
		if (value !== undefined) record[field] = value;
	}
	if (reason) {
		const reasonCode: NonNullable<FinesseUserRecord['reasonCode']> = {};
		for (const field of ['code', 'label', 'category', 'id'] as const) {
			const value = childText(reason, field);
			if (value !== undefined) reasonCode[field] = value;
		}
		record.reasonCode = reasonCode;
	}
	return record;
}

/** Every `<User>`/`<user>` under `element` (a user's own children are not searched). */
function usersUnder(element: Element): Element[] {
	return element.getChildElements().flatMap((c) => (nameOf(c) === 'user' ? [c] : usersUnder(c)));
}

/** The REST `Team` object. */
export function parseTeam(text: string): FinesseTeam {
	const root = parseXml(text, 'the Team object');
	if (nameOf(root) !== 'team')
		throw new FinesseXmlError(`expected a <Team> object, got <${root.name}>: ${quote(text)}`);
	const team: FinesseTeam = { users: usersUnder(child(root, 'users') ?? root).map(userRecord) };
	const id = childText(root, 'id');
	const name = childText(root, 'name');
	if (id !== undefined) team.id = id;
	if (name !== undefined) team.name = name;
	return team;
}

/**
 * A notification's `<Update>`. Its `<data>` holds one `<user>` (Cisco's Team notification) or a whole `<team>`
 * with its `<users>` (the same page's sample); both are read.
 */
export function parseUpdate(text: string): FinesseUpdate {
	const root = parseXml(text, 'the notification');
	if (nameOf(root) !== 'update') throw new FinesseXmlError(`expected an <Update>, got <${root.name}>: ${quote(text)}`);
	const data = child(root, 'data');
	const update: FinesseUpdate = { users: data ? usersUnder(data).map(userRecord) : [] };
	const event = childText(root, 'event');
	const source = childText(root, 'source');
	if (event !== undefined) update.event = event.toLowerCase();
	if (source !== undefined) update.source = source;
	return update;
}

export function parseSystemInfo(text: string): FinesseSystemInfo {
	const root = parseXml(text, 'SystemInfo');
	if (nameOf(root) !== 'systeminfo')
		throw new FinesseXmlError(`expected a <SystemInfo> object, got <${root.name}>: ${quote(text)}`);
	const info: FinesseSystemInfo = {};
	for (const field of ['status', 'xmppDomain', 'xmppPubSubDomain', 'deploymentType'] as const) {
		const value = childText(root, field);
		if (value !== undefined) info[field] = value;
	}
	return info;
}

/**
 * The Finesse payloads of a pubsub event message: Finesse publishes each `<Update>` as escaped XML text inside
 * `<notification xmlns="http://jabber.org/protocol/pubsub">` in the item. Anything else (retractions, presence,
 * chat) gives nothing.
 */
export function pubsubNotifications(stanza: Element): PubsubNotification[] {
	if (stanza.name !== 'message') return [];
	const event = stanza.getChild('event', NS_PUBSUB_EVENT);
	if (!event) return [];
	return event.getChildren('items').flatMap((items) => {
		const node = items.attrs.node ?? '';
		return items.getChildren('item').flatMap((item) =>
			item
				.getChildElements()
				.filter((c) => nameOf(c) === 'notification')
				.map((notification) => ({ node, payload: notification.getText() }))
		);
	});
}
