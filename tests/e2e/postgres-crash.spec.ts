/**
 * Issue #11's observed defect: PostgreSQL crashing (`pg_ctl stop -m immediate`, what a power cut or an OOM kill
 * looks like to its clients) while events are being posted. Vigie must not die: its processes wait, the screens
 * say their data is stale, and once PostgreSQL is back everything resumes by itself, with no event lost.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { adminQuery } from '../support/postgres.ts';
import { PostgresCluster } from '../support/postgres-cluster.ts';
import { Calls, type CanonicalEvent } from '../support/events.ts';
import { createToken, vigieEnv, VigieServer, type Env } from '../support/vigie-process.ts';
import { delay, waitFor } from '../support/wait.ts';

const QUEUE = 'Panne SGBD';
/** Contract §3: stale within 10 s of losing the data (plus the 2 s a failing read may take to be noticed). */
const STALE_WITHIN_MS = 12_000;

/**
 * A connector posting small batches without pause, as a real one does: a batch that fails (no answer, 5xx) is
 * kept and sent again later, as a connector retries. Accepted means answered 200.
 */
class Poster {
	readonly calls = new Calls();
	readonly sent: CanonicalEvent[] = [];
	readonly unanswered: CanonicalEvent[][] = [];
	failures = 0;
	accepted = 0;
	#running = true;
	readonly #done: Promise<void>;
	readonly url: string;
	readonly token: string;

	constructor(url: string, token: string) {
		this.url = url;
		this.token = token;
		this.#done = this.#loop();
	}

	async #loop(): Promise<void> {
		let n = 0;
		while (this.#running) {
			const { events, calls } = this.calls.queue(QUEUE, 5);
			// One call in five hangs up: the screen's waiting figure then depends on both kinds of event.
			events.push(this.calls.abandoned(QUEUE, calls[n++ % 5]!));
			this.sent.push(...events);
			if (await this.post(events)) this.accepted++;
			else {
				this.failures++;
				this.unanswered.push(events);
			}
			await delay(50);
		}
	}

	async post(events: CanonicalEvent[]): Promise<boolean> {
		try {
			const response = await fetch(`${this.url}/api/events`, {
				method: 'POST',
				headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/x-ndjson' },
				body: events.map((e) => JSON.stringify(e)).join('\n'),
				signal: AbortSignal.timeout(5000)
			});
			const body = await response.text();
			if (response.status === 200) return true;
			// While the database is away, the intake says so (503, send again), never accepts and loses.
			expect(response.status, body).toBe(503);
			return false;
		} catch (error) {
			if (error instanceof Error && error.name === 'AssertionError') throw error;
			return false; // no answer at all: a connector would try again
		}
	}

	async stop(): Promise<void> {
		this.#running = false;
		await this.#done;
	}

	/** Sends again every batch that got no 200, until each one does. */
	async resendUnanswered(): Promise<void> {
		for (const events of this.unanswered.splice(0)) {
			await waitFor('a batch to be accepted again', () => this.post(events), 30_000, 200);
		}
	}

	/** What the figures must say, from what was sent (accepted or re-sent, each counted once). */
	expected(): { offered: number; abandoned: number; waiting: number } {
		const queued = new Set(this.sent.filter((e) => e.type === 'call.queued').map((e) => e.call));
		const abandoned = new Set(this.sent.filter((e) => e.type === 'call.abandoned').map((e) => e.call));
		return { offered: queued.size, abandoned: abandoned.size, waiting: queued.size - abandoned.size };
	}
}

/** The day's export for the queue, as the manager downloads it. */
async function todaysFigures(url: string, token: string): Promise<{ offered: number; abandoned: number }> {
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
	const response = await fetch(
		`${url}/api/export/queues.csv?from=${today}&to=${today}&interval=day&queue=${encodeURIComponent(QUEUE)}`,
		{ headers: { authorization: `Bearer ${token}` } }
	);
	expect(response.status).toBe(200);
	const [header, ...rows] = (await response.text()).trim().split('\n');
	const columns = header!.split(',');
	const sum = (name: string) => rows.reduce((total, row) => total + Number(row.split(',')[columns.indexOf(name)]), 0);
	return { offered: sum('offered'), abandoned: sum('abandoned') };
}

async function pendingEvents(url: string, token: string): Promise<number | null> {
	try {
		const response = await fetch(`${url}/readyz`, {
			headers: { authorization: `Bearer ${token}` },
			signal: AbortSignal.timeout(3000)
		});
		return response.status === 200 ? (await response.json()).pending_events : null;
	} catch {
		return null;
	}
}

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
		expect(await todaysFigures(url, site.manager)).toEqual({
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

		const poster = new Poster(server.url, site.ingest);
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

		const poster = new Poster(web.url, site.ingest);
		await crashAndRecover(poster);
		await expectEverythingApplied(poster, web.url, site);
	});
});
