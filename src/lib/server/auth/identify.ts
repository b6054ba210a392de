import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Principal } from './principal.ts';
import { principalForToken, tokenFromRequest } from './tokens.ts';
import { principalForSession } from './users.ts';

/** What a request carries that can say who sends it. */
export interface Credentials {
	authorization: string | null | undefined;
	sessionCookie: string | undefined;
	tokenCookie: string | undefined;
	/** The caller's address, noted as a token's last use. */
	address?: string | null;
}

/** Who is calling, for pages, the API and the live screens alike: a person's session, then a token. */
export async function identify(db: Kysely<Database>, credentials: Credentials): Promise<Principal | null> {
	const token = tokenFromRequest(credentials.authorization, credentials.tokenCookie);
	return (
		(credentials.sessionCookie ? await principalForSession(db, credentials.sessionCookie) : null) ??
		(token ? await principalForToken(db, token, credentials.address ?? null) : null)
	);
}
