import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, principalForSession, signIn, signOut, UserError } from '../../src/lib/server/auth/users.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

describe.each(DATABASE_KINDS)('people and sessions on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await createTestDatabase(kind);
		await addUser(t.database.db, 'claire.martin', 'supervisor', 'un mot de passe solide');
	});
	afterAll(() => t?.dispose());

	it('keeps only a salted slow hash of the password', async () => {
		const row = await t.database.db
			.selectFrom('users')
			.selectAll()
			.where('name', '=', 'claire.martin')
			.executeTakeFirstOrThrow();
		expect(row.password_hash).toMatch(/^\$argon2id\$/);
		expect(row.password_hash).not.toContain('solide');
	});

	it('opens a session for the right password only, and the session names the person and role', async () => {
		expect(await signIn(t.database.db, 'claire.martin', 'un mauvais mot de passe')).toBeNull();
		expect(await signIn(t.database.db, 'nobody', 'un mot de passe solide')).toBeNull();
		const secret = await signIn(t.database.db, 'claire.martin', 'un mot de passe solide');
		expect(secret).toMatch(/^vgs_/);
		expect(await principalForSession(t.database.db, secret!)).toEqual({
			kind: 'user',
			name: 'claire.martin',
			role: 'supervisor'
		});
		const stored = await t.database.db.selectFrom('sessions').select('secret_hash').execute();
		expect(stored.some((s) => s.secret_hash === secret)).toBe(false);

		await signOut(t.database.db, secret!);
		expect(await principalForSession(t.database.db, secret!)).toBeNull();
	});

	it('ends a session at its expiry', async () => {
		const secret = await signIn(t.database.db, 'claire.martin', 'un mot de passe solide');
		await t.database.db
			.updateTable('sessions')
			.set({ expires_at: new Date(Date.now() - 1000) })
			.execute();
		expect(await principalForSession(t.database.db, secret!)).toBeNull();
	});

	it('refuses short passwords, odd names and a name taken twice, with a reason', async () => {
		await expect(addUser(t.database.db, 'x', 'viewer', 'court')).rejects.toThrow(UserError);
		await expect(addUser(t.database.db, 'a b', 'viewer', 'assez long pour passer')).rejects.toThrow(/user name/);
		await expect(addUser(t.database.db, 'claire.martin', 'admin', 'assez long pour passer')).rejects.toThrow(/already/);
	});
});
