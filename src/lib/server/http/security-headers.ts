/**
 * The answers' security headers and the request checks that come before any route: one home for what
 * docs/security.md promises an auditor (contract §5).
 */

/** Sent with every answer, assets included: no framing, no content sniffing, no address leaking to other sites. */
export const BASELINE_HEADERS: Readonly<Record<string, string>> = {
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'referrer-policy': 'same-origin'
};

/**
 * The policy of answers that are not pages (JSON, CSV, redirects): they load nothing and may be framed by nobody.
 * Pages get SvelteKit's own policy (svelte.config.js), with the nonces of their scripts.
 */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Two years, the preload lists' minimum; sent only when the public address is https (a plain-http site would lock itself out). */
export const HSTS = 'max-age=63072000';

/** Every route but the event intake takes small forms: a sign-in or a screen's settings fit well inside this. */
export const FORM_BODY_MAX_BYTES = 64 * 1024;

/** The one route whose body may be large; its own limit is `VIGIE_INGEST_MAX_BYTES`. */
export function hasLargeBody(pathname: string): boolean {
	return pathname === '/api/events';
}

/** A refusal: an HTTP status and a message for the sender. */
export interface Refusal {
	status: number;
	message: string;
}

/**
 * A body too large for its route, judged from the headers alone, before a byte of it is read: 413 over the
 * declared length; 411 for a body of unknown length (browsers always declare the length of a form).
 */
export function bodySizeRefusal(
	method: string,
	pathname: string,
	headers: { get(name: string): string | null }
): Refusal | null {
	if (method === 'GET' || method === 'HEAD' || hasLargeBody(pathname)) return null;
	const length = headers.get('content-length');
	if (length !== null) {
		return Number(length) > FORM_BODY_MAX_BYTES
			? { status: 413, message: `the request body is too large: at most ${FORM_BODY_MAX_BYTES} bytes here` }
			: null;
	}
	if (headers.get('transfer-encoding') !== null) {
		return { status: 411, message: 'send the body with a Content-Length' };
	}
	return null;
}

/** Methods that change something: a browser must not be made to send them from another site. */
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a state-changing request comes from another site (CSRF). A browser says where a request comes from
 * (`Origin`, and `Sec-Fetch-Site`): a request from one of our own pages names this server's origin or the
 * configured public one. Unlike SvelteKit's own check, this one holds for every content type (a sign-out posted
 * with none at all) and leaves alone callers that are not browsers: scripts sending a bearer token or no
 * browser header.
 */
export function crossSiteRefusal(
	method: string,
	headers: { get(name: string): string | null },
	ownOrigins: readonly string[]
): Refusal | null {
	if (!UNSAFE_METHODS.has(method)) return null;
	// A browser never adds Authorization on its own to a request another site makes it send.
	if (headers.get('authorization') !== null && headers.get('cookie') === null) return null;
	const origin = headers.get('origin');
	const site = headers.get('sec-fetch-site');
	const fromElsewhere =
		origin !== null ? !ownOrigins.includes(origin) : site !== null && site !== 'same-origin' && site !== 'none';
	return fromElsewhere ? { status: 403, message: 'this request comes from another site; it was refused' } : null;
}

/**
 * Whether a WebSocket's `Origin` is this server's (the same host the browser connected to) or the configured
 * public address. A browser always sends `Origin` with a WebSocket; other clients (scripts, probes) send none.
 */
export function isOwnSocketOrigin(
	origin: string | undefined,
	host: string | undefined,
	configuredOrigin: string | null
): boolean {
	if (origin === undefined) return true;
	if (configuredOrigin !== null && origin === configuredOrigin) return true;
	try {
		const parsed = new URL(origin);
		return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && host !== undefined && parsed.host === host;
	} catch {
		return false;
	}
}
