import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { postEvents } from '../support/events.ts';
import { ministryFloor, type Floor } from '../support/floor.ts';
import { startVigieOnPostgres, type VigieOnPostgres } from '../support/vigie-process.ts';

/*
 * The floor at the ministry's scale (issue 12): 13 queues and 120 agents on the wall, measured as rendered.
 * The legibility rule, as fractions of the screen's height H, so it holds at 1920×1080 and 3840×2160 alike:
 * - queue overview: each queue's two figures a floor acts on (calls waiting, longest wait) are at least H/20
 *   (54 px at 1080p: readable from about 6 m on a 65" screen), and at least half the size of the largest figure;
 *   every other figure at least H/55 (19.6 px at 1080p); labels and units, read from closer, at least H/100; no text cut
 *   (scrollWidth ≤ clientWidth), no figure overlapping another, every tile inside the screen;
 * - agent board: each name whole, at least H/26 for names up to 22 characters (41.5 px at 1080p: about 6 m on a
 *   65" screen, the distance the figures are read from; H/32 read to about 5 m) and H/50 for the longest (a name
 *   shrinks to fit its card rather than being cut); its state and time in state at least H/37 (29 px); every
 *   agent's name shown once per page cycle (within a minute).
 */
const SIZES = [
	{ width: 1920, height: 1080 },
	{ width: 3840, height: 2160 }
];

interface Measured {
	text: string;
	metric: string | null;
	queue: string | null;
	fontSize: number;
	cut: boolean;
	box: { x: number; y: number; width: number; height: number };
	tile: number;
}

/** Every text of the wall's tiles or cards, with its rendered font size, whether it is cut, and its box. */
async function measure(page: Page, container: string): Promise<Measured[]> {
	return page.evaluate((selector) => {
		const out: Measured[] = [];
		document.querySelectorAll(selector).forEach((tile, index) => {
			[tile as HTMLElement, ...tile.querySelectorAll<HTMLElement>('*')].forEach((el) => {
				const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
				const clips = getComputedStyle(el).overflow === 'hidden';
				if (!hasText && !clips) return;
				const rect = el.getBoundingClientRect();
				out.push({
					text: el.textContent!.trim(),
					metric: el.getAttribute('data-metric'),
					queue: el.getAttribute('data-queue'),
					fontSize: parseFloat(getComputedStyle(el).fontSize),
					cut: el.scrollWidth > el.clientWidth + 1 && clips,
					box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
					tile: index
				});
			});
		});
		return out;
	}, container);
}

const overlap = (a: Measured['box'], b: Measured['box']) =>
	a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;

test.describe('the floor at 13 queues and 120 agents', () => {
	let vigie: VigieOnPostgres<'ingest' | 'viewer' | 'admin'>;
	let floor: Floor;

	test.beforeAll(async () => {
		vigie = await startVigieOnPostgres(['ingest', 'viewer', 'admin']);
		floor = ministryFloor({ run: 'floor', now: new Date() });
		for (let i = 0; i < floor.events.length; i += 2000)
			await postEvents(vigie.server.url, vigie.tokens.ingest, floor.events.slice(i, i + 2000));
	});
	test.afterAll(async () => {
		await vigie?.stop();
	});

	test('alarms rank: the queue on fire first and escalated, no red on a handful of calls', async ({ page }) => {
		const now = Date.now();
		const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString();
		// Three calls, two abandoned: 0 % service level and 67 % abandoned, on too few calls to mean anything.
		await postEvents(vigie.server.url, vigie.tokens.ingest, [
			{ id: 'small/1q', type: 'call.queued', at: at(300), call: 'small1', queue: 'Petite file' },
			{ id: 'small/1a', type: 'call.answered', at: at(200), call: 'small1', queue: 'Petite file', agent: 'x' },
			{ id: 'small/2q', type: 'call.queued', at: at(300), call: 'small2', queue: 'Petite file' },
			{ id: 'small/2x', type: 'call.abandoned', at: at(250), call: 'small2', queue: 'Petite file' },
			{ id: 'small/3q', type: 'call.queued', at: at(300), call: 'small3', queue: 'Petite file' },
			{ id: 'small/3x', type: 'call.abandoned', at: at(250), call: 'small3', queue: 'Petite file' }
		]);
		await page.goto(`${vigie.server.url}/wall/default?token=${vigie.tokens.viewer}`);
		const small = page.locator('article.tile[data-queue="Petite file"]');
		await expect(small.locator('[data-metric="abandon_rate_pct"]')).toHaveText('67', { timeout: 15_000 });
		await expect(small).toHaveAttribute('data-level', 'ok');
		await expect(small.locator('[data-metric="service_level_pct"]')).toHaveAttribute('data-level', 'ok');

		// Worst first: after the total, the queue with 104 calls waiting for over an hour.
		const tiles = page.locator('article.tile');
		await expect(tiles.nth(0)).toHaveAttribute('data-scope', 'total');
		await expect(tiles.nth(1)).toHaveAttribute('data-queue', 'Support N1');
		await expect(tiles.last()).toHaveAttribute('data-queue', 'Petite file');
		// Its longest wait has been past the alarm threshold for over an hour: the tile says so.
		await expect(tiles.nth(1)).toHaveAttribute('data-escalated', /^\d+$/);
		expect(Number(await tiles.nth(1).getAttribute('data-escalated'))).toBeGreaterThanOrEqual(60);
		await expect(tiles.nth(1).locator('h2')).toContainText('alerte depuis');
	});

	test('a pause past its limit marks the card; the administrator sets a longer limit for a reason', async ({
		page,
		browser
	}) => {
		const startedAt = Date.now();
		const notReady = floor.events.filter((e) => e.type === 'agent.state' && e.state === 'not_ready');
		const minutesIn = (e: (typeof notReady)[number]) => (startedAt - Date.parse(e.at)) / 60_000;
		// In training for 40 minutes or more (past the default 30), and another in back-office for under 15.
		const training = notReady.find((e) => e.reason === 'Formation' && minutesIn(e) > 40 && minutesIn(e) < 100)!;
		const short = notReady.find((e) => minutesIn(e) < 14)!;
		await page.goto(`${vigie.server.url}/wall/agents?token=${vigie.tokens.viewer}`);
		const time = (agent: string) => page.locator(`[data-metric="time_in_state"][data-agent="${agent}"]`);
		// The board pages: wait for each agent's page.
		await expect(time(training.agent!)).toHaveAttribute('data-level', 'alarm', { timeout: 45_000 });
		await expect(time(short.agent!)).toHaveAttribute('data-level', 'ok', { timeout: 45_000 });

		const admin = await (await browser.newContext()).newPage();
		await admin.goto(`${vigie.server.url}/admin/screens/thresholds?token=${vigie.tokens.admin}`);
		const form = admin.locator('form.limits');
		await form.locator('input[name="limit.0.reason"]').fill('Formation');
		await form.locator('input[name="limit.0.warn"]').fill('90');
		await form.locator('input[name="limit.0.alarm"]').fill('120');
		await form.getByRole('button').click();
		await expect(admin.getByRole('status')).toBeVisible();
		await admin.context().close();
		await expect(time(training.agent!)).toHaveAttribute('data-level', 'ok', { timeout: 45_000 });
	});

	test('the minimum volume and the escalation are set per queue over the site’s defaults', async ({ browser }) => {
		const now = Date.now();
		const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString();
		// A night queue: three calls, two abandoned (67 %), under the product's minimum volume of 10.
		await postEvents(vigie.server.url, vigie.tokens.ingest, [
			{ id: 'night/1q', type: 'call.queued', at: at(300), call: 'night1', queue: 'File de nuit' },
			{ id: 'night/1a', type: 'call.answered', at: at(200), call: 'night1', queue: 'File de nuit', agent: 'x' },
			{ id: 'night/2q', type: 'call.queued', at: at(300), call: 'night2', queue: 'File de nuit' },
			{ id: 'night/2x', type: 'call.abandoned', at: at(250), call: 'night2', queue: 'File de nuit' },
			{ id: 'night/3q', type: 'call.queued', at: at(300), call: 'night3', queue: 'File de nuit' },
			{ id: 'night/3x', type: 'call.abandoned', at: at(250), call: 'night3', queue: 'File de nuit' }
		]);
		const wall = await (await browser.newContext()).newPage();
		await wall.goto(`${vigie.server.url}/wall/default?token=${vigie.tokens.viewer}`);
		const night = wall.locator('article.tile[data-queue="File de nuit"]');
		const fire = wall.locator('article.tile[data-queue="Support N1"]');
		await expect(night.locator('[data-metric="abandon_rate_pct"]')).toHaveText('67', { timeout: 15_000 });
		await expect(night).toHaveAttribute('data-level', 'ok');
		await expect(fire).toHaveAttribute('data-escalated', /^\d+$/);

		const admin = await (await browser.newContext()).newPage();
		await admin.goto(`${vigie.server.url}/admin/screens/thresholds?token=${vigie.tokens.admin}`);
		const grid = admin.locator('form.grid');
		const box = (queue: string, field: string) =>
			grid.locator(`tr[data-queue="${queue}"] input[data-metric="${field}"]`);
		// The grid says what an empty box inherits.
		await expect(box('File de nuit', 'min_offered')).toHaveAttribute('placeholder', '10');
		// A wrong value is named by its queue and figure, and nothing is saved.
		await box('', 'escalate_after_min').fill('0');
		await grid.getByRole('button').click();
		await expect(admin.getByRole('alert')).toContainText('Défauts du site · Escalade après (min)');
		// This queue colours its rates from 3 calls; every queue escalates after two hours (the site's default).
		await box('File de nuit', 'min_offered').fill('3');
		await box('', 'escalate_after_min').fill('120');
		await grid.getByRole('button').click();
		await expect(admin.getByRole('status')).toBeVisible();
		await expect(night).toHaveAttribute('data-level', 'alarm', { timeout: 15_000 });
		await expect(night.locator('[data-metric="abandon_rate_pct"]')).toHaveAttribute('data-level', 'alarm');
		await expect(fire).not.toHaveAttribute('data-escalated', /./);
		// Another queue keeps the site's minimum: Support N1's own escalation after 30 minutes wins over the site's.
		await box('Support N1', 'escalate_after_min').fill('30');
		await grid.getByRole('button').click();
		await expect(admin.getByRole('status')).toBeVisible();
		await expect(fire).toHaveAttribute('data-escalated', /^\d+$/, { timeout: 15_000 });

		// Back to the defaults, for the other tests of this file.
		for (const [queue, field] of [
			['File de nuit', 'min_offered'],
			['', 'escalate_after_min'],
			['Support N1', 'escalate_after_min']
		] as const)
			await box(queue, field).fill('');
		await grid.getByRole('button').click();
		await expect(admin.getByRole('status')).toBeVisible();
		await admin.context().close();
		await wall.context().close();
	});

	for (const size of SIZES) {
		test(`the queue overview is legible at ${size.width}×${size.height}`, async ({ browser }, testInfo) => {
			const page = await (await browser.newContext({ viewport: size })).newPage();
			await page.goto(`${vigie.server.url}/wall/default?token=${vigie.tokens.viewer}`);
			await expect(page.locator('[data-metric="waiting"][data-queue="Support N1"]')).toHaveText('104', {
				timeout: 15_000
			});
			// The floor's 13 queues and the small queues the earlier tests of this file add ('Petite file', 'File de nuit').
			await expect(page.locator('article.tile[data-queue]')).toHaveCount(15);
			await page.waitForTimeout(500);
			await page.screenshot({ path: path.join(testInfo.outputDir, `floor-queues-${size.width}.png`) });

			const H = size.height;
			const texts = await measure(page, 'article.tile');
			const figures = texts.filter((t) => t.metric !== null);
			const largest = Math.max(...figures.map((t) => t.fontSize));
			for (const key of figures.filter((t) => t.metric === 'waiting' || t.metric === 'longest_waiting')) {
				expect(key.fontSize, `${key.metric} of ${key.queue}`).toBeGreaterThanOrEqual(H / 20);
				expect(key.fontSize, `${key.metric} of ${key.queue}`).toBeGreaterThanOrEqual(largest / 2);
			}
			for (const text of texts) {
				expect(text.cut, `"${text.text}" is cut`).toBe(false);
				if (text.text !== '')
					expect(text.fontSize, `"${text.text}"`).toBeGreaterThanOrEqual(text.metric ? H / 55 : H / 100);
			}
			// Figures never run into each other ("104▲1:05:43").
			for (const a of figures)
				for (const b of figures)
					if (a !== b && a.tile === b.tile)
						expect(overlap(a.box, b.box), `${a.metric} and ${b.metric} of ${a.queue} overlap`).toBe(false);
			const tiles = await page
				.locator('article.tile')
				.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
			for (const tile of tiles) {
				expect(tile.x).toBeGreaterThanOrEqual(0);
				expect(tile.y + tile.height).toBeLessThanOrEqual(H);
			}
			// Live Data's Voice CSQ Summary figures are on every tile (issue 12 item 4).
			for (const metric of [
				'agents_logged_in',
				'agents_ready',
				'agents_talking',
				'agents_reserved',
				'agents_work',
				'agents_not_ready',
				'asa_s',
				'service_level_pct',
				'service_level_recent_pct'
			])
				await expect(page.locator(`[data-metric="${metric}"][data-queue="Support N2"]`)).toHaveCount(1);
			await expect(page.locator('[data-metric="asa_s"][data-queue="Support N2"]')).toHaveText(/^\d+:\d\d$/);
			// The screen's total comes first.
			await expect(page.locator('[data-metric="waiting"][data-scope="total"]')).toHaveText(
				String(
					floor.events.filter((e) => e.type === 'call.queued').length -
						floor.events.filter((e) => e.type !== 'call.queued' && e.type !== 'agent.state').length
				)
			);
		});

		test(`the agent board is legible at ${size.width}×${size.height}, every name whole once per cycle`, async ({
			browser
		}, testInfo) => {
			const page = await (await browser.newContext({ viewport: size })).newPage();
			await page.goto(`${vigie.server.url}/wall/agents?token=${vigie.tokens.viewer}`);
			await expect(page.locator('[data-metric="agents_logged_in"]')).toHaveText('120', { timeout: 15_000 });
			await page.screenshot({ path: path.join(testInfo.outputDir, `floor-agents-${size.width}.png`) });

			const H = size.height;
			const seen = new Set<string>();
			const deadline = Date.now() + 60_000;
			while (seen.size < floor.agents.length && Date.now() < deadline) {
				const cards = await measure(page, 'article.agent, .counts');
				for (const text of cards) {
					expect(text.cut, `"${text.text}" is cut`).toBe(false);
					if (text.metric === 'agent_name') {
						expect(text.fontSize, text.text).toBeGreaterThanOrEqual(text.text.length <= 22 ? H / 26 : H / 50);
						seen.add(text.text);
					}
					if (text.metric === 'agent_state' || text.metric === 'time_in_state')
						expect(text.fontSize, text.text).toBeGreaterThanOrEqual(H / 37);
				}
				await page.waitForTimeout(2000);
			}
			expect([...seen].sort()).toEqual([...floor.agents].sort());
		});
	}
});
