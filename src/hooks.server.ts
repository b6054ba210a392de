import { error, isRedirect, json, redirect, type Cookies, type Handle } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { credentialCookie, KIOSK_COOKIE_MAX_AGE_S } from '$lib/server/auth/cookies.ts';
import { identify } from '$lib/server/auth/identify.ts';
import { principalForToken, TOKEN_COOKIE } from '$lib/server/auth/tokens.ts';
import { SESSION_COOKIE } from '$lib/server/auth/users.ts';
import { sameSitePath } from '$lib/server/http/same-site.ts';
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

export const handle: Handle = async ({ event, resolve }) => {
	const { url, cookies, request } = event;
	event.locals.locale = chooseLocale(url, cookies);
	event.locals.principal = null;
	const render = () =>
		resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale) });
	// Public pages need no database: liveness and the login page answer even while it is down.
	if (isPublic(url.pathname)) return render();

	const machine = isMachineRoute(url.pathname);
	try {
		// A kiosk opens `/wall/x?token=…` once: the token moves into an HttpOnly cookie and leaves the address bar.
		const urlToken = url.searchParams.get('token');
		if (
			urlToken &&
			request.method === 'GET' &&
			!machine &&
			(await principalForToken(currentApp().database.db, urlToken))
		) {
			cookies.set(TOKEN_COOKIE, urlToken, credentialCookie(url, KIOSK_COOKIE_MAX_AGE_S));
			const clean = new URL(url);
			clean.searchParams.delete('token');
			redirect(303, sameSitePath(clean.pathname + clean.search, url));
		}
		event.locals.principal = await identify(currentApp().database.db, {
			authorization: request.headers.get('authorization'),
			sessionCookie: cookies.get(SESSION_COOKIE),
			tokenCookie: cookies.get(TOKEN_COOKIE)
		});
	} catch (e) {
		if (isRedirect(e)) throw e;
		currentApp().log.error({ err: e }, 'auth: could not check who is calling');
		if (machine) return json({ database: 'unreachable', error: 'the database does not answer' }, { status: 503 });
		error(503, 'Vigie cannot reach its database; this page will work again once it answers.');
	}

	const principal = event.locals.principal;
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
