import fs from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { DateTime } from 'luxon';
import { postEvents, type CanonicalEvent } from '../support/events.ts';
import { adminQuery } from '../support/postgres.ts';
import { startVigieOnPostgres, VigieServer, type VigieOnPostgres } from '../support/vigie-process.ts';

const QUEUE = 'Support E2E';
const ZONE = 'Europe/Paris';
/** Today and yesterday in the server's default zone: a report opens on today. */
const today = DateTime.now().setZone(ZONE).startOf('day');
const yesterday = today.minus({ days: 1 });
/** "jeudi 26 novembre 2026", as the reports write a day. */
const longDay = (day: DateTime) => day.setLocale('fr').toFormat('cccc d LLLL yyyy');

/**
 * Yesterday at 10:00 local: three calls answered (after 5, 10 and 40 s) by marie.martin and one abandoned after
 * 30 s by a caller who gave a number; marie.martin and paul.martin logged in from 09:00.
 */
function yesterdaysEvents(): CanonicalEvent[] {
	const at = (seconds: number, hour = 10) =>
		yesterday.set({ hour, minute: 0, second: 0 }).plus({ seconds }).toUTC().toISO()!;
	const events: CanonicalEvent[] = [];
	for (const agent of ['marie.martin', 'paul.martin']) {
		events.push({
			id: `e2e-${agent}-ready`,
			type: 'agent.state',
			at: at(0, 9),
			agent,
			state: 'ready',
			queues: [QUEUE]
		});
		events.push({ id: `e2e-${agent}-out`, type: 'agent.state', at: at(0, 12), agent, state: 'logged_out' });
	}
	// paul.martin paused half an hour at 11:00.
	events.push(
		{
			id: 'e2e-paul-pause',
			type: 'agent.state',
			at: at(0, 11),
			agent: 'paul.martin',
			state: 'not_ready',
			reason: 'Pause'
		},
		{ id: 'e2e-paul-back', type: 'agent.state', at: at(1800, 11), agent: 'paul.martin', state: 'ready' }
	);
	const outcomes = [
		['call.answered', 5],
		['call.answered', 10],
		['call.answered', 40],
		['call.abandoned', 30]
	] as const;
	outcomes.forEach(([type, wait], i) => {
		const call = `e2e-report-${yesterday.toISODate()}-${i}`;
		const caller = type === 'call.abandoned' ? { caller: '01 99 00 12 34' } : {};
		events.push({ id: `${call}/q`, type: 'call.queued', at: at(i), call, queue: QUEUE, ...caller });
		const outcome = { id: `${call}/o`, type, at: at(i + wait), call, queue: QUEUE };
		events.push(type === 'call.answered' ? { ...outcome, agent: 'marie.martin' } : outcome);
	});
	return events;
}

const figure = (page: Page, metric: string) => page.locator(`tr[data-queue="${QUEUE}"] [data-metric="${metric}"]`);
const day = (d: DateTime) => d.toISODate()!;

test.describe('supervisor reports', () => {
	let vigie: VigieOnPostgres<'supervisor' | 'viewer' | 'ingest'>;
	let server: VigieServer;
	let supervisor: string;
	let viewer: string;

	test.beforeAll(async () => {
		vigie = await startVigieOnPostgres(['supervisor', 'viewer', 'ingest']);
		({ server } = vigie);
		({ supervisor, viewer } = vigie.tokens);
		const ingest = vigie.tokens.ingest;
		await postEvents(server.url, ingest, yesterdaysEvents());
		// The worker applies them within moments: wait until nothing is pending.
		await expect
			.poll(async () => {
				const response = await fetch(`${server.url}/readyz`, { headers: { authorization: `Bearer ${viewer}` } });
				return ((await response.json()) as { pending_events: number }).pending_events;
			})
			.toBe(0);
	});

	test.afterAll(async () => {
		await vigie?.stop();
	});

	test('a supervisor opens the queue summary on today, goes to yesterday in one click, reads and downloads it', async ({
		page
	}) => {
		await page.goto(`${server.url}/reports/queues/daily?token=${supervisor}`);
		await expect(page).toHaveURL(`${server.url}/reports/queues/daily`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Synthèse des files');
		await expect(page.locator('[data-range]')).toContainText(`Le ${longDay(today)}`);
		await expect(page.locator('[data-quick="today"]')).toHaveAttribute('aria-current', 'true');

		await page.locator('[data-quick="yesterday"]').click();
		await expect(page.locator('[data-range]')).toContainText(`Le ${longDay(yesterday)}`);
		await expect(figure(page, 'offered')).toHaveText('4');
		await expect(figure(page, 'answered')).toHaveText('3');
		await expect(figure(page, 'abandoned')).toHaveText('1');
		// 2 of 3 answered within 20 s, in French: "66,7 %"; 2 of 4 offered for the default variant.
		await expect(figure(page, 'sl_handled_pct')).toHaveText('66,7 %');
		await expect(figure(page, 'sl_abandon_negative_pct')).toHaveText('50,0 %');
		await expect(figure(page, 'sl_threshold_s')).toHaveText('20 s');
		// No call ended: no talk time, shown as a dash rather than 0.
		await expect(figure(page, 'avg_talk_s')).toHaveText('–');
		await expect(page.locator('canvas[data-chart]').first()).toBeVisible();
		await expect(page.locator('thead')).not.toContainText(/ASA|Répondus/);

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.locator('[data-download="rfc4180"]').click()
		]);
		expect(download.suggestedFilename()).toBe(`vigie-queues-${day(yesterday)}_${day(yesterday)}-day.csv`);
		const csv = await fs.readFile((await download.path())!, 'utf8');
		const [header, row] = csv.split('\r\n');
		expect(header).toMatch(/^period_start,queue,offered,answered,abandoned,/);
		expect(row).toContain(`${day(yesterday)}T00:00:00`);
		expect(row).toContain(`,${QUEUE},4,3,1,`);
	});

	test('the download buttons take the form as it stands, not the report last shown', async ({ page }) => {
		await page.goto(`${server.url}/reports/queues/daily?token=${supervisor}`);
		await page.goto(`${server.url}/reports/queues/daily?from=${day(yesterday)}&to=${day(yesterday)}`);
		// Edited, not shown: two days, and a week's interval.
		const before = yesterday.minus({ days: 1 });
		await page.locator('input[name="from"]').fill(day(before));
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.locator('[data-download="excel-fr"]').click()
		]);
		expect(download.suggestedFilename()).toBe(`vigie-queues-${day(before)}_${day(yesterday)}-day-excel-fr.csv`);
		const csv = (await fs.readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
		const [header, row] = csv.split('\r\n');
		expect(header).toMatch(/^Début de période;File;Présentés;Traités;Abandonnés;.*;Décalage UTC$/);
		expect(row).toMatch(new RegExp(`^${yesterday.toFormat('dd/MM/yyyy')} 00:00;${QUEUE};4;3;1;`));
		// Still on the report, which still shows yesterday only.
		await expect(page.locator('[data-range]')).toContainText(`Le ${longDay(yesterday)}`);
	});

	test('queues are chosen with a search and checkboxes, and shown as chips; weeks make a table of their own', async ({
		page
	}) => {
		await page.goto(`${server.url}/reports/queues/daily?token=${supervisor}`);
		await page.locator('details summary').click();
		await page.getByPlaceholder('Chercher une file').fill('e2e');
		await page.getByRole('checkbox', { name: QUEUE }).check();
		await expect(page.locator(`[data-chip="${QUEUE}"]`)).toBeVisible();
		await page.locator('select[name="interval"]').selectOption('week');
		await page.locator('[data-quick="lastMonth"]').waitFor();
		await page.getByRole('button', { name: 'Afficher' }).click();
		await expect(page).toHaveURL(/queue=Support\+E2E/);
		await expect(page.getByRole('heading', { name: 'Par semaine' })).toBeVisible();
		await expect(page.locator(`tr[data-queue="${QUEUE}"] td.period`).first()).toHaveText(
			/^sem\. \d+, \d\d\/\d\d\/\d{4}$/
		);
	});

	test('bad filters answer in French, naming the field and what to type, with the form to correct them', async ({
		page
	}) => {
		await page.goto(`${server.url}/reports/queues/daily?token=${supervisor}`);
		const response = await page.goto(`${server.url}/reports/queues/daily?from=2026-02-30&to=2026-03-01`);
		expect(response?.status()).toBe(400);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ces filtres ne donnent pas de rapport');
		await expect(page.getByRole('alert')).toHaveText(
			'Du : « 2026-02-30 » n’est pas une date ; taper une date comme 26/11/2026.'
		);
		await expect(page.locator('input[name="to"]')).toHaveValue('2026-03-01');

		const reversed = await page.goto(`${server.url}/reports/agents?from=2026-03-02&to=2026-03-01`);
		expect(reversed?.status()).toBe(400);
		await expect(page.getByRole('alert')).toContainText('Au : le dimanche 1 mars 2026 est avant le lundi 2 mars 2026');
		await expect(page.locator('main')).not.toContainText(/is not a date|is before|Invalid/);
	});

	test('an agent is found by part of the name, whatever the case; an unknown one is said so, with a suggestion', async ({
		page
	}) => {
		await page.goto(`${server.url}/reports/agents?token=${supervisor}`);
		await page.goto(`${server.url}/reports/agents?from=${day(yesterday)}&to=${day(yesterday)}&agent=MARIE Martin`);
		await expect(page.locator('tr[data-agent="marie.martin"]')).toHaveCount(1);
		await expect(page.locator('tr[data-agent="paul.martin"]')).toHaveCount(0);
		await expect(page.locator('tr[data-agent="marie.martin"] [data-metric="answered"]')).toHaveText('3');

		await page.goto(`${server.url}/reports/agents?from=${day(yesterday)}&to=${day(yesterday)}&agent=martin`);
		await expect(page.locator('tbody tr[data-agent$=".martin"]')).toHaveCount(2);

		const unknown = await page.goto(
			`${server.url}/reports/agents?from=${day(yesterday)}&to=${day(yesterday)}&agent=marie martine`
		);
		expect(unknown?.status()).toBe(400);
		await expect(page.getByRole('alert')).toHaveText(
			'Agent inconnu : « marie martine ». Vouliez-vous dire : « marie.martin » ?'
		);
	});

	test('the agent report gives occupancy and handle time, sorts by any column and narrows to a search', async ({
		page
	}) => {
		await page.goto(`${server.url}/reports/agents?token=${supervisor}`);
		await page.goto(`${server.url}/reports/agents?from=${day(yesterday)}&to=${day(yesterday)}`);
		const rows = page.locator('table.agents').first().locator('tbody tr:not(.total)');
		await expect(rows).toHaveCount(2);
		await expect(page.locator('thead').first()).toContainText('Taux d’occupation');
		await expect(page.locator('thead').first()).toContainText('DMT');
		// Three hours logged in each; paul.martin took no call.
		await expect(page.locator('tr[data-agent="paul.martin"] [data-metric="calls_per_hour"]').first()).toHaveText('0');
		await expect(page.locator('tr[data-agent="marie.martin"] [data-metric="calls_per_hour"]').first()).toHaveText('1');

		await page.locator('[data-sort="answered"]').first().click();
		await expect(rows.first()).toHaveAttribute('data-agent', 'marie.martin');
		await page.locator('[data-sort="answered"]').first().click();
		await expect(rows.first()).toHaveAttribute('data-agent', 'paul.martin');

		await page.locator('[data-agent-search]').fill('PAUL');
		await expect(rows).toHaveCount(1);
		await expect(rows.first()).toHaveAttribute('data-agent', 'paul.martin');
	});

	test('agents are added up per team once the directory knows teams; not-ready time by week', async ({ page }) => {
		await adminQuery(
			`INSERT INTO agent_directory (agent, team, source) VALUES ('marie.martin', 'Équipe Rennes', 'e2e')`,
			vigie.database.url
		);
		await page.goto(`${server.url}/reports/agents?token=${supervisor}`);
		await page.goto(`${server.url}/reports/agents?from=${day(yesterday)}&to=${day(yesterday)}`);
		const teams = page.locator('[data-teams] tbody tr');
		await expect(teams).toHaveCount(2);
		await expect(teams.nth(0)).toHaveAttribute('data-team', 'Équipe Rennes');
		await expect(teams.nth(0).locator('[data-metric="answered"]')).toHaveText('3');
		await expect(teams.nth(1).locator('th')).toHaveText('(sans équipe)');

		await page.goto(`${server.url}/reports/not-ready?from=${day(yesterday)}&to=${day(yesterday)}&interval=week`);
		await expect(page.getByRole('heading', { name: 'Par semaine' })).toBeVisible();
		await expect(page.locator('[data-periods] tbody tr')).toHaveCount(1);
		await expect(page.locator('[data-periods] td[data-reason="Pause"]')).toHaveText(
			await page.locator('tr[data-agent="paul.martin"][data-reason="Pause"] [data-metric="seconds"]').innerText()
		);
	});

	test('a report of a hundred agents stays a page: its table and chart scroll in their boxes, the print shows all', async ({
		page
	}) => {
		// 120 agents, each logged in an hour, two days ago (a day no other test reads).
		const day2 = yesterday.minus({ days: 1 });
		const at = (hour: number) => day2.set({ hour }).toUTC().toISO()!;
		const agents = Array.from({ length: 120 }, (_, i) => `agent.${String(i).padStart(3, '0')}`);
		await postEvents(
			server.url,
			vigie.tokens.ingest,
			agents.flatMap((agent) => [
				{ id: `many-${agent}-in`, type: 'agent.state', at: at(9), agent, state: 'ready' },
				{ id: `many-${agent}-out`, type: 'agent.state', at: at(10), agent, state: 'logged_out' }
			])
		);
		await page.goto(`${server.url}/reports/agents?token=${supervisor}`);
		await expect
			.poll(async () => {
				await page.goto(`${server.url}/reports/agents?from=${day(day2)}&to=${day(day2)}`);
				return page.locator('table.agents tbody tr[data-agent^="agent."]').count();
			})
			.toBe(120);
		const height = () => page.evaluate(() => document.documentElement.scrollHeight);
		expect(await height()).toBeLessThan(2.5 * 1080);
		// The table scrolls in its box, and its total stays in view at the box's bottom.
		const box = page.locator('.table-scroll.tall').first();
		expect(await box.evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true);
		const boxRect = (await box.boundingBox())!;
		const totalRect = (await page.locator('table.agents tr.total th').first().boundingBox())!;
		expect(Math.abs(totalRect.y + totalRect.height - (boxRect.y + boxRect.height))).toBeLessThan(20);
		await page.emulateMedia({ media: 'print' });
		expect(await height()).toBeGreaterThan(120 * 15);
	});

	test('the abandoned calls give the number to call back', async ({ page }) => {
		await page.goto(`${server.url}/reports/abandoned?token=${supervisor}`);
		await page.goto(`${server.url}/reports/abandoned?from=${day(yesterday)}&to=${day(yesterday)}`);
		const caller = page.locator(`tr[data-queue="${QUEUE}"] [data-metric="caller"] a`);
		await expect(caller).toHaveText('01 99 00 12 34');
		await expect(caller).toHaveAttribute('href', 'tel:0199001234');
	});

	test('a viewer token gets a 403 page', async ({ page }) => {
		await page.goto(`${server.url}/wall/default?token=${viewer}`);
		const response = await page.goto(`${server.url}/reports/queues/daily`);
		expect(response?.status()).toBe(403);
		await expect(page.getByRole('heading', { name: 'Accès refusé' })).toBeVisible();
	});
	test('no English text on a French report page, error pages included', async ({ page }) => {
		await page.goto(`${server.url}/reports?token=${supervisor}`);
		const range = `from=${day(yesterday)}&to=${day(yesterday)}`;
		const pages = [
			'/reports',
			`/reports/queues/daily?${range}`,
			`/reports/queues/daily?${range}&interval=week`,
			`/reports/queues/daily?${range}&interval=month`,
			`/reports/queues/intervals?${range}&interval=15`,
			`/reports/agents?${range}`,
			`/reports/agents?${range}&interval=week`,
			`/reports/agents?${range}&interval=60`,
			`/reports/not-ready?${range}`,
			`/reports/not-ready?${range}&interval=week`,
			`/reports/not-ready?${range}&interval=month`,
			`/reports/abandoned?${range}`,
			// Refusals and pages that do not exist.
			`/reports/queues/daily?from=${day(yesterday)}&to=${day(yesterday.minus({ days: 3 }))}`,
			'/reports/queues/daily?queue=nope&interval=hour',
			'/reports/agents?agent=zzz',
			'/reports/no-such-report',
			'/no-such-page'
		];
		// Words a French page never holds, in its text or its titles, placeholders and labels.
		const english =
			/\b(the|and|of|to|is|are|not|found|error|invalid|expected|received|must|needs?|role|reports?|download|print|show|calls?|queues?|waiting|handled|ready|talking|interval|week|month|today|yesterday|day|from|search|back|all|none|sign|by|with)\b/i;
		for (const path of pages) {
			await page.goto(`${server.url}${path}`);
			const texts = await page.evaluate(() => {
				const out: string[] = [];
				const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
				while (walker.nextNode()) {
					const parent = walker.currentNode.parentElement;
					if (parent && !['SCRIPT', 'STYLE'].includes(parent.tagName)) out.push(walker.currentNode.textContent ?? '');
				}
				for (const element of document.querySelectorAll('[title], [placeholder], [aria-label], [alt]')) {
					for (const name of ['title', 'placeholder', 'aria-label', 'alt']) out.push(element.getAttribute(name) ?? '');
				}
				return [document.title, ...out];
			});
			// The site's own names (queues, agents, call ids, the zone) are data, not text of the page.
			const words = texts
				.map((text) =>
					text
						.replaceAll(QUEUE, '')
						.replace(/\b[a-z]+\.martin\b|Europe\/Paris|e2e-report-[0-9-]+/g, '')
						.trim()
				)
				.filter((text) => english.test(text));
			expect(words, path).toEqual([]);
			expect(await page.locator('html').getAttribute('lang'), path).toBe('fr');
		}
	});
});
