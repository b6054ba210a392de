import { FinesseXmlError, parseSystemInfo, parseTeam, type FinesseSystemInfo, type FinesseTeam } from './parse.ts';

/**
 * Finesse's REST API, as much as a wallboard reads (Basic auth): SystemInfo and the Team object. Every failure is
 * a `FinesseError` whose message is meant for an operator (what failed, where, what to check), never with the
 * password in it.
 */

/**
 * What went wrong, for the retry policy: `node` problems (unreachable, TLS, out of service, a server error) make
 * the source try the other Finesse node; the others are the account's or the settings' and stay where they are.
 */
export type FinesseProblem =
	| 'unreachable'
	| 'tls'
	| 'out-of-service'
	| 'server'
	| 'account'
	| 'team'
	| 'xmpp-unreachable'
	| 'xmpp-login'
	| 'subscription'
	| 'connection-lost';

const NODE_PROBLEMS: ReadonlySet<FinesseProblem> = new Set([
	'unreachable',
	'tls',
	'out-of-service',
	'server',
	'xmpp-unreachable',
	'connection-lost'
]);

export class FinesseError extends Error {
	readonly problem: FinesseProblem;
	constructor(problem: FinesseProblem, message: string) {
		super(message);
		this.name = 'FinesseError';
		this.problem = problem;
	}

	/** Whether the other Finesse node may do better. */
	get nodeProblem(): boolean {
		return NODE_PROBLEMS.has(this.problem);
	}
}

/** Node's and OpenSSL's codes for a certificate Node does not trust or a handshake that failed. */
const TLS_CODES = new Set([
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_UNTRUSTED',
	'CERT_REJECTED',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'ERR_SSL_WRONG_VERSION_NUMBER',
	'EPROTO'
]);

/** The advice that goes with a TLS refusal. */
export const TLS_ADVICE =
	"give Node the site's CA certificate with NODE_EXTRA_CA_CERTS=/path/ca.pem (Finesse serves its Tomcat certificate)";

function codeOf(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string') return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function messageOf(error: unknown): string {
	const cause = (error as { cause?: unknown })?.cause;
	if (cause instanceof Error && cause.message) return cause.message;
	return error instanceof Error ? error.message : String(error);
}

/** Whether a socket-level error is a TLS refusal (an untrusted certificate, a handshake that failed). */
export function isTlsFailure(error: unknown): boolean {
	const code = codeOf(error);
	return (
		(code !== undefined && (TLS_CODES.has(code) || code.startsWith('ERR_SSL_'))) ||
		/certificate|SSL routines/i.test(messageOf(error))
	);
}

/** Words for an error of the connection itself (no HTTP answer): unreachable, or TLS refused. */
export function connectionError(error: unknown, what: string, where: string, timeoutMs: number): FinesseError {
	const name = (error as { name?: unknown })?.name;
	if (name === 'TimeoutError' || name === 'AbortError')
		return new FinesseError('unreachable', `${what} unreachable at ${where}: no answer within ${timeoutMs / 1000} s`);
	if (isTlsFailure(error))
		return new FinesseError('tls', `TLS refused with ${what} at ${where}: ${messageOf(error).trim()}; ${TLS_ADVICE}`);
	const code = codeOf(error);
	const detail = code && !messageOf(error).includes(code) ? `${code} ${messageOf(error)}` : messageOf(error);
	return new FinesseError('unreachable', `${what} unreachable at ${where}: ${detail.trim()}`);
}

export interface FinesseRest {
	/** The node's SystemInfo; `null` when this Finesse does not answer it (the caller then derives what it needs). */
	systemInfo(): Promise<FinesseSystemInfo | null>;
	/** The team with its signed-out agents too. */
	team(id: string): Promise<FinesseTeam>;
}

export function finesseRest(options: {
	baseUrl: string;
	user: string;
	password: string;
	timeoutMs: number;
	/** Aborts every request (the source stopping). */
	signal?: AbortSignal;
}): FinesseRest {
	const { baseUrl, user, timeoutMs } = options;
	const authorization = `Basic ${Buffer.from(`${user}:${options.password}`, 'utf8').toString('base64')}`;

	async function get(path: string): Promise<{ status: number; statusText: string; body: string }> {
		const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
		try {
			const response = await fetch(`${baseUrl}${path}`, {
				headers: { authorization, accept: 'application/xml' },
				signal: AbortSignal.any(signals),
				redirect: 'manual'
			});
			return { status: response.status, statusText: response.statusText, body: await response.text() };
		} catch (error) {
			if (options.signal?.aborted) throw error;
			throw connectionError(error, 'Finesse', baseUrl, timeoutMs);
		}
	}

	function unexpected(path: string, status: number, statusText: string): FinesseError {
		return new FinesseError(
			status >= 500 ? 'server' : 'team',
			`Finesse at ${baseUrl} answered ${status}${statusText ? ` ${statusText}` : ''} to GET ${path}`
		);
	}

	function accountRefused(status: number): FinesseError {
		return new FinesseError(
			'account',
			`Finesse refused the account ${user} (${status}): check VIGIE_FINESSE_USER and VIGIE_FINESSE_PASSWORD (a Finesse supervisor or administrator)`
		);
	}

	return {
		async systemInfo() {
			const path = '/finesse/api/SystemInfo';
			const { status, statusText, body } = await get(path);
			if (status === 401) throw accountRefused(status);
			if (status === 404) return null;
			if (status !== 200) throw unexpected(path, status, statusText);
			try {
				return parseSystemInfo(body);
			} catch (error) {
				if (error instanceof FinesseXmlError) return null;
				throw error;
			}
		},

		async team(id) {
			const path = `/finesse/api/Team/${encodeURIComponent(id)}?includeLoggedOutAgents=true`;
			const { status, statusText, body } = await get(path);
			if (status === 401) throw accountRefused(status);
			if (status === 403 || status === 404)
				throw new FinesseError('team', `team ${id} does not exist or the account may not read it (${status})`);
			if (status !== 200) throw unexpected(path, status, statusText);
			try {
				return parseTeam(body);
			} catch (error) {
				if (error instanceof FinesseXmlError)
					throw new FinesseError('server', `Finesse at ${baseUrl} sent an unreadable team ${id}: ${error.message}`);
				throw error;
			}
		}
	};
}
