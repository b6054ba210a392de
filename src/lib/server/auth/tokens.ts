import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { TOKEN_ROLES, type Principal, type Role } from './principal.ts';
import { hashSecret, newSecret } from './secrets.ts';

const TOKEN_PREFIX = 'vgi_';

export function isTokenRole(role: string): role is Role {
	return (TOKEN_ROLES as readonly string[]).includes(role);
}

/** Creates a token and returns it: this is the only time it exists in clear. */
export async function createToken(db: Kysely<Database>, name: string, role: Role): Promise<string> {
	const token = newSecret(TOKEN_PREFIX);
	await db
		.insertInto('api_tokens')
		.values({ name, role, token_hash: hashSecret(token) })
		.execute();
	return token;
}

/** Removes every token of that name (the demo kiosk's is renewed at each start). */
export async function deleteTokensNamed(db: Kysely<Database>, name: string): Promise<void> {
	await db.deleteFrom('api_tokens').where('name', '=', name).execute();
}

export async function principalForToken(db: Kysely<Database>, token: string): Promise<Principal | null> {
	if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
	const row = await db
		.selectFrom('api_tokens')
		.select(['name', 'role'])
		.where('token_hash', '=', hashSecret(token))
		.executeTakeFirst();
	return row && isTokenRole(row.role) ? { kind: 'token', name: row.name, role: row.role } : null;
}

/** The token a request carries: `Authorization: Bearer …` first, else the kiosk cookie. */
export function tokenFromRequest(authorization: string | null | undefined, cookie: string | undefined): string | null {
	const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
	return bearer?.[1] ?? cookie ?? null;
}

export const TOKEN_COOKIE = 'vigie_token';
