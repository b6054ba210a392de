import { redirect } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { TOKEN_COOKIE } from '$lib/server/auth/tokens.ts';
import { SESSION_COOKIE, signOut } from '$lib/server/auth/users.ts';

/** A form posts here to sign out: the session ends in the database, and both cookies go. */
export const POST = async ({ cookies }) => {
	const session = cookies.get(SESSION_COOKIE);
	if (session) await signOut(currentApp().database.db, session);
	cookies.delete(SESSION_COOKIE, { path: '/' });
	cookies.delete(TOKEN_COOKIE, { path: '/' });
	redirect(303, '/login');
};
