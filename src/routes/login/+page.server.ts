import { fail, redirect } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { credentialCookie, KIOSK_COOKIE_MAX_AGE_S } from '$lib/server/auth/cookies.ts';
import { principalForToken, TOKEN_COOKIE } from '$lib/server/auth/tokens.ts';
import { SESSION_COOKIE, SESSION_LIFETIME_MS, signIn } from '$lib/server/auth/users.ts';
import { sameSitePath } from '$lib/server/http/same-site.ts';

export const load = ({ url }) => ({ next: sameSitePath(url.searchParams.get('next'), url) });

export const actions = {
	password: async ({ request, cookies, url }) => {
		const form = await request.formData();
		const name = String(form.get('user') ?? '').trim();
		const next = sameSitePath(String(form.get('next') ?? ''), url);
		const secret = await signIn(currentApp().database.db, name, String(form.get('password') ?? ''));
		// The page is drawn again after a failure, without the address's `next`: the answer carries it.
		if (!secret) return fail(401, { error: 'wrong-password' as const, user: name, next });
		cookies.set(SESSION_COOKIE, secret, credentialCookie(url, SESSION_LIFETIME_MS / 1000));
		redirect(303, next);
	},
	token: async ({ request, cookies, url }) => {
		const form = await request.formData();
		const token = String(form.get('token') ?? '').trim();
		const next = sameSitePath(String(form.get('next') ?? ''), url);
		if (!token || !(await principalForToken(currentApp().database.db, token))) {
			return fail(401, { error: 'unknown-token' as const, user: '', next });
		}
		cookies.set(TOKEN_COOKIE, token, credentialCookie(url, KIOSK_COOKIE_MAX_AGE_S));
		redirect(303, next);
	}
};
