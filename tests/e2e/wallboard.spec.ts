import path from 'node:path';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import WebSocket from 'ws';
import { createTempDir } from '../support/temp-dir.ts';
import { Calls, postEvents } from '../support/events.ts';
import { startVigieOnPostgres, vigieEnv, VigieServer, type VigieOnPostgres } from '../support/vigie-process.ts';

/** "Within a second or two" of the event reaching the intake, with a little slack for a busy machine. */
const LIVE_UPDATE_MS = 3_000;
/** Contract §3: stale within 10 s of losing the connection. */
const STALE_WITHIN_MS = 10_000;
/** The screen retries with a growing delay capped at 10 s (± 25 % jitter). */
const RECONNECT_WITHIN_MS = 20_000;

const wall = (page: Page) => page.locator('main[data-connection]');
const waiting = (page: Page, queue: string) => page.locator(`[data-metric="waiting"][data-queue="${queue}"]`);
const figure = (page: Page, metric: string, queue: string) =>
	page.locator(`[data-metric="${metric}"][data-queue="${queue}"]`);

/** A page of its own (its own cookies) logged in with `token`. */
async function pageWithToken(browser: Browser, url: string, token: string): Promise<Page> {
	const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await page.goto(`${url}${url.includes('?') ? '&' : '?'}token=${token}`);
	return page;
}

/** How `/ws` answers a connection attempt: the HTTP status of a refusal, or 101 once upgraded. */
function wsAttempt(url: string, headers: Record<string, string>): Promise<{ status: number; socket?: WebSocket }> {
	return new Promise((resolve) => {
		const socket = new WebSocket(url, { headers });
		socket.once('unexpected-response', (_, response) => resolve({ status: response.statusCode ?? 0 }));
		socket.once('open', () => resolve({ status: 101, socket }));
		socket.once('error', () => resolve({ status: 0 }));
	});
}

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
	let vigie: VigieOnPostgres<'ingest' | 'viewer' | 'admin' | 'supervisor' | 'manager'>;
	let server: VigieServer;
	let ingestToken: string;
	let viewerToken: string;
	let adminToken: string;
	let supervisorToken: string;
	let managerToken: string;
	const calls = new Calls();

	test.beforeAll(async () => {
		vigie = await startVigieOnPostgres(['ingest', 'viewer', 'admin', 'supervisor', 'manager']);
		({ server } = vigie);
		({
			ingest: ingestToken,
			viewer: viewerToken,
			admin: adminToken,
			supervisor: supervisorToken,
			manager: managerToken
		} = vigie.tokens);
	});

	test.afterAll(async () => {
		await vigie?.stop();
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
		// Since when: the figures on screen are those of that minute.
		await expect(page.getByRole('status')).toContainText(/depuis \d\d:\d\d/);
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
		// In a dark room, in the wall's language: no white English error page.
		await expect(page.getByRole('alert')).toContainText('Il n’y a pas d’écran « nope »');
		const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
		expect(background).toBe('rgb(11, 18, 32)');
	});
	test("today's figures match the export, and a queue's own thresholds colour them", async ({
		page,
		browser
	}, testInfo) => {
		const queue = 'Contrôle export';
		// Twelve calls: enough for a rate to take a colour (no red on three calls).
		const batch = calls.queue(queue, 12);
		await postEvents(server.url, ingestToken, [
			...batch.events,
			...batch.calls.slice(0, 9).map((call) => calls.answered(queue, call)),
			...batch.calls.slice(9).map((call) => calls.abandoned(queue, call))
		]);
		await page.goto(`${server.url}/wall/default?token=${viewerToken}`);
		await expect(figure(page, 'offered', queue)).toHaveText('12', { timeout: LIVE_UPDATE_MS });
		await expect(figure(page, 'answered', queue)).toHaveText('9');

		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
		const response = await fetch(
			`${server.url}/api/export/queues.csv?from=${today}&to=${today}&interval=day&queue=${encodeURIComponent(queue)}`,
			{ headers: { authorization: `Bearer ${managerToken}` } }
		);
		const [header, row] = (await response.text()).trim().split(/\r?\n/);
		const exported = Object.fromEntries(header!.split(',').map((name, i) => [name, row!.split(',')[i]!]));
		expect(await figure(page, 'offered', queue).textContent()).toBe(exported.offered);
		expect(await figure(page, 'answered', queue).textContent()).toBe(exported.answered);
		expect(await figure(page, 'service_level_pct', queue).textContent()).toBe(
			String(Math.round(Number(exported.sl_abandon_negative_pct)))
		);
		expect(await figure(page, 'abandon_rate_pct', queue).textContent()).toBe(
			String(Math.round(Number(exported.abandon_rate_pct)))
		);
		// 25 % abandoned is past the default 10 % alarm; the alarm shows as a shape too, not colour alone.
		await expect(figure(page, 'abandon_rate_pct', queue)).toHaveAttribute('data-level', 'alarm');
		await expect(page.locator('.tile.level-alarm svg.level-icon').first()).toBeVisible();

		// An administrator raises this queue's abandon thresholds: the screen follows without a reload.
		const admin = await pageWithToken(browser, `${server.url}/admin/screens/thresholds`, adminToken);
		// One grid for every queue and figure: a bad cell is refused with its queue and figure named, nothing saved.
		const grid = admin.locator(`tr[data-queue="${queue}"]`);
		await grid.locator('input[data-metric="abandon_rate_pct"][data-limit="warn"]').fill('20');
		await grid.locator('input[data-metric="abandon_rate_pct"][data-limit="alarm"]').fill('5');
		await admin.getByRole('button', { name: 'Enregistrer la grille' }).click();
		await expect(admin.getByRole('alert')).toContainText(
			`${queue} · Taux d’abandon (%) : Seuils dans le mauvais ordre.`
		);
		await expect(grid.locator('input[data-metric="abandon_rate_pct"][data-limit="warn"]')).toHaveValue('20');
		await expect(figure(page, 'abandon_rate_pct', queue)).toHaveAttribute('data-level', 'alarm');
		// Inherited cells show the defaults as such: empty, the default as a placeholder.
		await expect(grid.locator('input[data-metric="waiting"][data-limit="alarm"]')).toHaveValue('');
		await expect(grid.locator('input[data-metric="waiting"][data-limit="alarm"]')).toHaveAttribute('placeholder', '10');
		await grid.locator('input[data-metric="abandon_rate_pct"][data-limit="alarm"]').fill('50');
		await admin.getByRole('button', { name: 'Enregistrer la grille' }).click();
		await expect(admin.getByRole('status')).toBeVisible();
		await expect(figure(page, 'abandon_rate_pct', queue)).toHaveAttribute('data-level', 'warn', {
			timeout: LIVE_UPDATE_MS
		});
		await admin.context().close();
		await page.screenshot({ path: path.join(testInfo.project.outputDir, 'wall-queues-1920x1080.png') });
	});

	test('an administrator makes an agent board that rotates with the charts; supervisors write the ticker', async ({
		page,
		browser
	}) => {
		// The queues a screen can pick are those already known.
		await postEvents(server.url, ingestToken, calls.queue('Support N1', 1).events);
		await postEvents(server.url, ingestToken, calls.queue('Ventes', 1).events);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const admin = await pageWithToken(browser, `${server.url}/admin/screens`, adminToken);
		for (const [name, layout] of [
			['e2e-charts', 'charts'],
			['e2e-agents', 'agents']
		] as const) {
			const form = admin.locator('form').filter({ has: admin.locator('input[name="name"]:not([type=hidden])') });
			await form.locator('input[name="name"]').fill(name);
			await form.locator('select[name="layout"]').selectOption(layout);
			await form.locator('label', { hasText: 'Support N1' }).locator('input').check();
			if (name === 'e2e-agents') {
				await form.locator('input[name="rotation_pos.e2e-charts"]').fill('1');
				await form.locator('input[name="rotate_every_s"]').fill('5');
			}
			await form.getByRole('button').first().click();
			await expect(admin.getByRole('status')).toBeVisible();
		}
		await admin.context().close();

		const at = new Date(Date.now() - 65_000).toISOString();
		await postEvents(server.url, ingestToken, [
			{ id: `${calls.run}/a1`, type: 'agent.state', at, agent: 'alice.martin', state: 'ready', queues: ['Support N1'] },
			{
				id: `${calls.run}/b1`,
				type: 'agent.state',
				at,
				agent: 'bruno.petit',
				state: 'not_ready',
				reason: 'Pause déjeuner',
				queues: ['Support N1']
			},
			{ id: `${calls.run}/c1`, type: 'agent.state', at, agent: 'chloe.other', state: 'ready', queues: ['Ventes'] }
		]);

		await page.goto(`${server.url}/wall/e2e-agents?token=${viewerToken}`);
		await expect(page.locator('main')).toHaveAttribute('data-layout', 'agents');
		// In a rotation, the header says which queues this screen keeps.
		await expect(page.locator('[data-scope-queues]')).toHaveText('sa file : Support N1');
		const state = (agent: string) => page.locator(`[data-metric="agent_state"][data-agent="${agent}"]`);
		await expect(state('alice.martin')).toHaveText('Disponible');
		await expect(state('bruno.petit')).toHaveText('En retrait');
		await expect(page.locator('[data-metric="not_ready_reason"][data-agent="bruno.petit"]')).toHaveText(
			'Pause déjeuner'
		);
		// Only the screen's queues: an agent of another queue is not on this board.
		await expect(state('chloe.other')).toHaveCount(0);
		// Time in state ticks in the browser from the server's timestamp.
		const time = page.locator('[data-metric="time_in_state"][data-agent="alice.martin"]');
		await expect(time).toHaveText(/^1:0\d$/);
		const first = await time.textContent();
		await expect(time).not.toHaveText(first!, { timeout: 3000 });

		// The agent logs out: gone from the board at once.
		await postEvents(server.url, ingestToken, [
			{
				id: `${calls.run}/a2`,
				type: 'agent.state',
				at: new Date().toISOString(),
				agent: 'alice.martin',
				state: 'logged_out'
			}
		]);
		await expect(state('alice.martin')).toHaveCount(0, { timeout: LIVE_UPDATE_MS });

		// Then the rotation shows the charts, and comes back.
		await expect(page.locator('main')).toHaveAttribute('data-layout', 'charts', { timeout: 8000 });
		await expect(page.locator('canvas')).toHaveCount(2);
		await expect(page.locator('[data-metric="offered"]')).toHaveText(/^\d+$/);
		await expect(page.locator('main')).toHaveAttribute('data-layout', 'agents', { timeout: 8000 });

		const supervisor = await pageWithToken(browser, `${server.url}/admin/screens/ticker`, supervisorToken);
		await supervisor.locator('input[name="text"]').fill('Réunion d’équipe à 15 h');
		await supervisor.getByRole('button', { name: 'Publier' }).click();
		await expect(page.locator('[data-metric="ticker"]')).toHaveText('Réunion d’équipe à 15 h', {
			timeout: LIVE_UPDATE_MS
		});
		// Screens and thresholds stay with administrators.
		expect((await supervisor.goto(`${server.url}/admin/screens`))?.status()).toBe(403);
		await supervisor.context().close();
	});

	test('a screen deleted while on the wall says so, in the dark and in French', async ({ page, browser }) => {
		const admin = await pageWithToken(browser, `${server.url}/admin/screens`, adminToken);
		const form = admin.locator('form').filter({ has: admin.locator('input[name="name"]:not([type=hidden])') });
		await form.locator('input[name="name"]').fill('e2e-doomed');
		await form.getByRole('button').first().click();
		await expect(admin.getByRole('status')).toBeVisible();

		await page.goto(`${server.url}/wall/e2e-doomed?token=${viewerToken}`);
		await expect(wall(page)).toHaveAttribute('data-connection', 'live');
		await admin
			.locator('form', { has: admin.locator('input[name="name"][value="e2e-doomed"]') })
			.getByRole('button', { name: 'Supprimer' })
			.click();
		await expect(page.getByRole('status')).toContainText('« e2e-doomed » vient d’être supprimé', {
			timeout: LIVE_UPDATE_MS
		});
		await expect(wall(page)).toHaveAttribute('data-connection', 'stale');
		await admin.context().close();
	});

	test('bad clients are refused or dropped alone; the other screens carry on', async ({ page }) => {
		await page.goto(`${server.url}/wall/default?token=${viewerToken}`);
		await expect(wall(page)).toHaveAttribute('data-connection', 'live');
		const ws = `${server.url.replace('http', 'ws')}/ws`;
		const cookie = { cookie: `vigie_token=${viewerToken}` };
		expect((await wsAttempt(`${ws}?screen=default`, {})).status).toBe(401);
		expect((await wsAttempt(`${ws}?screen=default`, { cookie: 'vigie_token=vgi_wrong' })).status).toBe(401);
		expect((await wsAttempt(`${ws}?screen=nope`, cookie)).status).toBe(404);

		// A client that talks is closed with a policy-violation code.
		const { socket: talker } = await wsAttempt(`${ws}?screen=default`, cookie);
		const closed = new Promise<number>((resolve) => talker!.once('close', (code) => resolve(code)));
		talker!.send('{"type":"subscribe","screen":"all"');
		expect(await closed).toBe(1008);

		// A client that stops reading holds nobody back (past 1 MiB unsent, the server cuts it off).
		const { socket: sleeper } = await wsAttempt(`${ws}?screen=default`, cookie);
		sleeper!.pause();

		const support = calls.queue('Robustesse', 2);
		await postEvents(server.url, ingestToken, support.events);
		await expect(waiting(page, 'Robustesse')).toHaveText('2', { timeout: LIVE_UPDATE_MS });
		await expect(wall(page)).toHaveAttribute('data-connection', 'live');
		sleeper!.terminate();
	});
});

test.describe('out of the box (embedded database, demo traffic)', () => {
	let dataDir: Awaited<ReturnType<typeof createTempDir>>;
	let server: VigieServer;

	test.beforeAll(async () => {
		dataDir = await createTempDir();
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
