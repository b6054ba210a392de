import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { client, type Client } from '@xmpp/client';
import { xml, type Element } from '@xmpp/xml';
import type { FinesseConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { teamNode } from '../finesse/endpoints.ts';
import { NS_PUBSUB } from '../finesse/parse.ts';
import { FINESSE_PUBLISHER, startProsody } from './prosody.ts';

/**
 * A fake Cisco Finesse for tests and the demo (`VIGIE_DEMO=uccx`): the REST API a wallboard reads (SystemInfo,
 * Team with Basic auth, in Finesse's XML), and agent-state notifications published for real on an XMPP server's
 * pubsub service (Prosody, see prosody.ts) in Finesse's shape — the `<Update>` as escaped XML inside
 * `<notification xmlns="http://jabber.org/protocol/pubsub">` on `/finesse/api/Team/<id>/Users`.
 *
 * The emulated UCCX site calls `agentChanged` at each change of agent state; the REST picture follows at once
 * and the notification is published in call order.
 */

/** An agent's state as the emulated site reports it (site-model.ts `FinesseUserChange` fits it). */
export interface FinesseAgentChange {
	loginId: string;
	firstName: string;
	lastName: string;
	teamId: string | number;
	teamName: string;
	/** A Finesse state: LOGOUT, NOT_READY, READY, RESERVED, TALKING, WORK, … */
	state: string;
	/** Epoch milliseconds. */
	stateChangeTime: number;
	reasonCode?: { code: number | string; label: string; category: 'NOT_READY' | 'LOGOUT'; id: number | string };
}

export interface FakeFinesseTeam {
	id: string | number;
	name: string;
	/** A team whose notifications nobody may subscribe to (a pubsub node with a whitelist): to test that refusal. */
	closed?: boolean;
}

export interface FakeFinesseAccount {
	user: string;
	password: string;
	/** Whether the account may sign in to the notification service too (default true). */
	xmpp?: boolean;
}

export interface FakeFinesseOptions {
	/** The XMPP server (a running `startProsody()`). */
	xmpp: {
		xmppUrl: string;
		domain: string;
		pubsubService: string;
		createUser(name: string, password: string): Promise<void>;
	};
	/** The accounts the REST API accepts (and the XMPP server, unless `xmpp: false`). */
	accounts: FakeFinesseAccount[];
	/** The teams that exist even before any agent of theirs changes. */
	teams?: FakeFinesseTeam[];
	/** How many Finesse nodes serve the same floor (each its own HTTP server); 1 by default. */
	nodes?: number;
	/** The publisher's account on the XMPP server; it must be one of its admins (prosody.ts's `admins`). */
	publisher?: { user: string; password: string };
	log?: Logger;
}

export interface FakeFinesse {
	/** One base URL per node, e.g. `http://127.0.0.1:40123`. */
	urls: string[];
	/** Records the change (the REST picture shows it at once) and publishes its notification. Never rejects. */
	agentChanged(change: FinesseAgentChange): Promise<void>;
	/** Sets agents' states without publishing anything (a floor already running when Vigie starts). */
	setAgents(changes: readonly FinesseAgentChange[]): void;
	/** What SystemInfo says a node's status is (a standby node says OUT_OF_SERVICE). */
	setNodeStatus(node: number, status: 'IN_SERVICE' | 'OUT_OF_SERVICE'): void;
	/** Stops one node's HTTP server (a node down). */
	stopNode(node: number): Promise<void>;
	/** Notifications published and notifications that could not be (the XMPP server down). */
	readonly counts: { published: number; failed: number };
	stop(): Promise<void>;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

function text(name: string, value: string | number | undefined): Element {
	return value === undefined || value === '' ? xml(name) : xml(name, {}, String(value));
}

function reasonCodeElement(
	name: 'ReasonCode' | 'reasonCode',
	reason: NonNullable<FinesseAgentChange['reasonCode']>
): Element {
	return xml(
		name,
		{},
		text('category', reason.category),
		text('code', reason.code),
		text('label', reason.label),
		text('id', reason.id),
		text('uri', `/finesse/api/ReasonCode/${reason.id}`)
	);
}

/** A user of the REST Team object (Cisco writes its reason code `<reasonCode>` there). */
export function teamUserXml(agent: FinesseAgentChange): Element {
	return xml(
		'User',
		{},
		text('uri', `/finesse/api/User/${agent.loginId}/`),
		text('loginId', agent.loginId),
		text('firstName', agent.firstName),
		text('lastName', agent.lastName),
		text('dialogs', `/finesse/api/User/${agent.loginId}/Dialogs`),
		text('extension', undefined),
		text('pendingState', undefined),
		text('state', agent.state),
		agent.reasonCode ? reasonCodeElement('reasonCode', agent.reasonCode) : null,
		text('stateChangeTime', new Date(agent.stateChangeTime).toISOString())
	);
}

export function teamXml(team: { id: string; name: string }, agents: readonly FinesseAgentChange[]): string {
	return (
		XML_DECLARATION +
		xml(
			'Team',
			{},
			text('uri', `/finesse/api/Team/${team.id}`),
			text('id', team.id),
			text('name', team.name),
			xml('users', {}, ...agents.map(teamUserXml))
		).toString()
	);
}

/** The team notification of one agent's change (Cisco's "Team Notification" payload). */
export function teamUpdateXml(agent: FinesseAgentChange): string {
	return xml(
		'Update',
		{},
		text('event', 'put'),
		text('source', `/finesse/api/User/${agent.loginId}`),
		text('requestId', undefined),
		xml(
			'data',
			{},
			xml(
				'user',
				{},
				text('uri', `/finesse/api/User/${agent.loginId}`),
				text('loginId', agent.loginId),
				text('firstName', agent.firstName),
				text('lastName', agent.lastName),
				text('state', agent.state),
				text('stateChangeTime', new Date(agent.stateChangeTime).toISOString()),
				agent.reasonCode ? reasonCodeElement('ReasonCode', agent.reasonCode) : null
			)
		)
	).toString();
}

function apiError(type: string, message: string): string {
	return (
		XML_DECLARATION +
		xml(
			'ApiErrors',
			{},
			xml('ApiError', {}, text('ErrorType', type), text('ErrorData', ''), text('ErrorMessage', message))
		).toString()
	);
}

function sameText(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/** Publishes Finesse notifications on the XMPP server, creating the team nodes on first use. */
class Publisher {
	readonly #xmpp: Client;
	readonly #pubsub: string;
	readonly #created = new Set<string>();
	readonly #closedNodes: ReadonlySet<string>;

	constructor(xmpp: Client, pubsub: string, closedNodes: ReadonlySet<string>) {
		this.#xmpp = xmpp;
		this.#pubsub = pubsub;
		this.#closedNodes = closedNodes;
		// A restarted server may have lost its nodes: create them again on first use.
		xmpp.on('online', () => this.#created.clear());
	}

	async ensureNode(node: string): Promise<void> {
		if (this.#created.has(node)) return;
		const accessModel = this.#closedNodes.has(node) ? 'whitelist' : 'open';
		const field = (name: string, value: string, type?: string) =>
			xml('field', { var: name, ...(type ? { type } : {}) }, xml('value', {}, value));
		try {
			await this.#xmpp.iqCaller.request(
				xml(
					'iq',
					{ type: 'set', to: this.#pubsub },
					xml(
						'pubsub',
						{ xmlns: NS_PUBSUB },
						xml('create', { node }),
						xml(
							'configure',
							{},
							xml(
								'x',
								{ xmlns: 'jabber:x:data', type: 'submit' },
								field('FORM_TYPE', `${NS_PUBSUB}#node_config`, 'hidden'),
								field('pubsub#access_model', accessModel),
								field('pubsub#persist_items', 'false')
							)
						)
					)
				)
			);
		} catch (error) {
			// A node that exists already (a restarted server keeps them) is what was wanted.
			if ((error as { condition?: string }).condition !== 'conflict') throw error;
		}
		this.#created.add(node);
	}

	async publish(node: string, payload: string): Promise<void> {
		await this.ensureNode(node);
		await this.#xmpp.iqCaller.request(
			xml(
				'iq',
				{ type: 'set', to: this.#pubsub },
				xml(
					'pubsub',
					{ xmlns: NS_PUBSUB },
					xml('publish', { node }, xml('item', {}, xml('notification', { xmlns: NS_PUBSUB }, payload)))
				)
			),
			5000
		);
	}
}

export async function startFakeFinesse(options: FakeFinesseOptions): Promise<FakeFinesse> {
	const { xmpp, log } = options;
	const teams = new Map<string, { id: string; name: string }>();
	for (const team of options.teams ?? []) teams.set(String(team.id), { id: String(team.id), name: team.name });
	const closedNodes = new Set((options.teams ?? []).filter((t) => t.closed).map((t) => teamNode(String(t.id))));
	const agents = new Map<string, FinesseAgentChange>();
	const nodeCount = options.nodes ?? 1;
	const statuses: ('IN_SERVICE' | 'OUT_OF_SERVICE')[] = Array.from({ length: nodeCount }, () => 'IN_SERVICE');
	const counts = { published: 0, failed: 0 };

	const publisherAccount = options.publisher ?? { user: FINESSE_PUBLISHER, password: randomBytes(12).toString('hex') };
	await Promise.all(
		[...options.accounts.filter((account) => account.xmpp !== false), publisherAccount].map((account) =>
			xmpp.createUser(account.user, account.password)
		)
	);
	const publisherClient = client({
		service: xmpp.xmppUrl,
		domain: xmpp.domain,
		username: publisherAccount.user,
		password: publisherAccount.password,
		resource: 'finesse-publisher',
		timeout: 5000
	});
	publisherClient.reconnect.delay = 200;
	publisherClient.on('error', (error) => log?.debug({ err: error }, 'fake finesse: publisher connection'));
	await publisherClient.start();
	const publisher = new Publisher(publisherClient, xmpp.pubsubService, closedNodes);
	for (const team of teams.values()) await publisher.ensureNode(teamNode(team.id));

	function remember(change: FinesseAgentChange): void {
		const teamId = String(change.teamId);
		if (!teams.has(teamId)) teams.set(teamId, { id: teamId, name: change.teamName });
		agents.set(change.loginId, { ...change, teamId });
	}

	function handle(node: number, request: IncomingMessage, response: ServerResponse): void {
		const send = (status: number, body: string, headers: Record<string, string> = {}) => {
			response.writeHead(status, { 'content-type': 'application/xml; charset=utf-8', ...headers }).end(body);
		};
		const url = new URL(request.url ?? '/', 'http://finesse');
		if (request.method !== 'GET') return send(405, apiError('Method Not Allowed', `${request.method} is not served`));
		if (url.pathname === '/finesse/api/SystemInfo') {
			return send(
				200,
				XML_DECLARATION +
					xml(
						'SystemInfo',
						{},
						text('currentTimestamp', new Date().toISOString()),
						text('deploymentType', 'UCCX'),
						text('status', statuses[node]),
						text('uri', '/finesse/api/SystemInfo'),
						text('xmppDomain', xmpp.domain),
						text('xmppPubSubDomain', xmpp.pubsubService)
					).toString()
			);
		}
		const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
		const [user, ...rest] = Buffer.from(encoded ?? '', 'base64')
			.toString('utf8')
			.split(':');
		const account = options.accounts.find((a) => a.user === user);
		if (scheme?.toLowerCase() !== 'basic' || !account || !sameText(account.password, rest.join(':')))
			return send(401, apiError('Unauthorized', 'Invalid authorization user specified'), {
				'www-authenticate': 'Basic realm="Cisco Finesse"'
			});
		const team = /^\/finesse\/api\/Team\/([^/]+)$/.exec(url.pathname);
		if (!team) return send(404, apiError('Not Found', `${url.pathname} is not served`));
		if (statuses[node] !== 'IN_SERVICE') return send(503, apiError('Service Unavailable', 'Finesse is not in service'));
		const found = teams.get(decodeURIComponent(team[1]!));
		if (!found) return send(404, apiError('Not Found', 'Team not found'));
		const withLoggedOut = url.searchParams.get('includeLoggedOutAgents') === 'true';
		const members = [...agents.values()].filter(
			(agent) => agent.teamId === found.id && (withLoggedOut || agent.state !== 'LOGOUT')
		);
		return send(200, teamXml(found, members));
	}

	const servers: (Server | null)[] = [];
	const urls: string[] = [];
	for (let node = 0; node < nodeCount; node++) {
		const server = createServer((request, response) => handle(node, request, response));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		servers.push(server);
		urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
	}

	let publishing: Promise<void> = Promise.resolve();
	const closeServer = (server: Server) =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});

	return {
		urls,
		counts,

		agentChanged(change) {
			remember(change);
			const node = teamNode(String(change.teamId));
			const payload = teamUpdateXml(change);
			// In call order, each after the one before, whatever became of it.
			publishing = publishing.then(async () => {
				try {
					await publisher.publish(node, payload);
					counts.published++;
				} catch (error) {
					counts.failed++;
					log?.debug({ err: error, node }, 'fake finesse: a notification could not be published');
				}
			});
			return publishing;
		},

		setAgents(changes) {
			for (const change of changes) remember(change);
		},

		setNodeStatus(node, status) {
			statuses[node] = status;
		},

		async stopNode(node) {
			const server = servers[node];
			servers[node] = null;
			if (server) await closeServer(server);
		},

		async stop() {
			await publishing;
			publisherClient.reconnect.stop();
			await Promise.race([publisherClient.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
			for (const server of servers) if (server) await closeServer(server);
		}
	};
}

export interface EmulatedFinesse {
	/** The settings that read it, as `readConfig` would give them from VIGIE_FINESSE_*. */
	config: FinesseConfig;
	finesse: FakeFinesse;
	stop(): Promise<void>;
}

/**
 * Prosody and the fake Finesse together, with a wallboard account and the settings that read them: what
 * `VIGIE_DEMO=uccx` needs to show agent states through the real Finesse source. Needs Debian's prosody.
 */
export async function startEmulatedFinesse(options: {
	teams: FakeFinesseTeam[];
	log?: Logger;
}): Promise<EmulatedFinesse> {
	const prosody = await startProsody();
	const account = { user: 'wallboard', password: randomBytes(12).toString('hex') };
	let finesse: FakeFinesse;
	try {
		finesse = await startFakeFinesse({
			xmpp: prosody,
			accounts: [account],
			teams: options.teams,
			...(options.log ? { log: options.log } : {})
		});
	} catch (error) {
		await prosody.stop();
		throw error;
	}
	return {
		config: {
			urls: finesse.urls,
			user: account.user,
			password: account.password,
			teams: options.teams.map((team) => String(team.id)),
			xmppUrl: prosody.xmppUrl,
			xmppDomain: null
		},
		finesse,
		async stop() {
			await finesse.stop();
			await prosody.stop();
		}
	};
}
