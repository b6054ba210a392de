import { fail, redirect } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { audit } from '$lib/server/audit/audit.ts';
import { credentialCookie, kioskCookieMaxAge } from '$lib/server/auth/cookies.ts';
import { attemptSignIn } from '$lib/server/auth/sign-in.ts';
import { principalForToken, TOKEN_COOKIE, tokenExpiry } from '$lib/server/auth/tokens.ts';
import { SESSION_COOKIE, SESSION_LIFETIME_MS } from '$lib/server/auth/users.ts';
import { clientAddress } from '$lib/server/http/client-address.ts';
import { sameSitePath } from '$lib/server/http/same-site.ts';

export const load = ({ url }) => ({ next: sameSitePath(url.searchParams.get('next'), url) });

export const actions = {
	password: async (event) => {
		const { request, cookies, url, setHeaders } = event;
		const form = await request.formData();
		const name = String(form.get('user') ?? '').trim();
		const next = sameSitePath(String(form.get('next') ?? ''), url);
		const attempt = await attemptSignIn(currentApp(), {
			name,
			password: String(form.get('password') ?? ''),
			address: clientAddress(event) ?? 'unknown'
		});
		// The page is drawn again after a failure, without the address's `next`: the answer carries it.
		if (attempt.kind === 'throttled') {
			setHeaders({ 'retry-after': String(attempt.retryAfterS) });
			return fail(429, { error: 'throttled' as const, retryAfterS: attempt.retryAfterS, user: attempt.name, next });
		}
		if (attempt.kind === 'refused') return fail(401, { error: 'wrong-password' as const, user: attempt.name, next });
		cookies.set(SESSION_COOKIE, attempt.secret, credentialCookie(url, SESSION_LIFETIME_MS / 1000));
		redirect(303, next);
	},
	token: async (event) => {
		const { request, cookies, url } = event;
		const form = await request.formData();
		const token = String(form.get('token') ?? '').trim();
		const next = sameSitePath(String(form.get('next') ?? ''), url);
		const app = currentApp();
		const address = clientAddress(event);
		const principal = token ? await principalForToken(app.database.db, token, address) : null;
		if (!principal || principal.role === 'ingest') {
			await audit(
				app,
				{ name: '', kind: 'anonymous', address },
				{ action: 'sign-in', outcome: 'refused', detail: { by: 'token' } }
			);
			return fail(401, { error: 'unknown-token' as const, user: '', next });
		}
		await audit(
			app,
			{ name: principal.name, kind: 'token', address },
			{ action: 'sign-in', target: principal.name, detail: { by: 'token' } }
		);
		const maxAge = kioskCookieMaxAge(await tokenExpiry(app.database.db, token));
		cookies.set(TOKEN_COOKIE, token, credentialCookie(url, maxAge));
		redirect(303, next);
	}
};
