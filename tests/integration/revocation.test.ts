/**
 * Issue #10 items 6 and 7 against the real built server on PostgreSQL: tokens and people can be managed from the
 * command line, and taking access back closes what it opened, live screens included, within seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUserWithCli, closed, openLiveSocket, postSignIn, signInOverHttp } from '../support/sessions.ts';
import {
	createToken,
	runVigie,
	startVigieOnPostgres,
	vigieEnv,
	type Env,
	type VigieOnPostgres
} from '../support/vigie-process.ts';

const PASSWORD = 'un mot de passe solide';
/** Revocation reaches an open screen at the next check (every 3 s), plus a margin for a loaded machine. */
const WITHIN_MS = 10_000;

function closesWithin(socket: import('ws').WebSocket, ms: number): Promise<number | 'still open'> {
	return Promise.race([closed(socket), new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms))]);
}

describe('taking access back', () => {
	let vigie: VigieOnPostgres<'admin'>;
	let url: string;
	let env: Env;

	beforeAll(async () => {
		vigie = await startVigieOnPostgres(['admin']);
		url = vigie.server.url;
		env = vigieEnv({ DATABASE_URL: vigie.database.url });
		await addUserWithCli(env, 'claire.martin', 'supervisor', PASSWORD);
		await addUserWithCli(env, 'paul.durand', 'supervisor', PASSWORD);
	});
	afterAll(() => vigie?.stop());

	it('a revoked token is refused at once, and its open screen closes', async () => {
		const token = await createToken(env, 'viewer', 'mur-plateau-2');
		const screen = await openLiveSocket(url, 'default', { authorization: `Bearer ${token}` });
		expect(screen.open).toBeDefined();

		const revoked = await runVigie(['token', 'revoke', 'mur-plateau-2'], env);
		expect(revoked.code, revoked.stderr).toBe(0);
		expect(await closesWithin(screen.open!, WITHIN_MS)).toBe(4401);
		expect((await openLiveSocket(url, 'default', { authorization: `Bearer ${token}` })).status).toBe(401);
		const page = await fetch(`${url}/wall/default?token=${token}`, { redirect: 'manual' });
		expect(page.headers.get('location')).toMatch(/^\/login/);

		const list = await runVigie(['token', 'list'], env);
		const line = list.stdout.split('\n').find((l) => l.startsWith('mur-plateau-2\t'));
		expect(line).toMatch(/\tviewer\t-\trevoked\t/);
		expect(line).toMatch(/last used \d{4}-\d\d-\d\d \d\d:\d\d from /);
		expect(list.stdout).not.toContain(token);

		const again = await runVigie(['token', 'revoke', 'mur-plateau-2'], env);
		expect(again.code).toBe(1);
		expect(again.stderr).toContain('no live token is named "mur-plateau-2"');
	});

	it('signing out closes the screens the session opened', async () => {
		const session = await signInOverHttp(url, 'claire.martin', PASSWORD);
		const screen = await openLiveSocket(url, 'default', { cookie: session, origin: url });
		expect(screen.open).toBeDefined();
		const out = await fetch(`${url}/logout`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: url, cookie: session }
		});
		expect(out.status).toBe(303);
		expect(await closesWithin(screen.open!, WITHIN_MS)).toBe(4401);
	});

	it('a disabled person is refused like a wrong password, and their screens close', async () => {
		const session = await signInOverHttp(url, 'paul.durand', PASSWORD);
		const screen = await openLiveSocket(url, 'default', { cookie: session, origin: url });
		expect(screen.open).toBeDefined();

		const disabled = await runVigie(['user', 'disable', 'paul.durand'], env);
		expect(disabled.code, disabled.stderr).toBe(0);
		expect(await closesWithin(screen.open!, WITHIN_MS)).toBe(4401);
		const home = await fetch(`${url}/`, { headers: { cookie: session }, redirect: 'manual' });
		expect(home.status).toBe(303);
		expect((await postSignIn(url, 'paul.durand', PASSWORD)).status).toBe(401);

		expect((await runVigie(['user', 'enable', 'paul.durand'], env)).code).toBe(0);
		expect((await postSignIn(url, 'paul.durand', PASSWORD)).status).toBe(303);
		const list = await runVigie(['user', 'list'], env);
		expect(list.stdout).toMatch(/^paul\.durand\tsupervisor\tactive\t1 session\(s\)\t/m);
	});

	it('a reset password ends the old sessions; the policy refuses short passwords and the user name', async () => {
		const session = await signInOverHttp(url, 'claire.martin', PASSWORD);
		const short = await runVigie(['user', 'passwd', 'claire.martin'], env, 'court\n');
		expect(short.code).toBe(1);
		expect(short.stderr).toContain('at least 12 characters');
		const named = await runVigie(['user', 'passwd', 'claire.martin'], env, 'claire.martin-2026!\n');
		expect(named.code).toBe(1);
		expect(named.stderr).toContain('must not contain the user name');

		const reset = await runVigie(['user', 'passwd', 'claire.martin'], env, 'une autre phrase secrète\n');
		expect(reset.code, reset.stderr).toBe(0);
		const home = await fetch(`${url}/`, { headers: { cookie: session }, redirect: 'manual' });
		expect(home.status).toBe(303);
		expect((await postSignIn(url, 'claire.martin', 'une autre phrase secrète')).status).toBe(303);

		expect((await runVigie(['user', 'role', 'claire.martin', 'manager'], env)).code).toBe(0);
		expect((await runVigie(['user', 'list'], env)).stdout).toMatch(/^claire\.martin\tmanager\t/m);
		const unknown = await runVigie(['user', 'disable', 'personne'], env);
		expect(unknown.stderr).toContain('there is no user named personne');
	});

	it('vigie check says which token it needs', async () => {
		const ingest = await createToken(env, 'ingest', 'connecteur');
		const wrongRole = await runVigie(['check', '--url', url, '--token', ingest], env);
		expect(wrongRole.code).toBe(3);
		expect(wrongRole.stdout).toContain('needs a token of role viewer or above');
		const unknown = await runVigie(['check', '--url', url, '--token', 'vgi_inconnu'], env);
		expect(unknown.stdout).toContain('mistyped, revoked or expired');
		const viewer = await createToken(env, 'viewer', 'supervision');
		expect((await runVigie(['check', '--url', url, '--token', viewer], env)).code).toBe(0);
	});

	it('a kiosk token kept to one screen opens that screen only, and its cookie follows its expiry', async () => {
		const created = await runVigie(
			['token', 'create', '--role', 'viewer', '--name', 'mur-accueil', '--screen', 'default', '--expires', '1'],
			env
		);
		expect(created.code, created.stderr).toBe(0);
		const token = created.stdout.trim();
		expect((await openLiveSocket(url, 'agents', { authorization: `Bearer ${token}` })).status).toBe(401);
		const own = await openLiveSocket(url, 'default', { authorization: `Bearer ${token}` });
		expect(own.open).toBeDefined();
		own.open!.close();
		const other = await fetch(`${url}/wall/agents`, { headers: { authorization: `Bearer ${token}` } });
		expect(other.status).toBe(403);
		await other.arrayBuffer();

		const kiosk = await fetch(`${url}/wall/default?token=${token}`, { redirect: 'manual' });
		const cookie = kiosk.headers.getSetCookie().find((c) => c.startsWith('vigie_token='))!;
		const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie)![1]);
		expect(maxAge).toBeGreaterThan(86_000);
		expect(maxAge).toBeLessThanOrEqual(86_400);

		const past = await runVigie(['token', 'create', '--role', 'viewer', '--name', 'x', '--expires', '2020-01-01'], env);
		expect(past.code).toBe(1);
		expect(past.stderr).toContain('the expiry must be in the future');
	});
});
