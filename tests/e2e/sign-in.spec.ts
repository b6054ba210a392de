import { execFile } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { createTestDatabase, ROOT, vigieEnv, VigieServer, type Env, type TestDatabase } from './support/vigie.ts';

/** `vigie user add`, the password on standard input as a script would give it. */
function addUser(env: Env, name: string, role: string, password: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = execFile(
			'node_modules/.bin/node',
			['src/cli/vigie.js', 'user', 'add', name, '--role', role],
			{ cwd: ROOT, env },
			(error) => (error ? reject(error) : resolve())
		);
		child.stdin!.end(`${password}\n`);
	});
}

test.describe('people sign in with a password', () => {
	let database: TestDatabase;
	let server: VigieServer;

	test.beforeAll(async () => {
		database = await createTestDatabase();
		const env = vigieEnv({ DATABASE_URL: database.url, VIGIE_DEMO: '0' });
		await addUser(env, 'claire.martin', 'supervisor', 'un mot de passe solide');
		server = await VigieServer.start({ command: 'start', env });
	});

	test.afterAll(async () => {
		await server?.stop();
		await database?.drop();
	});

	test('a supervisor signs in, reaches the page asked for, and signs out', async ({ page }) => {
		await page.goto(`${server.url}/wall/default`);
		await expect(page).toHaveURL(/\/login\?next=%2Fwall%2Fdefault$/);

		await page.getByLabel('Identifiant').fill('claire.martin');
		await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
		await page.getByRole('button', { name: 'Se connecter' }).first().click();
		await expect(page.getByRole('alert')).toHaveText('Identifiant ou mot de passe incorrect.');

		await page.getByLabel('Mot de passe').fill('un mot de passe solide');
		await page.getByRole('button', { name: 'Se connecter' }).first().click();
		await expect(page).toHaveURL(`${server.url}/wall/default`);
		await expect(page.locator('main[data-connection]')).toHaveAttribute('data-connection', 'live');

		const session = (await page.context().cookies()).find((c) => c.name === 'vigie_session');
		expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

		await page.request.post(`${server.url}/logout`, { headers: { origin: server.url } });
		await page.goto(`${server.url}/wall/default`);
		await expect(page).toHaveURL(/\/login/);
	});

	test('the sign-in page speaks English on request', async ({ page }) => {
		await page.goto(`${server.url}/login?lang=en`);
		await expect(page.getByLabel('User name')).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	});
});
