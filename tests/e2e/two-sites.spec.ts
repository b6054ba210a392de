/**
 * Two sites, as far as one machine can show them (issue #11 item 3, docs/fr/deux-sites.md): two web and two worker
 * processes on one database, a screen on the first web given both addresses. The first web is killed while the
 * screen is connected: the screen moves to the other address by itself and shows the same figures, then follows
 * new ones, applied by whichever worker takes them.
 */
import { expect, test, type TestInfo } from '@playwright/test';
import { Calls, postEvents } from '../support/events.ts';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.ts';
import { createToken, vigieEnv, VigieServer } from '../support/vigie-process.ts';

const QUEUE = 'Deux sites';
/** Stale within 10 s, then FAILOVER_AFTER_MS (30 s) stale before moving, and slack for a loaded machine. */
const MOVED_WITHIN_MS = 60_000;

test.describe('two web and two worker processes on one database', () => {
	let database: PostgresDatabase;
	const servers: VigieServer[] = [];

	test.afterEach(async ({}, testInfo: TestInfo) => {
		if (testInfo.status !== testInfo.expectedStatus)
			for (const s of servers) console.error(`vigie ${s.options.command} ${s.url}:\n${s.output.slice(-1500)}`);
		for (const s of servers) await s.kill();
		await database?.drop();
	});

	test('a screen whose web is killed moves to the other address and shows the same figures', async ({ browser }) => {
		test.setTimeout(150_000);
		database = await createPostgresDatabase('ops_two_sites');
		const env = vigieEnv({ DATABASE_URL: database.url, VIGIE_DEMO: '0' });
		const ingest = await createToken(env, 'ingest', 'connector');
		const viewer = await createToken(env, 'viewer', 'kiosk');
		const [rennes, montValerien] = [
			await VigieServer.start({ command: 'web', env }),
			await VigieServer.start({ command: 'web', env })
		];
		servers.push(rennes!, montValerien!);
		servers.push(
			await VigieServer.start({ command: 'worker', env }),
			await VigieServer.start({ command: 'worker', env })
		);

		const kiosk = await browser.newContext();
		const page = await kiosk.newPage();
		// Installing the kiosk: each address sees its token once (it stays as a cookie).
		await page.goto(`${montValerien!.url}/wall/default?token=${viewer}`);
		await page.goto(`${rennes!.url}/wall/default?token=${viewer}&servers=${rennes!.url},${montValerien!.url}`);
		const waiting = page.locator(`[data-metric="waiting"][data-queue="${QUEUE}"]`);
		const calls = new Calls();
		await postEvents(rennes!.url, ingest, calls.queue(QUEUE, 4).events);
		await expect(waiting).toHaveText('4');

		await rennes!.kill();
		await expect
			.poll(() => new URL(page.url()).origin, { timeout: MOVED_WITHIN_MS, intervals: [1000] })
			.toBe(new URL(montValerien!.url).origin);
		await expect(page.locator('main[data-connection]')).toHaveAttribute('data-connection', 'live');
		await expect(waiting).toHaveText('4');
		expect(new URL(page.url()).searchParams.get('servers')).toBe(new URL(rennes!.url).origin);

		await postEvents(montValerien!.url, ingest, calls.queue(QUEUE, 2).events);
		await expect(waiting).toHaveText('6');
	});
});
