import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { TOKEN_ROLES, type Principal, type Role } from './principal.ts';
import { hashSecret, newSecret } from './secrets.ts';

const TOKEN_PREFIX = 'vgi_';
/** A token's last use is written at most this often: enough to say "used today, from there". */
const LAST_USE_EVERY_MS = 60_000;

export function isTokenRole(role: string): role is Role {
	return (TOKEN_ROLES as readonly string[]).includes(role);
}

export type TokenErrorCode = 'tokenName' | 'expiryPast';

export class TokenError extends Error {
	readonly code: TokenErrorCode;
	constructor(code: TokenErrorCode, message: string) {
		super(message);
		this.code = code;
		this.name = 'TokenError';
	}
}

export interface NewToken {
	name: string;
	role: Role;
	/** Keep a kiosk token to this screen. */
	screen?: string | null;
	expiresAt?: Date | null;
	/** Who creates it (a person's name, `cli:<account>`), for the list. */
	createdBy?: string | null;
}

/** A token's name: what it is for, shown in lists and the audit trail. */
export function checkTokenName(name: string): string {
	const trimmed = name.trim();
	if (!/^[\p{L}\p{N} ._@:-]{1,64}$/u.test(trimmed)) {
		throw new TokenError(
			'tokenName',
			'a token name is 1 to 64 letters, digits, spaces, dots, dashes, underscores, @ or :'
		);
	}
	return trimmed;
}

/** Creates a token and returns it: this is the only time it exists in clear. */
export async function createToken(db: Kysely<Database>, nameOrToken: string | NewToken, role?: Role): Promise<string> {
	const spec: NewToken = typeof nameOrToken === 'string' ? { name: nameOrToken, role: role! } : nameOrToken;
	if (spec.expiresAt && spec.expiresAt.getTime() <= Date.now())
		throw new TokenError('expiryPast', 'the expiry must be in the future');
	const token = newSecret(TOKEN_PREFIX);
	await db
		.insertInto('api_tokens')
		.values({
			name: checkTokenName(spec.name),
			role: spec.role,
			token_hash: hashSecret(token),
			screen: spec.screen ?? null,
			expires_at: spec.expiresAt ?? null,
			created_by: spec.createdBy ?? null
		})
		.execute();
	return token;
}

/** Removes every token of that name (the demo kiosk's is renewed at each start). */
export async function deleteTokensNamed(db: Kysely<Database>, name: string): Promise<void> {
	await db.deleteFrom('api_tokens').where('name', '=', name).execute();
}

/** Revokes every live token of that name; returns how many. The rows stay, for the list and the audit trail. */
export async function revokeTokensNamed(db: Kysely<Database>, name: string): Promise<number> {
	const result = await db
		.updateTable('api_tokens')
		.set({ revoked_at: new Date() })
		.where('name', '=', name)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

/** Revokes one token by its number (the admin page's button). */
export async function revokeTokenById(db: Kysely<Database>, id: string): Promise<string | null> {
	if (!/^\d{1,18}$/.test(id)) return null;
	const row = await db
		.updateTable('api_tokens')
		.set({ revoked_at: new Date() })
		.where('id', '=', id)
		.where('revoked_at', 'is', null)
		.returning('name')
		.executeTakeFirst();
	return row?.name ?? null;
}

export type TokenState = 'active' | 'expired' | 'revoked';

export interface TokenListing {
	id: string;
	name: string;
	role: string;
	screen: string | null;
	createdAt: Date;
	createdBy: string | null;
	expiresAt: Date | null;
	lastUsedAt: Date | null;
	lastUsedAddress: string | null;
	state: TokenState;
}

/** Every token, live ones first, newest first; never the secret (only its hash is stored anyway). */
export async function listTokens(db: Kysely<Database>, now = new Date()): Promise<TokenListing[]> {
	const rows = await db
		.selectFrom('api_tokens')
		.select([
			'id',
			'name',
			'role',
			'screen',
			'created_at',
			'created_by',
			'expires_at',
			'last_used_at',
			'last_used_address',
			'revoked_at'
		])
		.orderBy(sql`revoked_at IS NOT NULL`)
		.orderBy('created_at', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		role: r.role,
		screen: r.screen,
		createdAt: r.created_at,
		createdBy: r.created_by,
		expiresAt: r.expires_at,
		lastUsedAt: r.last_used_at,
		lastUsedAddress: r.last_used_address,
		state: r.revoked_at ? 'revoked' : r.expires_at && r.expires_at <= now ? 'expired' : 'active'
	}));
}

/**
 * Who a token is, if it is live: not revoked, not expired. Its last use is noted (at most once a minute), with the
 * caller's address when known.
 */
export async function principalForToken(
	db: Kysely<Database>,
	token: string,
	address: string | null = null
): Promise<Principal | null> {
	if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
	const now = new Date();
	const row = await db
		.selectFrom('api_tokens')
		.select(['id', 'name', 'role', 'screen', 'last_used_at'])
		.where('token_hash', '=', hashSecret(token))
		.where('revoked_at', 'is', null)
		.where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
		.executeTakeFirst();
	if (!row || !isTokenRole(row.role)) return null;
	if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > LAST_USE_EVERY_MS) {
		await db
			.updateTable('api_tokens')
			.set({ last_used_at: now, last_used_address: address })
			.where('id', '=', row.id)
			.execute();
	}
	return { kind: 'token', name: row.name, role: row.role, screen: row.screen };
}

/** When a live token stops being valid (`null`: never), for the kiosk cookie's lifetime. */
export async function tokenExpiry(db: Kysely<Database>, token: string): Promise<Date | null> {
	const row = await db
		.selectFrom('api_tokens')
		.select('expires_at')
		.where('token_hash', '=', hashSecret(token))
		.executeTakeFirst();
	return row?.expires_at ?? null;
}

/** The token a request carries: `Authorization: Bearer …` first, else the kiosk cookie. */
export function tokenFromRequest(authorization: string | null | undefined, cookie: string | undefined): string | null {
	const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
	return bearer?.[1] ?? cookie ?? null;
}

export const TOKEN_COOKIE = 'vigie_token';
