import { client, xml, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { NS_PUBSUB, pubsubNotifications, type PubsubNotification } from './parse.ts';
import { connectionError, FinesseError } from './rest.ts';

/**
 * One XMPP session with Finesse's notification service (xmpp.js): sign in, subscribe to pubsub nodes, ping, and
 * hear notifications. It does not reconnect by itself: the source decides when and where (backoff, the other
 * node) and opens a new session.
 */

export interface XmppSessionOptions {
	/** `xmpps://host:5223`, `xmpp://host:5222`, `wss://…` or `ws://…`. */
	service: string;
	domain: string;
	/** The pubsub service's address, e.g. `pubsub.uccx-pub`. */
	pubsub: string;
	user: string;
	password: string;
	resource: string;
	/** How long to wait for the connection, sign-in, and each request. */
	timeoutMs: number;
}

export interface XmppSession {
	/** The full JID the session is bound to. */
	readonly jid: string;
	/** Subscribes this full JID to `node` unless it already is; `label` names the node in errors (`team 7`). */
	subscribe(node: string, label: string): Promise<void>;
	unsubscribe(node: string, timeoutMs?: number): Promise<void>;
	/** Pings the server (XEP-0199); rejects when it does not answer in time: the connection is dead. */
	ping(timeoutMs: number): Promise<void>;
	onNotification(listener: (notification: PubsubNotification) => void): void;
	/** Called once when the connection ends without `close()`: the server closed it, or the socket broke. */
	onLost(listener: (reason: string) => void): void;
	/** Signs out cleanly (within the timeout), then drops the socket whatever happens. */
	close(): Promise<void>;
	/** Drops the socket at once. */
	destroy(): void;
}

const NS_PING = 'urn:xmpp:ping';

/** Tears the transport's socket down, whichever it is (TCP, TLS wrapper, WebSocket wrapper). */
function destroySocket(xmpp: Client): void {
	const socket = xmpp.socket as
		{ destroy?: () => void; socket?: { destroy?: () => void; close?: () => void } | null } | null | undefined;
	try {
		if (typeof socket?.destroy === 'function') socket.destroy();
		else if (typeof socket?.socket?.destroy === 'function') socket.socket.destroy();
		else socket?.socket?.close?.();
	} catch {
		// already closed: nothing left to tear down
	}
}

function timeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	return Promise.race([
		promise,
		new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(onTimeout()), ms);
		})
	]).finally(() => clearTimeout(timer));
}

function conditionOf(error: unknown): string | undefined {
	const condition = (error as { condition?: unknown })?.condition;
	return typeof condition === 'string' ? condition : undefined;
}

/** A pubsub error's application condition (`closed-node`, `presence-subscription-required`, …) when there is one. */
function pubsubCondition(error: unknown): string | undefined {
	const element = (error as { element?: Element })?.element;
	return element?.getChildElements().find((c) => c.attrs.xmlns === `${NS_PUBSUB}#errors`)?.name;
}

/** Opens a session; rejects with a `FinesseError` saying what failed (unreachable, TLS, login refused). */
export async function openXmppSession(options: XmppSessionOptions): Promise<XmppSession> {
	const { service, domain, pubsub, user, timeoutMs } = options;
	const what = 'the Finesse notification service';
	const xmpp = client({
		service,
		domain,
		username: user,
		password: options.password,
		resource: options.resource,
		timeout: timeoutMs
	});
	// The source reconnects itself (with backoff, possibly to the other node) after re-reading the REST picture.
	xmpp.reconnect.stop();

	const notificationListeners: ((notification: PubsubNotification) => void)[] = [];
	const lostListeners: ((reason: string) => void)[] = [];
	let closing = false;
	let lost = false;
	let lastError: Error | null = null;

	// Kept for the session's whole life: an 'error' without a listener would throw out of the socket's callback.
	xmpp.on('error', (error) => {
		lastError = error;
	});
	xmpp.on('stanza', (stanza) => {
		if (closing) return;
		try {
			for (const notification of pubsubNotifications(stanza))
				for (const listener of notificationListeners) listener(notification);
		} catch (error) {
			// Thrown here, it would unwind through the socket's data handler: kept as the session's last error.
			lastError = error instanceof Error ? error : new Error(String(error));
		}
	});
	const onEnd = () => {
		if (closing || lost) return;
		lost = true;
		const reason = lastError ? `: ${(lastError as Error).message}` : '';
		for (const listener of lostListeners) listener(`${what} at ${service} closed the connection${reason}`);
	};
	xmpp.on('disconnect', onEnd);

	try {
		await timeout(xmpp.start(), timeoutMs, () => new Error(`no answer within ${timeoutMs / 1000} s`));
	} catch (error) {
		closing = true;
		destroySocket(xmpp);
		// The client's first error tells more than start()'s rejection, which may be a consequence of it.
		const cause = lastError ?? error;
		const condition = conditionOf(cause);
		if ((cause as Error).name === 'SASLError' || condition === 'not-authorized')
			throw new FinesseError(
				'xmpp-login',
				`${what} refused the login of ${user} (${condition ?? 'SASL'}): the account must be a Finesse user of this node with the same password as for the REST API`
			);
		if (condition !== undefined)
			throw new FinesseError(
				'xmpp-login',
				`${what} at ${service} refused the session of ${user}: ${(cause as Error).message}`
			);
		throw connectionError(cause, what, service, timeoutMs);
	}
	const jid = xmpp.jid?.toString() ?? `${user}@${domain}/${options.resource}`;

	async function request(element: Element, ms = timeoutMs): Promise<Element> {
		return xmpp.iqCaller.request(element, ms);
	}

	return {
		jid,

		async subscribe(node, label) {
			try {
				const existing = await request(
					xml('iq', { type: 'get', to: pubsub }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('subscriptions', { node })))
				).catch(() => null);
				const mine = existing
					?.getChild('pubsub', NS_PUBSUB)
					?.getChild('subscriptions')
					?.getChildren('subscription')
					.some((s) => s.attrs.jid === jid && s.attrs.node === node && s.attrs.subscription === 'subscribed');
				if (mine) return;
				// NOTE: a full JID, as Cisco asks, so that other sessions of the account are not sent these too.
				await request(
					xml('iq', { type: 'set', to: pubsub }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('subscribe', { node, jid })))
				);
			} catch (error) {
				const condition = conditionOf(error);
				if (condition === undefined) throw error;
				const detail = pubsubCondition(error);
				throw new FinesseError(
					'subscription',
					`${what} refused the subscription to ${label}'s notifications (${node}): ${condition}${detail ? ` (${detail})` : ''}`
				);
			}
		},

		async unsubscribe(node, ms) {
			await request(
				xml('iq', { type: 'set', to: pubsub }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('unsubscribe', { node, jid }))),
				ms
			);
		},

		async ping(ms) {
			try {
				await request(xml('iq', { type: 'get', to: domain }, xml('ping', { xmlns: NS_PING })), ms);
			} catch (error) {
				// An error answer (service-unavailable, …) is still an answer: the connection is alive.
				if (conditionOf(error) !== undefined) return;
				throw new FinesseError(
					'connection-lost',
					`no answer to a ping from ${what} at ${service} within ${ms / 1000} s: the connection is dead`
				);
			}
		},

		onNotification(listener) {
			notificationListeners.push(listener);
		},

		onLost(listener) {
			lostListeners.push(listener);
		},

		async close() {
			if (closing) return;
			closing = true;
			try {
				await timeout(xmpp.stop(), timeoutMs, () => new Error('timeout'));
			} catch {
				// a connection that cannot close cleanly is dropped below
			}
			destroySocket(xmpp);
		},

		destroy() {
			closing = true;
			destroySocket(xmpp);
		}
	};
}
