import path from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import {
	Calls,
	createTempDataDir,
	createTestDatabase,
	createToken,
	postEvents,
	vigieEnv,
	VigieServer,
	type TestDatabase
} from './support/vigie.ts';

/** "Within a second or two" of the event reaching the intake, with a little slack for a busy machine. */
const LIVE_UPDATE_MS = 3_000;
/** Contract §3: stale within 10 s of losing the connection. */
const STALE_WITHIN_MS = 10_000;
/** The screen retries with a growing delay capped at 10 s (± 25 % jitter). */
const RECONNECT_WITHIN_MS = 20_000;

const wall = (page: Page) => page.locator('main[data-connection]');
const waiting = (page: Page, queue: string) => page.locator(`[data-metric="waiting"][data-queue="${queue}"]`);

/** Every waiting figure on the screen, by queue. */
async function waitingFigures(page: Page): Promise<Record<string, string>> {
	const tiles = page.locator('[data-metric="waiting"]');
	const figures: Record<string, string> = {};
	for (const tile of await tiles.all())
		figures[(await tile.getAttribute('data-queue'))!] = (await tile.textContent())!.trim();
	return figures;
}

/** A failed test carries what the server said. */
async function attachServerOutputOnFailure(server: VigieServer | undefined, testInfo: TestInfo): Promise<void> {
	if (server && testInfo.status !== testInfo.expectedStatus) {
		await testInfo.attach('server output', { body: server.output, contentType: 'text/plain' });
	}
}

test.describe('a wallboard on PostgreSQL', () => {
	let database: TestDatabase;
	let server: VigieServer;
	let ingestToken: string;
	let viewerToken: string;
	const calls = new Calls();

	test.beforeAll(async () => {
		database = await createTestDatabase();
		const env = vigieEnv({ DATABASE_URL: database.url, VIGIE_DEMO: '0' });
		ingestToken = await createToken(env, 'ingest', 'e2e-connector');
		viewerToken = await createToken(env, 'viewer', 'e2e-wall');
		server = await VigieServer.start({ command: 'start', env });
	});

	test.afterAll(async () => {
		await server?.stop();
		await database?.drop();
	});

	test.afterEach(({}, testInfo) => attachServerOutputOnFailure(server, testInfo));

	test('a kiosk opens the wall with its token and follows the queues live', async ({ page }, testInfo) => {
		await page.goto(`${server.url}/wall/default?token=${viewerToken}`);

		// The token moved into a cookie: it is no longer in the address bar.
		await expect(page).toHaveURL(`${server.url}/wall/default`);
		await expect(wall(page)).toHaveAttribute('data-connection', 'live');

		const support = calls.queue('Support N1', 3);
		await postEvents(server.url, ingestToken, support.events);
		await expect(waiting(page, 'Support N1')).toHaveText('3', { timeout: LIVE_UPDATE_MS });
		await expect(waiting(page, 'Support N1')).toHaveAttribute('data-level', 'ok');

		await postEvents(server.url, ingestToken, [calls.answered('Support N1', support.calls[0]!)]);
		await expect(waiting(page, 'Support N1')).toHaveText('2', { timeout: LIVE_UPDATE_MS });

		// Five waiting is a queue to watch; ten, a queue in trouble.
		await postEvents(server.url, ingestToken, calls.queue('Ventes', 5).events);
		await expect(waiting(page, 'Ventes')).toHaveText('5', { timeout: LIVE_UPDATE_MS });
		await expect(waiting(page, 'Ventes')).toHaveAttribute('data-level', 'warn');

		await postEvents(server.url, ingestToken, calls.queue('Ventes', 6).events);
		await expect(waiting(page, 'Ventes')).toHaveText('11', { timeout: LIVE_UPDATE_MS });
		await expect(waiting(page, 'Ventes')).toHaveAttribute('data-level', 'alarm');
		await expect(waiting(page, 'Support N1')).toHaveAttribute('data-level', 'ok');

		// A third queue, so the screenshot shows every level side by side.
		await postEvents(server.url, ingestToken, calls.queue('Facturation et recouvrement des particuliers', 7).events);
		await expect(waiting(page, 'Facturation et recouvrement des particuliers')).toHaveText('7', {
			timeout: LIVE_UPDATE_MS
		});
		await page.screenshot({ path: path.join(testInfo.project.outputDir, 'wall-1920x1080.png') });
	});

	test('the wall shows stale data when the server dies, and comes back by itself', async ({ page }, testInfo) => {
		await page.goto(`${server.url}/wall/default?token=${viewerToken}`);
		await expect(wall(page)).toHaveAttribute('data-connection', 'live');
		await postEvents(server.url, ingestToken, calls.queue('Support N2', 4).events);
		await expect(waiting(page, 'Support N2')).toHaveText('4', { timeout: LIVE_UPDATE_MS });
		const before = await waitingFigures(page);
		// A mark in the page: if the page were reloaded, it would be gone.
		await page.evaluate(() => ((window as unknown as { e2eMark: string }).e2eMark = 'same page'));

		await server.kill();
		await expect(wall(page)).toHaveAttribute('data-connection', 'stale', { timeout: STALE_WITHIN_MS });
		await expect(page.getByRole('status')).toBeVisible();
		await expect(page.getByRole('status')).toContainText('connexion perdue');
		// The figures stay on screen, marked stale, rather than vanishing.
		expect(await waitingFigures(page)).toEqual(before);
		await page.screenshot({ path: path.join(testInfo.project.outputDir, 'wall-stale-1920x1080.png') });

		server = await server.startAgain();
		await expect(wall(page)).toHaveAttribute('data-connection', 'live', { timeout: RECONNECT_WITHIN_MS });
		await expect(page.getByRole('status')).toBeHidden();
		expect(await waitingFigures(page)).toEqual(before);
		expect(await page.evaluate(() => (window as unknown as { e2eMark?: string }).e2eMark)).toBe('same page');
	});

	test('the wall needs a token, and only known screens exist', async ({ page, browser }) => {
		const stranger = await browser.newPage();
		await stranger.goto(`${server.url}/wall/default`);
		await expect(stranger).toHaveURL(/\/login(\?|$)/);
		await stranger.close();

		await page.goto(`${server.url}/wall/default?token=${viewerToken}`);
		await expect(page).toHaveURL(`${server.url}/wall/default`);
		const response = await page.goto(`${server.url}/wall/nope`);
		expect(response?.status()).toBe(404);
	});
});

test.describe('out of the box (embedded database, demo traffic)', () => {
	let dataDir: Awaited<ReturnType<typeof createTempDataDir>>;
	let server: VigieServer;

	test.beforeAll(async () => {
		dataDir = await createTempDataDir();
		server = await VigieServer.start({
			command: 'start',
			env: vigieEnv({ VIGIE_DATA_DIR: dataDir.dir, VIGIE_DEMO: '1' })
		});
	});

	test.afterAll(async () => {
		await server?.stop();
		await dataDir?.remove();
	});

	test.afterEach(({}, testInfo) => attachServerOutputOnFailure(server, testInfo));

	test('`vigie start` prints a wallboard address that shows demo calls at once', async ({ page }) => {
		const [address] = await server.waitForOutput(/http:\/\/\S+\/wall\/default\?token=\S+/);
		await page.goto(address);
		await expect(page).toHaveURL(`${server.url}/wall/default`);
		await expect(wall(page)).toHaveAttribute('data-connection', 'live');
		await expect(page.locator('[data-metric="waiting"]').first()).toBeVisible({ timeout: 20_000 });
	});
});
