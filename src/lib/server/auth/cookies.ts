/** The one way Vigie's credential cookies are set: site-wide, out of scripts' reach, secure over https. */
export function credentialCookie(url: URL, maxAgeS?: number) {
	const attributes = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: url.protocol === 'https:' };
	return maxAgeS === undefined ? attributes : { ...attributes, maxAge: maxAgeS };
}

/**
 * A kiosk's cookie lasts 90 days from the last page it loaded (a wall reloads at each server upgrade), never past
 * its token's expiry; a revoked token is refused at once whatever the cookie says.
 */
export const KIOSK_COOKIE_MAX_AGE_S = 90 * 24 * 3600;

/** The kiosk cookie's lifetime for a token that expires at `expiresAt` (`null`: never). */
export function kioskCookieMaxAge(expiresAt: Date | null, now = new Date()): number {
	if (!expiresAt) return KIOSK_COOKIE_MAX_AGE_S;
	return Math.max(0, Math.min(KIOSK_COOKIE_MAX_AGE_S, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)));
}
