/**
 * A screen kept to one team (issue 12): the administrator picks a team the agents' directory knows, and the wall
 * shows that team's agents on the board and, with no queue ticked, the queues they serve.
 */
import { expect, test } from '@playwright/test';
import { openDatabase } from '../../src/lib/server/db/database.ts';
import { updateAgentDirectory } from '../../src/lib/server/uccx/store.ts';
import { postEvents } from '../support/events.ts';
import { FLOOR_QUEUES, ministryFloor, type Floor } from '../support/floor.ts';
import { startVigieOnPostgres, type VigieOnPostgres } from '../support/vigie-process.ts';

const TEAM = 'Support niveau 1';

test.describe('a screen kept to one team', () => {
	let vigie: VigieOnPostgres<'ingest' | 'viewer' | 'admin'>;
	let floor: Floor;
	/** The team's agents: every 13th of the floor, each serving Support N1 and Comptes et accès only. */
	let team: string[];

	test.beforeAll(async () => {
		vigie = await startVigieOnPostgres(['ingest', 'viewer', 'admin']);
		floor = ministryFloor({ run: 'team', now: new Date() });
		await postEvents(vigie.server.url, vigie.tokens.ingest, floor.events);
		team = floor.agents.filter((_, i) => i % 13 === 0);
		// The directory, as the Finesse connector writes it.
		const database = await openDatabase({ databaseUrl: vigie.database.url, dataDir: '' });
		await updateAgentDirectory(
			database.db,
			floor.agents.map((agent) => ({ agent, displayName: null, team: team.includes(agent) ? TEAM : 'Autres' })),
			'finesse'
		);
		await database.close();
	});
	test.afterAll(async () => {
		await vigie?.stop();
	});

	test('the administrator keeps two screens to a team; they show its agents and its queues', async ({ browser }) => {
		const admin = await (await browser.newContext()).newPage();
		await admin.goto(`${vigie.server.url}/admin/screens?token=${vigie.tokens.admin}`);
		for (const [name, layout] of [
			['equipe-n1', 'agents'],
			['files-n1', 'queues']
		] as const) {
			const form = admin.locator('form.screen').last();
			await form.locator('input[name="name"]').fill(name);
			await form.locator('select[name="layout"]').selectOption(layout);
			await form.locator('select[name="team"]').selectOption(TEAM);
			await form.getByRole('button', { name: 'Enregistrer' }).click();
			await expect(admin.getByRole('status')).toBeVisible();
		}

		const page = await (await browser.newContext()).newPage();
		await page.goto(`${vigie.server.url}/wall/equipe-n1?token=${vigie.tokens.viewer}`);
		await expect(page.locator('[data-metric="agents_logged_in"]')).toHaveText(String(team.length), { timeout: 15_000 });
		const shown = await page
			.locator('article.agent')
			.evaluateAll((els) => els.map((el) => el.getAttribute('data-agent')));
		expect(shown.sort()).toEqual([...team].sort());
		await expect(page.locator('[data-scope-team]')).toHaveText(`équipe ${TEAM}`);

		await page.goto(`${vigie.server.url}/wall/files-n1?token=${vigie.tokens.viewer}`);
		const tiles = page.locator('article.tile[data-queue]');
		await expect(tiles).toHaveCount(2, { timeout: 15_000 });
		expect((await tiles.evaluateAll((els) => els.map((el) => el.getAttribute('data-queue')))).sort()).toEqual(
			[FLOOR_QUEUES[0], FLOOR_QUEUES[3]].sort()
		);
		// A screen of every team still shows every queue.
		await page.goto(`${vigie.server.url}/wall/default?token=${vigie.tokens.viewer}`);
		await expect(page.locator('article.tile[data-queue]')).toHaveCount(13, { timeout: 15_000 });

		// A team the directory does not know is refused, in words.
		const form = admin.locator('form.screen').last();
		await form.locator('input[name="name"]').fill('fantome');
		await form.locator('select[name="team"]').evaluate((select: HTMLSelectElement) => {
			select.add(new Option('Équipe fantôme', 'Équipe fantôme'));
			select.value = 'Équipe fantôme';
		});
		await form.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(admin.getByRole('alert')).toContainText('Cette équipe est inconnue');
	});
});
