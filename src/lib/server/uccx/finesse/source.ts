import { hostname } from 'node:os';
import { eventSchemaAt, type VigieEvent } from '../../../domain/event.ts';
import type { FinesseConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { StatusSink, UccxPartState } from '../status.ts';
import { finesseUsersEvents, type FinesseRejection } from './agent-state.ts';
import { nodeName, teamNode, xmppAddresses, xmppResource, xmppServiceFor } from './endpoints.ts';
import { FinesseXmlError, parseUpdate, type FinesseUserRecord, type PubsubNotification } from './parse.ts';
import { FinesseError, finesseRest, type FinesseRest } from './rest.ts';
import { openXmppSession, type XmppSession } from './xmpp.ts';

/**
 * Live agent states from Cisco Finesse (issue #9 item 3): the REST picture of every configured team, then each
 * change as Finesse's notification service publishes it on the team's pubsub node `/finesse/api/Team/<id>/Users`,
 * each turned into an `agent.state` event and handed on at once.
 *
 * NOTE on order: a session subscribes first and takes the REST picture second, so that a change made between the
 * two is either in the picture or in a notification (often both: ids make it count once). After a lost connection
 * the source signs in again (the other node first when there are two, then with a growing delay), subscribes
 * again and takes the picture again: what changed while it was away is at least reflected by the agents' current
 * states. Events reach `onEvents` in the order they were read; a batch the intake refuses is retried, in order.
 *
 * TLS: `xmpps://`, `wss://` and `https://` use Node's trust store; a site whose Finesse certificate is signed by its
 * own CA gives that CA to Node with `NODE_EXTRA_CA_CERTS=/path/ca.pem` in the service's environment.
 */

export interface FinesseTimings {
	/** Cisco: "Cisco Finesse Notification Service expects XMPP client ping every 20 seconds". */
	pingIntervalMs: number;
	/** A ping not answered within this is a dead connection. */
	pingTimeoutMs: number;
	/** Each REST request, the XMPP connection and sign-in, each pubsub request. */
	requestTimeoutMs: number;
	/** The first retry's delay after a failure; it doubles at each further failure, up to `retryMaxMs`. */
	retryFirstMs: number;
	retryMaxMs: number;
}

export const FINESSE_TIMINGS: Readonly<FinesseTimings> = {
	pingIntervalMs: 20_000,
	pingTimeoutMs: 10_000,
	requestTimeoutMs: 10_000,
	retryFirstMs: 1_000,
	retryMaxMs: 60_000
};

/** Stopping does not wait longer than this for each unsubscription (a dead connection would never answer). */
const UNSUBSCRIBE_TIMEOUT_MS = 2000;

/** Events kept for an intake that refuses them (the database down): beyond, the oldest are dropped (and said). */
export const MAX_UNDELIVERED_EVENTS = 100_000;

/** The delay before the `attempt`-th retry (1, 2, …): doubling from the first, capped. */
export function retryDelayMs(attempt: number, timings: Pick<FinesseTimings, 'retryFirstMs' | 'retryMaxMs'>): number {
	return Math.min(timings.retryMaxMs, timings.retryFirstMs * 2 ** Math.max(0, attempt - 1));
}

export interface FinesseSourceOptions {
	config: FinesseConfig;
	log: Logger;
	/** Receives the events in order; a rejection makes the source retry the same events later. */
	onEvents(events: VigieEvent[]): Promise<void>;
	onStatus: StatusSink;
	/** Users that could not become events (for dead letters); without it, they are logged. */
	onRejected?(rejections: FinesseRejection[]): void | Promise<void>;
	now?: () => number;
	timings?: Partial<FinesseTimings>;
	/** The XMPP resource; by default `vigie-<host name>`, stable across restarts. */
	resource?: string;
}

export interface FinesseSource {
	stop(): Promise<void>;
}

export async function startFinesseSource(options: FinesseSourceOptions): Promise<FinesseSource> {
	const { config, log } = options;
	const timings: FinesseTimings = { ...FINESSE_TIMINGS, ...options.timings };
	const now = options.now ?? Date.now;
	const schema = options.now ? eventSchemaAt(now) : undefined;
	const resource = options.resource ?? xmppResource(hostname());
	const teamNodes = new Map(config.teams.map((team) => [teamNode(team), team]));
	const stopping = new AbortController();
	let stopped = false;
	let nodeIndex = 0;
	/** Failed attempts since the source was last live. */
	let failures = 0;
	let lastRowAt: number | null = null;
	let lastReadAt: number | null = null;
	let state: UccxPartState = 'starting';
	let error: string | null = null;

	function report(next: UccxPartState, message: string | null): void {
		if (stopped) return; // the sink may be closed once the source is told to stop
		state = next;
		error = message;
		try {
			options.onStatus({
				part: 'finesse',
				state,
				node: nodeName(config.urls[nodeIndex]!),
				lastRowAt,
				lastReadAt,
				error
			});
		} catch (failure) {
			log.error({ err: failure }, 'uccx finesse: the status sink failed');
		}
	}

	// --- Delivery: in order, retried when the intake refuses ----------------------------------------------------
	let waiting: VigieEvent[][] = [];
	let waitingCount = 0;
	let pumping: Promise<void> | null = null;

	function deliver(events: VigieEvent[]): void {
		if (events.length === 0) return;
		waiting.push(events);
		waitingCount += events.length;
		while (waitingCount > MAX_UNDELIVERED_EVENTS && waiting.length > 1) {
			const dropped = waiting.shift()!;
			waitingCount -= dropped.length;
			log.error(
				{ dropped: dropped.length },
				'uccx finesse: the intake has refused events for too long; the oldest are dropped (the next picture restores current states)'
			);
		}
		kick();
	}

	function kick(): void {
		if (pumping) return;
		pumping = pump().finally(() => {
			pumping = null;
			if (waiting.length > 0 && !stopped) kick();
		});
	}

	async function pump(): Promise<void> {
		let refusals = 0;
		while (waiting.length > 0) {
			const batch = waiting.flat();
			waiting = [];
			waitingCount = 0;
			for (;;) {
				try {
					await options.onEvents(batch);
					break;
				} catch (failure) {
					refusals++;
					if (stopped) {
						log.error({ err: failure, events: batch.length }, 'uccx finesse: events not handed over at stop');
						return;
					}
					log.warn({ err: failure, events: batch.length }, 'uccx finesse: the intake refused events; retrying');
					await sleep(retryDelayMs(refusals, timings), stopping.signal);
				}
			}
		}
	}

	function reject(rejections: FinesseRejection[]): void {
		if (rejections.length === 0) return;
		if (options.onRejected) {
			Promise.resolve(options.onRejected(rejections)).catch((failure: unknown) =>
				log.error({ err: failure }, 'uccx finesse: could not keep rejected users')
			);
		} else {
			for (const r of rejections)
				log.warn({ source: r.source, key: r.key, error: r.error }, 'uccx finesse: user refused');
		}
	}

	/** Users → events delivered; rejections kept; the newest change noted. */
	function take(users: readonly FinesseUserRecord[], source: string): number {
		const result = finesseUsersEvents(users, source, schema ? { schema } : {});
		if (result.newest !== null) lastRowAt = Math.max(lastRowAt ?? result.newest, result.newest);
		lastReadAt = now();
		deliver(result.events);
		reject(result.rejected);
		return result.events.length;
	}

	function onNotification(notification: PubsubNotification): void {
		// Only the teams' nodes: the account also hears its own User node, SystemInfo, its dialogs.
		if (!teamNodes.has(notification.node)) return;
		let update;
		try {
			update = parseUpdate(notification.payload);
		} catch (failure) {
			if (!(failure instanceof FinesseXmlError)) throw failure;
			reject([{ source: notification.node, raw: notification.payload, error: failure.message }]);
			return;
		}
		if (update.event === 'delete') return; // a user left the team: no change of state to count
		take(update.users, notification.node);
	}

	// --- Sessions --------------------------------------------------------------------------------------------------

	/** Subscribes each team and takes its picture; a team's own problem is kept in `problems`, a node's is thrown. */
	async function syncTeams(
		session: XmppSession,
		rest: FinesseRest,
		teams: readonly string[],
		problems: Map<string, string>
	): Promise<void> {
		for (const team of teams) {
			if (stopped) return;
			try {
				try {
					await session.subscribe(teamNode(team), `team ${team}`);
				} catch (refused) {
					// A team that does not exist has no node either: REST's words say it better.
					if (refused instanceof FinesseError && refused.problem === 'subscription') await rest.team(team);
					throw refused;
				}
				const picture = await rest.team(team);
				const count = take(picture.users, `team ${team}`);
				problems.delete(team);
				log.debug({ team, agents: picture.users.length, events: count }, 'uccx finesse: team picture taken');
			} catch (failure) {
				if (failure instanceof FinesseError && !failure.nodeProblem) problems.set(team, failure.message);
				else throw failure;
			}
		}
	}

	function reportTeams(problems: Map<string, string>): void {
		if (problems.size === 0) report('live', null);
		else report('failing', [...new Set(problems.values())].join('; '));
	}

	/** One session on one node, until its connection is lost (returned) or the source stops (null). */
	async function runSession(url: string): Promise<FinesseError | null> {
		const rest = finesseRest({
			baseUrl: url,
			user: config.user,
			password: config.password,
			timeoutMs: timings.requestTimeoutMs,
			signal: stopping.signal
		});
		const info = await rest.systemInfo();
		if (info?.status !== undefined && info.status !== 'IN_SERVICE')
			throw new FinesseError('out-of-service', `Finesse at ${url} is not in service (${info.status})`);
		// The account first, through REST: a wrong password is then said as such, not as a refused XMPP login.
		try {
			await rest.team(config.teams[0]!);
		} catch (failure) {
			if (!(failure instanceof FinesseError) || failure.problem !== 'team') throw failure;
		}
		const { domain, pubsub } = xmppAddresses(url, config.xmppDomain, info);
		const service = xmppServiceFor(url, config.xmppUrl, config.urls[0]!);
		const session = await openXmppSession({
			service,
			domain,
			pubsub,
			user: config.user,
			password: config.password,
			resource,
			timeoutMs: timings.requestTimeoutMs
		});
		const lost = new Promise<string>((resolve) => session.onLost(resolve));
		session.onNotification((notification) => {
			try {
				onNotification(notification);
			} catch (failure) {
				log.error({ err: failure, node: notification.node }, 'uccx finesse: a notification could not be handled');
			}
		});
		log.info({ node: nodeName(url), service, jid: session.jid }, 'uccx finesse: signed in to the notification service');
		try {
			const problems = new Map<string, string>();
			await syncTeams(session, rest, config.teams, problems);
			reportTeams(problems);
			failures = 0;
			while (!stopped) {
				const reason = await Promise.race([lost, sleep(timings.pingIntervalMs, stopping.signal).then(() => null)]);
				if (stopped) break;
				if (reason !== null) return new FinesseError('connection-lost', reason);
				await session.ping(timings.pingTimeoutMs);
				lastReadAt = now();
				if (problems.size > 0) await syncTeams(session, rest, [...problems.keys()], problems);
				reportTeams(problems);
			}
			// Cisco asks that explicit subscriptions be removed before signing out: they outlive the session.
			await Promise.allSettled(
				[...teamNodes.keys()].map((node) =>
					session.unsubscribe(node, Math.min(UNSUBSCRIBE_TIMEOUT_MS, timings.requestTimeoutMs))
				)
			);
			await session.close();
			return null;
		} finally {
			session.destroy();
		}
	}

	async function run(): Promise<void> {
		report('starting', null);
		while (!stopped) {
			const url = config.urls[nodeIndex]!;
			let failure: FinesseError;
			try {
				const ended = await runSession(url);
				if (ended === null) break;
				failure = ended;
			} catch (thrown) {
				if (stopped) break;
				failure =
					thrown instanceof FinesseError
						? thrown
						: new FinesseError(
								'server',
								`Finesse at ${url}: ${thrown instanceof Error ? thrown.message : String(thrown)}`
							);
			}
			failures++;
			report('failing', failure.message); // about the node that failed, before moving on
			let switched = false;
			if (failure.nodeProblem && config.urls.length > 1) {
				nodeIndex = (nodeIndex + 1) % config.urls.length;
				switched = true;
			}
			const delay = switched && failures === 1 ? 0 : retryDelayMs(switched ? failures - 1 : failures, timings);
			log.warn(
				{ node: nodeName(url), problem: failure.problem, next: nodeName(config.urls[nodeIndex]!), retryInMs: delay },
				`uccx finesse: ${failure.message}`
			);
			await sleep(delay, stopping.signal);
		}
	}

	const running = run().catch((failure: unknown) =>
		log.error({ err: failure }, 'uccx finesse: the source stopped on an error')
	);

	return {
		async stop() {
			if (stopped) return running;
			stopped = true;
			stopping.abort();
			await running;
			await pumping;
		}
	};
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
	if (signal.aborted || ms <= 0) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
		signal.addEventListener('abort', done, { once: true });
	});
}
