/** The one way Vigie's credential cookies are set: site-wide, out of scripts' reach, secure over https. */
export function credentialCookie(url: URL, maxAgeS?: number) {
	const attributes = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: url.protocol === 'https:' };
	return maxAgeS === undefined ? attributes : { ...attributes, maxAge: maxAgeS };
}

/** A kiosk stays signed in for as long as its token lives. */
export const KIOSK_COOKIE_MAX_AGE_S = 400 * 24 * 3600;
