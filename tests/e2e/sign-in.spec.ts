import { expect, test } from '@playwright/test';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.ts';
import { runVigie, vigieEnv, VigieServer, type Env } from '../support/vigie-process.ts';

/** `vigie user add`, the password on standard input as a script would give it. */
async function addUser(env: Env, name: string, role: string, password: string): Promise<void> {
	const added = await runVigie(['user', 'add', name, '--role', role], env, `${password}\n`);
	if (added.code !== 0) throw new Error(`vigie user add failed: ${added.stderr}`);
}

test.describe('people sign in with a password', () => {
	let database: PostgresDatabase;
	let server: VigieServer;

	test.beforeAll(async () => {
		database = await createPostgresDatabase('vigie_e2e');
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
		// The open wall learns it within seconds (its socket closes as revoked) and goes to the sign-in page itself.
		await expect(page).toHaveURL(/\/login/, { timeout: 15_000 });
		await page.goto(`${server.url}/wall/default`);
		await expect(page).toHaveURL(/\/login/);
	});

	test('the sign-in page speaks English on request', async ({ page }) => {
		await page.goto(`${server.url}/login?lang=en`);
		await expect(page.getByLabel('User name')).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	});
});
