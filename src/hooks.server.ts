import { json, redirect, type Handle } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { principalForToken, TOKEN_COOKIE, tokenFromRequest } from '$lib/server/auth/tokens.ts';
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

/** A kiosk stays logged in for as long as its token lives. */
const KIOSK_COOKIE_MAX_AGE_S = 400 * 24 * 3600;

/** `?lang=en` chooses the language and is remembered; French otherwise. */
function chooseLocale(url: URL, cookies: Parameters<Handle>[0]['event']['cookies']): Locale {
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
	const { database } = currentApp();
	const { url, cookies, request } = event;
	event.locals.locale = chooseLocale(url, cookies);

	// A kiosk opens `/wall/x?token=…` once: the token moves into an HttpOnly cookie and leaves the address bar.
	const urlToken = url.searchParams.get('token');
	if (urlToken && request.method === 'GET' && !isMachineRoute(url.pathname)) {
		if (await principalForToken(database.db, urlToken)) {
			cookies.set(TOKEN_COOKIE, urlToken, {
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				secure: url.protocol === 'https:',
				maxAge: KIOSK_COOKIE_MAX_AGE_S
			});
			const clean = new URL(url);
			clean.searchParams.delete('token');
			redirect(303, clean.pathname + clean.search);
		}
	}

	const token = tokenFromRequest(request.headers.get('authorization'), cookies.get(TOKEN_COOKIE));
	event.locals.principal = token ? await principalForToken(database.db, token) : null;

	if (!event.locals.principal && !isPublic(url.pathname)) {
		if (isMachineRoute(url.pathname)) {
			return json(
				{ error: 'authentication required: send Authorization: Bearer <token>' },
				{
					status: 401,
					headers: { 'www-authenticate': 'Bearer' }
				}
			);
		}
		redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	}
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale) });
};
