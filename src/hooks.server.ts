import { error, isRedirect, json, redirect, type Cookies, type Handle, type HandleServerError } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { credentialCookie, kioskCookieMaxAge } from '$lib/server/auth/cookies.ts';
import { identify } from '$lib/server/auth/identify.ts';
import { principalForToken, TOKEN_COOKIE, tokenExpiry } from '$lib/server/auth/tokens.ts';
import { SESSION_COOKIE } from '$lib/server/auth/users.ts';
import { clientAddress } from '$lib/server/http/client-address.ts';
import { sameSitePath } from '$lib/server/http/same-site.ts';
import {
	BASELINE_HEADERS,
	bodySizeRefusal,
	crossSiteRefusal,
	HSTS,
	NON_PAGE_CSP,
	type Refusal
} from '$lib/server/http/security-headers.ts';
import { createLogger, type Logger } from '$lib/server/log.ts';
import { actorOf, audit } from '$lib/server/audit/audit.ts';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, type Locale } from '$lib/i18n/i18n.ts';

/** Open to everyone: the login page, liveness, and the built assets. */
function isPublic(pathname: string): boolean {
	return (
		pathname === '/login' || pathname === '/healthz' || pathname.startsWith('/_app/') || pathname === '/favicon.svg'
	);
}

/** Machine routes answer 401; pages send people to the login page. */
function isMachineRoute(pathname: string): boolean {
	return pathname.startsWith('/api/') || pathname === '/readyz' || pathname === '/metrics';
}

/** `?lang=en` chooses the language and is remembered; French otherwise. */
function chooseLocale(url: URL, cookies: Cookies): Locale {
	const asked = url.searchParams.get('lang');
	if (isLocale(asked)) {
		cookies.set(LOCALE_COOKIE, asked, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 365 * 24 * 3600
		});
		return asked;
	}
	const remembered = cookies.get(LOCALE_COOKIE);
	return isLocale(remembered) ? remembered : DEFAULT_LOCALE;
}

/** The running server's logger; a plain one while none is published (the build's analysis, a failed start). */
function logger(): Logger {
	try {
		return currentApp().log;
	} catch {
		return (fallbackLogger ??= createLogger(process.env.VIGIE_LOG_LEVEL ?? 'info'));
	}
}
let fallbackLogger: Logger | undefined;

function configuredOrigin(): string | null {
	try {
		return currentApp().config.origin;
	} catch {
		return null;
	}
}

/** A refusal as the caller reads it: JSON for machines, plain text for the rest (a browser shows it as is). */
function refusalResponse(refusal: Refusal, machine: boolean): Response {
	return machine
		? json({ error: refusal.message }, { status: refusal.status })
		: new Response(refusal.message, {
				status: refusal.status,
				headers: { 'content-type': 'text/plain; charset=utf-8' }
			});
}

/**
 * The headers of contract §5 on every answer: framing and sniffing forbidden, a policy on answers SvelteKit did
 * not give one (JSON, CSV, redirects), nothing a person signed in to see kept in a cache, HSTS behind https.
 */
function withSecurityHeaders(response: Response, pathname: string): Response {
	const headers = response.headers;
	try {
		for (const [name, value] of Object.entries(BASELINE_HEADERS)) headers.set(name, value);
	} catch {
		// Headers of a response fetched from elsewhere are immutable: copy it once, then set them.
		return withSecurityHeaders(new Response(response.body, response), pathname);
	}
	if (!headers.has('content-security-policy')) headers.set('content-security-policy', NON_PAGE_CSP);
	if (!pathname.startsWith('/_app/')) headers.set('cache-control', 'no-store');
	if (configuredOrigin()?.startsWith('https:')) headers.set('strict-transport-security', HSTS);
	return response;
}

export const handle: Handle = async ({ event, resolve }) => {
	const response = await guarded({ event, resolve });
	return withSecurityHeaders(response, event.url.pathname);
};

/**
 * An unexpected error, logged once as a JSON line with where it happened (never the query string, which may hold
 * a kiosk's token); the person sees SvelteKit's generic message.
 */
export const handleError: HandleServerError = ({ error: thrown, event, status, message }) => {
	const where = { method: event.request.method, path: event.url.pathname, status };
	if (status >= 500) logger().error({ err: thrown, ...where }, 'web: unexpected error');
	else logger().debug(where, `web: ${message}`);
	return { message };
};

/**
 * NOTE: a token is used on every request of a kiosk or a connector; the trail records its use once an hour per
 * process, enough to tell an auditor that it is alive and from where, without a line per request.
 */
const TOKEN_USE_AUDIT_EVERY_MS = 3600_000;
const tokenUseAudited = new Map<string, number>();

async function noteTokenUse(locals: App.Locals, name: string): Promise<void> {
	const last = tokenUseAudited.get(name) ?? 0;
	if (Date.now() - last < TOKEN_USE_AUDIT_EVERY_MS) return;
	tokenUseAudited.set(name, Date.now());
	await locals.audit({ action: 'token.use', target: name });
}

const guarded: Handle = async ({ event, resolve }) => {
	const { url, cookies, request } = event;
	const ownOrigins = [url.origin];
	const configured = configuredOrigin();
	if (configured !== null) ownOrigins.push(configured);
	const early =
		bodySizeRefusal(request.method, url.pathname, request.headers) ??
		crossSiteRefusal(request.method, request.headers, ownOrigins);
	if (early) return refusalResponse(early, isMachineRoute(url.pathname));
	event.locals.locale = chooseLocale(url, cookies);
	event.locals.principal = null;
	event.locals.audit = (entry) => audit(currentApp(), actorOf(event.locals.principal, clientAddress(event)), entry);
	const render = () =>
		resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale) });
	// Public pages need no database: liveness and the login page answer even while it is down.
	if (isPublic(url.pathname)) return render();

	const machine = isMachineRoute(url.pathname);
	try {
		// A kiosk opens `/wall/x?token=…` once: the token moves into an HttpOnly cookie and leaves the address bar.
		const urlToken = url.searchParams.get('token');
		const kiosk = urlToken && request.method === 'GET' && !machine;
		const db = currentApp().database.db;
		const urlPrincipal = kiosk ? await principalForToken(db, urlToken, clientAddress(event)) : null;
		// Only a screen's token (viewer or above) becomes a kiosk cookie; an ingest token stays with its connector.
		if (urlPrincipal && urlPrincipal.role !== 'ingest') {
			event.locals.principal = urlPrincipal;
			await event.locals.audit({ action: 'sign-in', target: urlPrincipal.name, detail: { by: 'kiosk address' } });
			cookies.set(TOKEN_COOKIE, urlToken!, credentialCookie(url, kioskCookieMaxAge(await tokenExpiry(db, urlToken!))));
			const clean = new URL(url);
			clean.searchParams.delete('token');
			redirect(303, sameSitePath(clean.pathname + clean.search, url));
		}
		const tokenCookie = cookies.get(TOKEN_COOKIE);
		event.locals.principal = await identify(db, {
			authorization: request.headers.get('authorization'),
			sessionCookie: cookies.get(SESSION_COOKIE),
			tokenCookie,
			address: clientAddress(event)
		});
		// A kiosk's cookie is renewed by each page it loads, within its token's life.
		if (event.locals.principal?.kind === 'token' && tokenCookie && !machine && request.method === 'GET') {
			cookies.set(
				TOKEN_COOKIE,
				tokenCookie,
				credentialCookie(url, kioskCookieMaxAge(await tokenExpiry(db, tokenCookie)))
			);
		}
	} catch (e) {
		if (isRedirect(e)) throw e;
		currentApp().log.error({ err: e }, 'auth: could not check who is calling');
		if (machine) return json({ database: 'unreachable', error: 'the database does not answer' }, { status: 503 });
		error(503, 'Vigie cannot reach its database; this page will work again once it answers.');
	}

	const principal = event.locals.principal;
	if (principal?.kind === 'token') await noteTokenUse(event.locals, principal.name);
	if (!principal) {
		if (machine) {
			return json(
				{ error: 'authentication required: send Authorization: Bearer <token>' },
				{ status: 401, headers: { 'www-authenticate': 'Bearer' } }
			);
		}
		redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	}
	// An ingest token posts events, and nothing else (contract §5).
	if (principal.role === 'ingest' && !(url.pathname === '/api/events' && request.method === 'POST')) {
		if (machine) return json({ error: 'an ingest token may only post events' }, { status: 403 });
		error(403, 'an ingest token may only post events');
	}
	return render();
};
