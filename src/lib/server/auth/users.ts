import { hash, verify } from '@node-rs/argon2';
import type { Kysely, Updateable } from 'kysely';
import type { Database, UsersTable } from '../db/schema.ts';
import { isPersonRole, type PersonRole, type Principal } from './principal.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { recordSuccess } from './sign-in-throttle.ts';

/** A working day and a half: a supervisor signs in once a shift. */
export const SESSION_LIFETIME_MS = 12 * 3600 * 1000;
export const SESSION_COOKIE = 'vigie_session';
const SESSION_PREFIX = 'vgs_';
export const MIN_PASSWORD_LENGTH = 12;
/** argon2 hashes whatever it is given: a bound keeps a megabyte "password" from costing the server. */
export const MAX_PASSWORD_LENGTH = 256;

/** Why a person could not be created or changed: `code` names the page's message, `message` says it to the CLI. */
export type UserErrorCode = 'passwordShort' | 'passwordLong' | 'passwordName' | 'userName' | 'userExists' | 'noUser';

export class UserError extends Error {
	readonly code: UserErrorCode;
	constructor(code: UserErrorCode, message: string) {
		super(message);
		this.code = code;
		this.name = 'UserError';
	}
}

/**
 * The password policy an auditor accepts (ANSSI's advice: length over complexity): at least 12 characters, at most
 * 256, and not the account's name inside it.
 */
export function checkPassword(name: string, password: string): void {
	if (password.length < MIN_PASSWORD_LENGTH)
		throw new UserError('passwordShort', `the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
	if (password.length > MAX_PASSWORD_LENGTH)
		throw new UserError('passwordLong', `the password may have at most ${MAX_PASSWORD_LENGTH} characters`);
	const lowered = password.toLowerCase();
	const parts = name
		.toLowerCase()
		.split(/[._@-]/)
		.filter((part) => part.length >= 4);
	if (lowered.includes(name.toLowerCase()) || parts.some((part) => lowered.includes(part)))
		throw new UserError('passwordName', 'the password must not contain the user name');
}

/** Creates a person; the password is kept only as an argon2id hash (salted, slow by design). */
export async function addUser(db: Kysely<Database>, name: string, role: PersonRole, password: string): Promise<void> {
	if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(name)) {
		throw new UserError('userName', 'a user name is 1 to 64 letters, digits, dots, dashes, underscores or @');
	}
	checkPassword(name, password);
	const existing = await db.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
	if (existing) throw new UserError('userExists', `there is already a user named ${name}`);
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
	const user = await db
		.selectFrom('users')
		.select(['id', 'password_hash', 'disabled_at'])
		.where('name', '=', name)
		.executeTakeFirst();
	const matches = await verify(user?.password_hash ?? UNKNOWN_USER_HASH, password).catch(() => false);
	// A disabled person is refused like a wrong password: the answer does not tell the account is there.
	if (!user || !matches || user.disabled_at !== null) return null;
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
		.where('users.disabled_at', 'is', null)
		.executeTakeFirst();
	return row && isPersonRole(row.role) ? { kind: 'user', name: row.name, role: row.role } : null;
}

export async function signOut(db: Kysely<Database>, secret: string): Promise<void> {
	await db.deleteFrom('sessions').where('secret_hash', '=', hashSecret(secret)).execute();
}

/** Ends every session of a person (a forced sign-out); returns how many there were. */
export async function signOutEverywhere(db: Kysely<Database>, name: string): Promise<number> {
	const result = await db
		.deleteFrom('sessions')
		.where('user_id', 'in', db.selectFrom('users').select('id').where('name', '=', name))
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}

async function updateUser(db: Kysely<Database>, name: string, changes: Updateable<UsersTable>): Promise<void> {
	const result = await db.updateTable('users').set(changes).where('name', '=', name).executeTakeFirst();
	if (Number(result.numUpdatedRows) === 0) throw new UserError('noUser', `there is no user named ${name}`);
}

/** Disables a person (they cannot sign in, their sessions end) or enables them again. */
export async function setUserDisabled(db: Kysely<Database>, name: string, disabled: boolean): Promise<void> {
	await updateUser(db, name, { disabled_at: disabled ? new Date() : null });
	if (disabled) await signOutEverywhere(db, name);
}

export async function setUserRole(db: Kysely<Database>, name: string, role: PersonRole): Promise<void> {
	await updateUser(db, name, { role });
}

/** A new password (a reset by an administrator): the person's sessions end, so a stolen one stops working. */
export async function setPassword(db: Kysely<Database>, name: string, password: string): Promise<void> {
	checkPassword(name, password);
	await updateUser(db, name, { password_hash: await hash(password), password_changed_at: new Date() });
	await signOutEverywhere(db, name);
	// A reset is how an administrator lets a locked-out person in: their failed tries are forgotten too.
	await recordSuccess(db, name);
}

export interface UserListing {
	name: string;
	role: string;
	createdAt: Date;
	disabled: boolean;
	passwordChangedAt: Date | null;
	/** Sessions open now. */
	sessions: number;
}

export async function listUsers(db: Kysely<Database>): Promise<UserListing[]> {
	const rows = await db
		.selectFrom('users')
		.leftJoin('sessions', (join) =>
			join.onRef('sessions.user_id', '=', 'users.id').on('sessions.expires_at', '>', new Date())
		)
		.select((eb) => [
			'users.name',
			'users.role',
			'users.created_at',
			'users.disabled_at',
			'users.password_changed_at',
			eb.fn.count<string>('sessions.secret_hash').as('sessions')
		])
		.groupBy(['users.id'])
		.orderBy('users.name')
		.execute();
	return rows.map((r) => ({
		name: r.name,
		role: r.role,
		createdAt: r.created_at,
		disabled: r.disabled_at !== null,
		passwordChangedAt: r.password_changed_at,
		sessions: Number(r.sessions)
	}));
}
