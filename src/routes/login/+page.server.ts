import { fail, redirect } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { principalForToken, TOKEN_COOKIE } from '$lib/server/auth/tokens.ts';

/** Only addresses of this site: `next` must not send anyone elsewhere. */
function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export const load = ({ url }) => ({ next: safeNext(url.searchParams.get('next')) });

export const actions = {
	default: async ({ request, cookies, url }) => {
		const form = await request.formData();
		const token = String(form.get('token') ?? '').trim();
		if (!token || !(await principalForToken(currentApp().database.db, token))) {
			return fail(401, { error: 'unknown-token' });
		}
		cookies.set(TOKEN_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
		redirect(303, safeNext(String(form.get('next') ?? '')));
	}
};
