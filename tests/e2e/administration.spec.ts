import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { postEvents } from '../support/events.ts';
import { addUserWithCli } from '../support/sessions.ts';
import { startVigieOnPostgres, vigieEnv, type VigieOnPostgres } from '../support/vigie-process.ts';

const ADMIN_PASSWORD = 'le grand phare de Brest';
const SUPERVISOR_PASSWORD = 'la pointe du Raz en hiver';

async function signIn(page: Page, url: string, user: string, password: string): Promise<void> {
	await page.goto(`${url}/login`);
	await page.getByLabel('Identifiant').fill(user);
	await page.getByLabel('Mot de passe').fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).first().click();
	await expect(page).toHaveURL(`${url}/`);
}

/** Content-Security-Policy violations the page reports in its console (none expected). */
function cspViolations(page: Page): string[] {
	const seen: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
	});
	return seen;
}

test.describe('administration from the browser', () => {
	let vigie: VigieOnPostgres<'ingest'>;

	test.beforeAll(async () => {
		vigie = await startVigieOnPostgres(['ingest']);
		const env = vigieEnv({ DATABASE_URL: vigie.database.url });
		await addUserWithCli(env, 'alice.admin', 'admin', ADMIN_PASSWORD);
		await addUserWithCli(env, 'sam.superviseur', 'supervisor', SUPERVISOR_PASSWORD);
		await postEvents(vigie.server.url, vigie.tokens.ingest, [
			{ id: 'q1', type: 'call.queued', at: new Date().toISOString(), call: 'c1', queue: 'Support N1' }
		]);
	});
	test.afterAll(() => vigie?.stop());

	test('an administrator manages people, tokens and queue settings, and reads it all in the audit trail', async ({
		page
	}) => {
		const url = vigie.server.url;
		const violations = cspViolations(page);
		await signIn(page, url, 'alice.admin', ADMIN_PASSWORD);
		await expect(page.locator('[data-signed-in]')).toContainText('alice.admin (administrateur)');

		await page.getByRole('link', { name: 'Personnes' }).click();
		const create = page.locator('form[action="?/add"]');
		await create.getByLabel('Identifiant', { exact: true }).fill('nina.nouvelle');
		await create.getByLabel('Rôle').selectOption('manager');
		await create.getByLabel(/^Mot de passe/).fill('nina.nouvelle2026');
		await create.getByRole('button', { name: 'Créer' }).click();
		await expect(page.getByRole('alert')).toHaveText('Le mot de passe ne doit pas contenir l’identifiant.');
		await create.getByLabel('Identifiant', { exact: true }).fill('nina.nouvelle');
		await create.getByLabel(/^Mot de passe/).fill('une phrase assez longue');
		await create.getByRole('button', { name: 'Créer' }).click();
		const nina = page.locator('[data-person="nina.nouvelle"]');
		await expect(nina).toHaveAttribute('data-state', 'active');
		await nina.getByRole('button', { name: 'Désactiver' }).click();
		await expect(page.locator('[data-person="nina.nouvelle"]')).toHaveAttribute('data-state', 'disabled');

		await page.getByRole('link', { name: 'Jetons d’accès' }).click();
		await page.getByLabel('Nom (à quoi il sert)').fill('mur-plateau-3');
		await page.getByLabel('Écran').selectOption('default');
		await page.getByLabel(/^Expire dans/).fill('30');
		await page.getByRole('button', { name: 'Créer le jeton' }).click();
		await expect(page.locator('[data-token]')).toHaveText(/^vgi_/);
		const row = page.locator('[data-token-name="mur-plateau-3"]');
		await expect(row).toHaveAttribute('data-state', 'active');
		await row.getByRole('button', { name: 'Révoquer' }).click();
		await expect(page.locator('[data-token-name="mur-plateau-3"]')).toHaveAttribute('data-state', 'revoked');
		await expect(page.locator('[data-token]')).toHaveCount(0);

		await page.getByRole('link', { name: 'Réglages des files' }).click();
		const queue = page.locator('section[data-queue="Support N1"] form');
		await queue.locator('input[name="sl_threshold_s"]').fill('30');
		await queue.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(page.getByRole('status')).toContainText('Support N1');
		await expect(page.locator('section[data-queue="Support N1"] input[name="sl_threshold_s"]')).toHaveValue('30');

		await page.getByRole('link', { name: 'Journal d’audit' }).click();
		for (const [action, target] of [
			['user.create', 'nina.nouvelle'],
			['user.disable', 'nina.nouvelle'],
			['token.create', 'mur-plateau-3'],
			['token.revoke', 'mur-plateau-3'],
			['queue.settings', 'Support N1'],
			['sign-in', 'alice.admin']
		]) {
			await expect(page.locator(`tr[data-action="${action}"]`).filter({ hasText: target }).first()).toBeVisible();
		}
		expect(violations).toEqual([]);
	});

	test('a supervisor sees only what they can open, and can sign out from any page', async ({ page }) => {
		const url = vigie.server.url;
		await signIn(page, url, 'sam.superviseur', SUPERVISOR_PASSWORD);
		const links = await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		expect(links).toEqual(['/wall/default', '/reports', '/admin/screens/ticker']);
		for (const href of links) {
			const response = await page.goto(`${url}${href}`);
			expect(response?.status(), href!).toBe(200);
		}
		await page.goto(`${url}/admin/screens/ticker`);
		await expect(page.locator('nav a')).toHaveText(['Bandeau de messages']);
		await page.goto(`${url}/reports`);
		await expect(page.locator('[data-signed-in]')).toContainText('sam.superviseur (superviseur)');
		await page.getByRole('button', { name: 'Se déconnecter' }).click();
		await expect(page).toHaveURL(/\/login$/);
		expect((await page.context().cookies()).map((c) => c.name)).not.toContain('vigie_session');
	});

	test('a page of another site can neither frame Vigie nor read its live feed', async ({ page }) => {
		const url = vigie.server.url;
		await signIn(page, url, 'alice.admin', ADMIN_PASSWORD);
		// A sibling site: same host, another port, so the browser still sends Vigie's Lax cookies along.
		const foreign = http.createServer((_request, response) => {
			response.setHeader('content-type', 'text/html');
			response.end(`<!doctype html><iframe id="f" src="${url}/admin/screens"></iframe>
				<script>
					window.socketResult = new Promise((resolve) => {
						const ws = new WebSocket('${url.replace('http', 'ws')}/ws?screen=default');
						ws.onmessage = () => resolve('read the feed');
						ws.onerror = () => resolve('refused');
					});
				</script>`);
		});
		await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
		try {
			const port = (foreign.address() as AddressInfo).port;
			await page.goto(`http://127.0.0.1:${port}/`);
			expect(await page.evaluate(() => (window as unknown as { socketResult: Promise<string> }).socketResult)).toBe(
				'refused'
			);
			const frame = page.frames().find((f) => f !== page.mainFrame());
			await expect
				.poll(async () =>
					frame
						?.locator('form')
						.count()
						.catch(() => 0)
				)
				.toBe(0);
		} finally {
			foreign.close();
		}
	});

	test('the sign-in page is legible on a 4K control-room screen, in the product’s font', async ({ page }) => {
		await page.setViewportSize({ width: 3840, height: 2160 });
		await page.goto(`${vigie.server.url}/login`);
		const input = page.getByLabel('Identifiant');
		const size = await input.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
		expect(size).toBeGreaterThanOrEqual(28);
		const family = await input.evaluate((el) => getComputedStyle(el).fontFamily);
		expect(family).toMatch(/^"?Inter Variable/);
		const width = await page
			.locator('form')
			.first()
			.evaluate((el) => el.getBoundingClientRect().width);
		expect(width).toBeGreaterThan(700);
	});
});
