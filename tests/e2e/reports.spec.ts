import fs from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { DateTime } from 'luxon';
import { postEvents, type CanonicalEvent } from '../support/events.ts';
import { startVigieOnPostgres, VigieServer, type VigieOnPostgres } from '../support/vigie-process.ts';

const QUEUE = 'Support E2E';
/** Yesterday in the server's default zone: the day a report opens on. */
const yesterday = DateTime.now().setZone('Europe/Paris').minus({ days: 1 });

/** Yesterday at 10:00 local: three calls answered (after 5, 10 and 40 s) and one abandoned after 30 s. */
function yesterdaysCalls(): CanonicalEvent[] {
	const at = (seconds: number) => yesterday.set({ hour: 10, minute: 0, second: 0 }).plus({ seconds }).toUTC().toISO()!;
	const events: CanonicalEvent[] = [];
	const outcomes = [
		['call.answered', 5],
		['call.answered', 10],
		['call.answered', 40],
		['call.abandoned', 30]
	] as const;
	outcomes.forEach(([type, wait], i) => {
		const call = `e2e-report-${yesterday.toISODate()}-${i}`;
		events.push({ id: `${call}/q`, type: 'call.queued', at: at(i), call, queue: QUEUE });
		const outcome = { id: `${call}/o`, type, at: at(i + wait), call, queue: QUEUE };
		events.push(type === 'call.answered' ? { ...outcome, agent: 'agent.e2e' } : outcome);
	});
	return events;
}

const figure = (page: Page, metric: string) => page.locator(`tr[data-queue="${QUEUE}"] [data-metric="${metric}"]`);

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
		await postEvents(server.url, ingest, yesterdaysCalls());
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

	test("a supervisor opens yesterday's daily report, reads it and downloads it", async ({ page }) => {
		await page.goto(`${server.url}/reports/queues/daily?token=${supervisor}`);
		await expect(page).toHaveURL(`${server.url}/reports/queues/daily`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Synthèse quotidienne des files');
		await expect(page.getByText(`Le ${yesterday.toISODate()}`)).toBeVisible();

		await expect(figure(page, 'offered')).toHaveText('4');
		await expect(figure(page, 'answered')).toHaveText('3');
		await expect(figure(page, 'abandoned')).toHaveText('1');
		// 2 of 3 answered within 20 s, in French: "66,7 %"; 2 of 4 offered for the default variant.
		await expect(figure(page, 'sl_handled_pct')).toHaveText('66,7 %');
		await expect(figure(page, 'sl_abandon_negative_pct')).toHaveText('50,0 %');
		// No call ended: no talk time, shown as a dash rather than 0.
		await expect(figure(page, 'avg_talk_s')).toHaveText('–');
		await expect(page.locator('canvas[data-chart]').first()).toBeVisible();

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.locator('[data-download="rfc4180"]').click()
		]);
		const csv = await fs.readFile((await download.path())!, 'utf8');
		const [header, row] = csv.split('\r\n');
		expect(header).toMatch(/^period_start,queue,offered,answered,abandoned,/);
		expect(row).toContain(`${yesterday.toISODate()}T00:00:00`);
		expect(row).toContain(`,${QUEUE},4,3,1,`);
	});

	test('bad dates answer a clear message, not an empty report', async ({ page }) => {
		await page.goto(`${server.url}/reports/queues/daily?token=${supervisor}`);
		const response = await page.goto(`${server.url}/reports/queues/daily?from=2026-02-30&to=2026-03-01`);
		expect(response?.status()).toBe(400);
		await expect(page.getByRole('alert')).toContainText('from=2026-02-30 is not a date');

		const reversed = await page.goto(`${server.url}/reports/agents?from=2026-03-02&to=2026-03-01`);
		expect(reversed?.status()).toBe(400);
		await expect(page.getByRole('alert')).toContainText('is before from=2026-03-02');
	});

	test('a viewer token gets a 403 page', async ({ page }) => {
		await page.goto(`${server.url}/wall/default?token=${viewer}`);
		const response = await page.goto(`${server.url}/reports/queues/daily`);
		expect(response?.status()).toBe(403);
		await expect(page.getByRole('heading', { name: 'Accès refusé' })).toBeVisible();
	});
});
