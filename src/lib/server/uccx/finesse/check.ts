import { hostname } from 'node:os';
import type { FinesseConfig } from '../../config.ts';
import type { SelfTestLine } from '../self-test.ts';
import { nodeName, teamNode, xmppAddresses, xmppResource, xmppServiceFor } from './endpoints.ts';
import { FinesseError, finesseRest } from './rest.ts';
import { FINESSE_TIMINGS } from './source.ts';
import { openXmppSession } from './xmpp.ts';

/**
 * `vigie uccx test`'s Finesse part: on each configured node, what the live source needs, in the order it needs
 * it — the REST API reachable and trusted (TLS), the node in service, the account accepted, each team readable,
 * the notification service reachable, the sign-in accepted, each team's notifications open to the account. One
 * line per problem, in words an operator can act on; the subscriptions made to test are removed.
 */

export interface FinesseCheck {
	ok: boolean;
	/** One line per problem (none when `ok`). */
	problems: string[];
	/** What was found, in one line (nodes, teams and their agents, the XMPP service). */
	summary: string;
}

export async function checkFinesse(
	config: FinesseConfig,
	options: { timeoutMs?: number; resource?: string } = {}
): Promise<FinesseCheck> {
	const timeoutMs = options.timeoutMs ?? FINESSE_TIMINGS.requestTimeoutMs;
	// Not the running source's resource: signing in with it would push the live session off.
	const resource = options.resource ?? `${xmppResource(hostname())}-check`;
	const problems: string[] = [];
	const found: string[] = [];
	let inService = 0;
	const standby: string[] = [];

	for (const url of config.urls) {
		const node = nodeName(url);
		const rest = finesseRest({ baseUrl: url, user: config.user, password: config.password, timeoutMs });
		let info;
		try {
			info = await rest.systemInfo();
		} catch (error) {
			if (!(error instanceof FinesseError)) throw error;
			problems.push(error.message);
			continue;
		}
		if (info?.status !== undefined && info.status !== 'IN_SERVICE') {
			standby.push(`Finesse at ${url} is not in service (${info.status})`);
			continue;
		}
		inService++;

		const teams: string[] = [];
		const readable: string[] = [];
		let refused = false;
		for (const team of config.teams) {
			try {
				const picture = await rest.team(team);
				teams.push(`${team} (${picture.users.length} agents)`);
				readable.push(team);
			} catch (error) {
				if (!(error instanceof FinesseError)) throw error;
				problems.push(error.message);
				refused = error.problem === 'account' || error.nodeProblem;
				if (refused) break;
			}
		}
		// The same account signs in to XMPP: once REST refused it, that would only say it again.
		if (refused) continue;

		const { domain, pubsub } = xmppAddresses(url, config.xmppDomain, info);
		const service = xmppServiceFor(url, config.xmppUrl, config.urls[0]!);
		let session;
		try {
			session = await openXmppSession({
				service,
				domain,
				pubsub,
				user: config.user,
				password: config.password,
				resource,
				timeoutMs
			});
		} catch (error) {
			if (!(error instanceof FinesseError)) throw error;
			problems.push(error.message);
			continue;
		}
		try {
			let subscribed = 0;
			for (const team of readable) {
				try {
					await session.subscribe(teamNode(team), `team ${team}`);
					subscribed++;
					await session.unsubscribe(teamNode(team)).catch(() => undefined);
				} catch (error) {
					if (!(error instanceof FinesseError)) throw error;
					problems.push(error.message);
				}
			}
			found.push(
				`${node}: teams ${teams.length > 0 ? teams.join(', ') : 'none readable'}; notifications through ${service} (${subscribed}/${readable.length} teams)`
			);
		} finally {
			await session.close();
		}
	}
	if (inService === 0) problems.push(...standby);
	else found.push(...standby.map((line) => `${line}: standby`));
	const unique = [...new Set(problems)];
	return {
		ok: unique.length === 0,
		problems: unique,
		summary: found.length > 0 ? `Finesse ${found.join('; ')}` : 'Finesse: no node answered'
	};
}

/** `checkFinesse` as `vigie uccx test` prints it (self-test.ts's `checkFinesse` option): a line per problem, or one. */
export async function finesseSelfTest(config: FinesseConfig): Promise<SelfTestLine[]> {
	const check = await checkFinesse(config);
	if (check.ok) return [{ ok: true, part: 'finesse', text: check.summary }];
	return check.problems.map((text) => ({ ok: false, part: 'finesse', text }));
}
