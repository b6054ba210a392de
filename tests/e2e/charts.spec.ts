import { expect, test } from '@playwright/test';
import pg from 'pg';
import { Calls, postEvents } from '../support/events.ts';
import { startVigieOnPostgres, VigieServer, type VigieOnPostgres } from '../support/vigie-process.ts';

test.describe('the intraday charts screen', () => {
	let vigie: VigieOnPostgres<'ingest' | 'viewer'>;
	let server: VigieServer;
	let ingestToken: string;
	let viewerToken: string;

	test.beforeAll(async () => {
		vigie = await startVigieOnPostgres(['ingest', 'viewer'], { VIGIE_LOG_LEVEL: 'warn' });
		({ server } = vigie);
		({ ingest: ingestToken, viewer: viewerToken } = vigie.tokens);
		const client = new pg.Client({ connectionString: vigie.database.url });
		await client.connect();
		await client.query(`INSERT INTO screens (name, layout) VALUES ('charts', 'charts')`);
		await client.end();
	});

	test.afterAll(async () => {
		await vigie?.stop();
	});

	test("today's service level on the charts is the queue tile's: a call still waiting within the threshold is in no denominator", async ({
		page
	}) => {
		const queue = 'Graphes';
		const calls = new Calls();
		const waitingNow = calls.queue(queue, 1);
		const answeredCall = `${calls.run}-answered`;
		await postEvents(server.url, ingestToken, [
			// Answered after 10 s: within the default 20 s threshold.
			{
				id: `${answeredCall}/queued`,
				type: 'call.queued',
				at: new Date(Date.now() - 10_000).toISOString(),
				call: answeredCall,
				queue
			},
			calls.answered(queue, answeredCall),
			// Just queued: its outcome is not known yet.
			...waitingNow.events
		]);

		await page.goto(`${server.url}/wall/default?token=${viewerToken}`);
		const tile = page.locator(`[data-metric="service_level_pct"][data-queue="${queue}"]`);
		await expect(page.locator(`[data-metric="offered"][data-queue="${queue}"]`)).toHaveText('2');
		await expect(tile).toHaveText('100');

		await page.goto(`${server.url}/wall/charts`);
		await expect(page.locator('main')).toHaveAttribute('data-layout', 'charts');
		await expect(page.locator('[data-metric="offered"]')).toHaveText('2');
		await expect(page.locator('[data-metric="service_level_pct"]')).toHaveText('100');
	});
});
