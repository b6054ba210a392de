import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isPersonRole, type PersonRole, type Principal } from './principal.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** A working day and a half: a supervisor signs in once a shift. */
export const SESSION_LIFETIME_MS = 12 * 3600 * 1000;
export const SESSION_COOKIE = 'vigie_session';
const SESSION_PREFIX = 'vgs_';
export const MIN_PASSWORD_LENGTH = 12;

export class UserError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UserError';
	}
}

/** Creates a person; the password is kept only as an argon2id hash (salted, slow by design). */
export async function addUser(db: Kysely<Database>, name: string, role: PersonRole, password: string): Promise<void> {
	if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(name)) {
		throw new UserError('a user name is 1 to 64 letters, digits, dots, dashes, underscores or @');
	}
	if (password.length < MIN_PASSWORD_LENGTH)
		throw new UserError(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
	const existing = await db.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
	if (existing) throw new UserError(`there is already a user named ${name}`);
	await db
		.insertInto('users')
		.values({ name, role, password_hash: await hash(password) })
		.execute();
}

// NOTE: an unknown name is checked against this hash too, so that the answer takes as long as for a known one
// and does not tell which names exist.
const UNKNOWN_USER_HASH = await hash(newSecret(''));

/** Checks a sign-in; on success opens a session and returns its secret, for the cookie. */
export async function signIn(db: Kysely<Database>, name: string, password: string): Promise<string | null> {
	const user = await db.selectFrom('users').select(['id', 'password_hash']).where('name', '=', name).executeTakeFirst();
	const matches = await verify(user?.password_hash ?? UNKNOWN_USER_HASH, password).catch(() => false);
	if (!user || !matches) return null;
	const secret = newSecret(SESSION_PREFIX);
	await db
		.insertInto('sessions')
		.values({
			secret_hash: hashSecret(secret),
			user_id: user.id,
			expires_at: new Date(Date.now() + SESSION_LIFETIME_MS)
		})
		.execute();
	// Expired sessions are swept here rather than by a timer: sign-ins are rare and this keeps the table small.
	await db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
	return secret;
}

export async function principalForSession(db: Kysely<Database>, secret: string): Promise<Principal | null> {
	if (!secret.startsWith(SESSION_PREFIX) || secret.length > 100) return null;
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select(['users.name', 'users.role'])
		.where('sessions.secret_hash', '=', hashSecret(secret))
		.where('sessions.expires_at', '>', new Date())
		.executeTakeFirst();
	return row && isPersonRole(row.role) ? { kind: 'user', name: row.name, role: row.role } : null;
}

export async function signOut(db: Kysely<Database>, secret: string): Promise<void> {
	await db.deleteFrom('sessions').where('secret_hash', '=', hashSecret(secret)).execute();
}
