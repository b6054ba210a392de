import { expect, test } from '@playwright/test';
import { DateTime } from 'luxon';
import { postEvents, type CanonicalEvent } from '../support/events.ts';
import { adminQuery } from '../support/postgres.ts';
import { startVigieOnPostgres, type VigieOnPostgres } from '../support/vigie-process.ts';

const QUEUE = 'Support Réglages';
const ZONE = 'Europe/Paris';
const yesterday = DateTime.now().setZone(ZONE).startOf('day').minus({ days: 1 });

/** Yesterday at 10:00, a call answered after 25 s: outside a 20 s threshold, inside a 30 s one. */
function yesterdaysCall(): CanonicalEvent[] {
	const at = (seconds: number) => yesterday.set({ hour: 10 }).plus({ seconds }).toUTC().toISO()!;
	return [
		{ id: 'adm-q', type: 'call.queued', at: at(0), call: 'adm-1', queue: QUEUE },
		{ id: 'adm-a', type: 'call.answered', at: at(25), call: 'adm-1', queue: QUEUE, agent: 'marie.martin' }
	];
}

test.describe('queue settings in the administration', () => {
	let vigie: VigieOnPostgres<'admin' | 'supervisor' | 'ingest'>;

	test.beforeAll(async () => {
		vigie = await startVigieOnPostgres(['admin', 'supervisor', 'ingest']);
		await postEvents(vigie.server.url, vigie.tokens.ingest, yesterdaysCall());
		await expect
			.poll(async () => {
				const r = await adminQuery(`SELECT count(*)::int AS n FROM queue_intervals`, vigie.database.url);
				return r.rows[0].n;
			})
			.toBe(1);
	});
	test.afterAll(async () => {
		await vigie?.stop();
	});

	test('a supervisor is told, in French, that the page needs another role', async ({ page }) => {
		await page.goto(`${vigie.server.url}/reports?token=${vigie.tokens.supervisor}`);
		const response = await page.goto(`${vigie.server.url}/admin/queues`);
		expect(response?.status()).toBe(403);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accès refusé');
	});

	test('a change holds from now on; reaching back into reported figures asks for a confirmation, then is audited', async ({
		page
	}) => {
		const url = vigie.server.url;
		const slOfYesterday = async () =>
			(
				await adminQuery(
					`SELECT sl_threshold_s, answered_within_sl FROM queue_intervals WHERE queue = '${QUEUE}'`,
					vigie.database.url
				)
			).rows[0];
		await page.goto(`${url}/admin/queues?token=${vigie.tokens.admin}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Réglages des files');
		const section = page.locator(`section[data-queue="${QUEUE}"]`);

		// Nothing changed: said so, in French.
		await section.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(page.locator(`section[data-queue="${QUEUE}"] [role="alert"]`)).toHaveText(
			'Aucun changement : modifier le seuil NS, l’abandon court ou la variante.'
		);

		// From now on: yesterday keeps its 20 s.
		await page.locator(`section[data-queue="${QUEUE}"] input[name="sl_threshold_s"]`).fill('25');
		await page.locator(`section[data-queue="${QUEUE}"]`).getByRole('button', { name: 'Enregistrer' }).click();
		await expect(page.locator('[role="status"]')).toContainText(`« ${QUEUE} » : réglages changés à partir du`);
		expect(await slOfYesterday()).toEqual({ sl_threshold_s: 20, answered_within_sl: 0 });

		// From yesterday morning: a confirmation first, nothing changed until it is given.
		await page.locator(`section[data-queue="${QUEUE}"] input[name="sl_threshold_s"]`).fill('30');
		await page
			.locator(`section[data-queue="${QUEUE}"] input[name="from"]`)
			.fill(yesterday.set({ hour: 8 }).toFormat("yyyy-MM-dd'T'HH:mm"));
		await page.locator(`section[data-queue="${QUEUE}"]`).getByRole('button', { name: 'Enregistrer' }).click();
		const confirm = page.locator(`[data-confirm="${QUEUE}"]`);
		await expect(confirm).toContainText('Recalculer le passé ?');
		await expect(confirm).toContainText(
			`depuis le ${yesterday.setLocale('fr').toFormat('cccc d LLLL yyyy')} à 08:00 (1 quart(s) d’heure)`
		);
		expect(await slOfYesterday()).toEqual({ sl_threshold_s: 20, answered_within_sl: 0 });

		await confirm.getByRole('button', { name: 'Recalculer depuis cette date' }).click();
		await expect(page.locator('[role="status"]')).toContainText('1 quart(s) d’heure recalculé(s)');
		expect(await slOfYesterday()).toEqual({ sl_threshold_s: 30, answered_within_sl: 1 });

		const trail = await adminQuery(
			`SELECT actor, detail->>'recomputePast' AS recompute FROM audit_log WHERE action = 'queue.settings' ORDER BY id`,
			vigie.database.url
		);
		expect(trail.rows.map((r) => r.recompute)).toEqual(['false', 'true']);
		await page.locator(`section[data-queue="${QUEUE}"] summary`).click();
		await expect(page.locator(`section[data-queue="${QUEUE}"] li`)).toHaveCount(3);
	});
});
