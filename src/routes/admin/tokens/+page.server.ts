import { fail } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { requireAdmin } from '$lib/server/auth/admin-guard.ts';
import { TOKEN_ROLES } from '$lib/server/auth/principal.ts';
import { createToken, isTokenRole, listTokens, revokeTokenById, TokenError } from '$lib/server/auth/tokens.ts';
import { readScreens } from '$lib/server/wall-config/screens.ts';

export const load = async ({ locals }) => {
	requireAdmin(locals.principal, 'tokens');
	const db = currentApp().database.db;
	const [tokens, screens] = await Promise.all([listTokens(db), readScreens(db)]);
	const zone = currentApp().config.timezone;
	const local = (at: Date | null) =>
		at ? at.toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: zone }) : null;
	return {
		tokens: tokens.map((token) => ({
			...token,
			createdAt: local(token.createdAt),
			expiresAt: local(token.expiresAt),
			lastUsedAt: local(token.lastUsedAt)
		})),
		screens: [...screens.keys()],
		roles: TOKEN_ROLES
	};
};

export const actions = {
	create: async ({ locals, request, url }) => {
		requireAdmin(locals.principal, 'tokens');
		const form = await request.formData();
		const name = String(form.get('name') ?? '').trim();
		const role = String(form.get('role') ?? '');
		const screen = String(form.get('screen') ?? '') || null;
		const days = String(form.get('expires_days') ?? '').trim();
		if (!isTokenRole(role)) return fail(400, { error: 'role' as const });
		if (days !== '' && !(/^\d{1,4}$/.test(days) && Number(days) >= 1 && Number(days) <= 3650)) {
			return fail(400, { error: 'expiresDays' as const });
		}
		const db = currentApp().database.db;
		if (screen !== null && !(await readScreens(db)).has(screen)) return fail(400, { error: 'screenName' as const });
		try {
			const token = await createToken(db, {
				name,
				role,
				screen,
				expiresAt: days === '' ? null : new Date(Date.now() + Number(days) * 86_400_000),
				createdBy: locals.principal.name
			});
			await locals.audit({ action: 'token.create', target: name, detail: { role, screen, expiresDays: days || null } });
			// Shown once, on this answer only; the page never shows it again.
			const kioskUrl = `${url.origin}/wall/${screen ?? 'default'}?token=${token}`;
			return { created: { name, token, kioskUrl: role === 'ingest' ? null : kioskUrl } };
		} catch (error) {
			if (error instanceof TokenError) return fail(400, { error: error.code });
			throw error;
		}
	},
	revoke: async ({ locals, request }) => {
		requireAdmin(locals.principal, 'tokens');
		const name = await revokeTokenById(currentApp().database.db, String((await request.formData()).get('id') ?? ''));
		if (name === null) return { revoked: null };
		await locals.audit({ action: 'token.revoke', target: name });
		void currentApp().access.recheckNow();
		return { revoked: name };
	}
};
