import type { FinesseSystemInfo } from './parse.ts';

/**
 * Where Finesse's pieces are, from the settings (contract §7) and the node's SystemInfo. Pure.
 *
 * NOTE: the default XMPP service is `xmpps://<Finesse node>:5223`, XMPP over TCP with TLS from the first byte.
 * Cisco's "Managing Notifications in Third-Party Applications" (Finesse developer guide) offers third-party
 * clients WebSocket, BOSH (`https://<node>:7443/http-bind`) or XMPP over TCP on 5222/5223, and "Connect to XMPP
 * over TCP" says that from Finesse 12.5(1) the plain port 5222 is disabled by default; 5223 is its secure twin,
 * serving the same certificate as Finesse's Tomcat. xmpp.js speaks TCP, TLS and WebSocket but not BOSH, and Cisco
 * documents no WebSocket path for third parties on UCCX (its desktop's is not public); so 5223, whose only
 * requirement is that Node trusts the node's certificate (the site's CA through `NODE_EXTRA_CA_CERTS`). A site
 * that prefers WebSocket sets `VIGIE_FINESSE_XMPP_URL=wss://<node>:7443/…` and checks it with `vigie uccx test`.
 */
export const FINESSE_XMPP_TLS_PORT = 5223;

/** The pubsub node of a team's agent-state notifications. */
export function teamNode(team: string): string {
	return `/finesse/api/Team/${team}/Users`;
}

/** `uccx-pub:8445` of `https://uccx-pub:8445`: how a node is named in supervision and in the log. */
export function nodeName(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

function hostnameOf(url: string): string {
	return new URL(url).hostname;
}

/**
 * The XMPP service for the Finesse node at `nodeUrl`. Without a setting: `xmpps://<node>:5223`. With one: as
 * set, except that when it names the first node, the other node gets the same service on its own host (each
 * Finesse node runs its own notification service).
 */
export function xmppServiceFor(nodeUrl: string, configured: string | null, firstNodeUrl: string): string {
	const host = hostnameOf(nodeUrl);
	if (configured === null) return `xmpps://${host.includes(':') ? `[${host}]` : host}:${FINESSE_XMPP_TLS_PORT}`;
	const service = new URL(configured);
	if (service.hostname !== hostnameOf(firstNodeUrl) || host === service.hostname) return configured;
	service.hostname = host;
	return service.toString();
}

/**
 * The XMPP domain (users are `<user>@<domain>`) and the pubsub service's address. The setting wins; else the
 * node's SystemInfo (`xmppDomain`, `xmppPubSubDomain`: Cisco's documented way to find them); else the node's host
 * name, which is Finesse's domain on UCCX, with `pubsub.` before it.
 */
export function xmppAddresses(
	nodeUrl: string,
	configuredDomain: string | null,
	systemInfo: FinesseSystemInfo | null
): { domain: string; pubsub: string } {
	const domain = configuredDomain ?? systemInfo?.xmppDomain ?? hostnameOf(nodeUrl);
	const pubsub =
		systemInfo?.xmppPubSubDomain !== undefined && systemInfo.xmppDomain === domain
			? systemInfo.xmppPubSubDomain
			: `pubsub.${domain}`;
	return { domain, pubsub };
}

/**
 * The XMPP resource of Vigie's session: stable per host, so that a restart finds its own subscriptions again;
 * never `desktop`, which Cisco reserves for the Finesse desktop.
 */
export function xmppResource(hostname: string): string {
	const safe = hostname.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 60);
	return `vigie-${safe || 'wallboard'}`;
}
