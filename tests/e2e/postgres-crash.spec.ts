/**
 * Issue #11's observed defect: PostgreSQL crashing (`pg_ctl stop -m immediate`, what a power cut or an OOM kill
 * looks like to its clients) while events are being posted. Vigie must not die: its processes wait, the screens
 * say their data is stale, and once PostgreSQL is back everything resumes by itself, with no event lost.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { adminQuery } from '../support/postgres.ts';
import { PostgresCluster } from '../support/postgres-cluster.ts';
import { pendingEvents, Poster, todaysFigures } from '../support/connector.ts';
import { createToken, vigieEnv, VigieServer, type Env } from '../support/vigie-process.ts';
import { delay, waitFor } from '../support/wait.ts';

const QUEUE = 'Panne SGBD';
/** Contract §3: stale within 10 s of losing the data (plus the 2 s a failing read may take to be noticed). */
const STALE_WITHIN_MS = 12_000;

test.describe('PostgreSQL crashing while events are posted', () => {
	let cluster: PostgresCluster;
	let servers: VigieServer[] = [];
	let databaseCount = 0;

	test.beforeAll(async () => {
		cluster = await PostgresCluster.create();
	});
	test.afterAll(() => cluster?.dispose());
	test.afterEach(async ({}, testInfo: TestInfo) => {
		if (testInfo.status !== testInfo.expectedStatus) {
			for (const server of servers) {
				await testInfo.attach(`vigie ${server.options.command} output`, { body: server.output });
				console.error(`vigie ${server.options.command} output:\n${server.output.slice(-3000)}`);
			}
			await testInfo.attach('postgres log', { body: cluster.logTail(80) });
		}
		for (const server of servers) await server.kill();
		servers = [];
		if (!cluster.running) cluster.start();
	});

	/** A fresh database on the test's own cluster, with the tokens the test needs. */
	async function freshSite(): Promise<{ env: Env; ingest: string; viewer: string; manager: string }> {
		const name = `crash_${++databaseCount}`;
		await adminQuery(`CREATE DATABASE ${name}`, cluster.url());
		const env = vigieEnv({ DATABASE_URL: cluster.url(name), VIGIE_DEMO: '0' });
		return {
			env,
			ingest: await createToken(env, 'ingest', 'connector'),
			viewer: await createToken(env, 'viewer', 'screen'),
			manager: await createToken(env, 'manager', 'manager')
		};
	}

	/** The crash itself, in the middle of the posting; the processes must all still be there afterwards. */
	async function crashAndRecover(poster: Poster, page?: Page): Promise<void> {
		await waitFor('some batches to be accepted', () => poster.sent.length > 60, 20_000);
		cluster.stop('immediate');
		if (page) {
			await expect(page.locator('main[data-connection]')).toHaveAttribute('data-connection', 'stale', {
				timeout: STALE_WITHIN_MS
			});
		} else await delay(3000);
		for (const server of servers) expect(server.alive, `vigie ${server.options.command} died`).toBe(true);
		expect(poster.failures).toBeGreaterThan(0);
		const acceptedBefore = poster.accepted;
		cluster.start();
		await waitFor('batches accepted again after the restart', () => poster.accepted >= acceptedBefore + 20, 60_000);
	}

	async function expectEverythingApplied(poster: Poster, url: string, site: { viewer: string; manager: string }) {
		await poster.stop();
		await poster.resendUnanswered();
		await waitFor('every event in the figures', async () => (await pendingEvents(url, site.viewer)) === 0, 60_000, 250);
		const expected = poster.expected();
		expect(await todaysFigures(url, site.manager, QUEUE)).toEqual({
			offered: expected.offered,
			abandoned: expected.abandoned
		});
		for (const server of servers) expect(server.alive, `vigie ${server.options.command} died`).toBe(true);
		return expected;
	}

	test('vigie start survives, its screen goes stale then live, and no event is lost', async ({ browser }) => {
		const site = await freshSite();
		const server = await VigieServer.start({ command: 'start', env: site.env });
		servers.push(server);
		const page = await browser.newPage();
		await page.goto(`${server.url}/wall/default?token=${site.viewer}`);
		await expect(page.locator('main[data-connection]')).toHaveAttribute('data-connection', 'live');

		const poster = new Poster(server.url, site.ingest, QUEUE);
		await crashAndRecover(poster, page);

		const expected = await expectEverythingApplied(poster, server.url, site);
		await expect(page.locator('main[data-connection]')).toHaveAttribute('data-connection', 'live', {
			timeout: 30_000
		});
		await expect(page.locator(`[data-metric="waiting"][data-queue="${QUEUE}"]`)).toHaveText(String(expected.waiting), {
			timeout: 10_000
		});
	});

	test('vigie web and vigie worker, run apart, both survive and resume by themselves', async () => {
		const site = await freshSite();
		const web = await VigieServer.start({ command: 'web', env: site.env });
		const worker = await VigieServer.start({ command: 'worker', env: site.env });
		servers.push(web, worker);

		const poster = new Poster(web.url, site.ingest, QUEUE);
		await crashAndRecover(poster);
		await expectEverythingApplied(poster, web.url, site);
	});
});
