import { redirect } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { credentialCookie } from '$lib/server/auth/cookies.ts';
import { TOKEN_COOKIE } from '$lib/server/auth/tokens.ts';
import { SESSION_COOKIE, signOut } from '$lib/server/auth/users.ts';

/**
 * A form posts here to sign out: the session ends in the database, and both cookies go. They are deleted with the
 * attributes they were set with: a `Secure` deletion (SvelteKit's default off localhost) is ignored by a browser
 * on plain http, which would keep the cookie.
 */
export const POST = async ({ cookies, url, locals }) => {
	const session = cookies.get(SESSION_COOKIE);
	if (session) await signOut(currentApp().database.db, session);
	if (locals.principal) await locals.audit({ action: 'sign-out', target: locals.principal.name });
	// The screens this session opened close now rather than at the next check.
	void currentApp().access.recheckNow();
	cookies.delete(SESSION_COOKIE, credentialCookie(url));
	cookies.delete(TOKEN_COOKIE, credentialCookie(url));
	redirect(303, '/login');
};
