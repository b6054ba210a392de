/**
 * Issue #11, faults: a clock jump on the web host (an NTP step after a VM resumes, an operator setting the date).
 * The web process's wall clock is moved an hour back, then two hours forward, while a screen is connected and
 * events arrive: the screen must keep following the figures and stay honest about being live.
 *
 * The jump is the process's alone, through Debian's libfaketime (LD_PRELOAD, re-reading an offset file): the
 * machine's clock, which other tests and people use, is never touched. Monotonic clocks are left alone, as a
 * real jump leaves them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { Calls, postEvents } from '../support/events.ts';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.ts';
import { createTempDir } from '../support/temp-dir.ts';
import { createToken, vigieEnv, VigieServer } from '../support/vigie-process.ts';
import { delay } from '../support/wait.ts';

const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const QUEUE = 'Saut horaire';
/** A change reaches the screen within a second or two; slack for a loaded machine. */
const LIVE_UPDATE_MS = 5_000;

test.describe('a clock jump on the web host', () => {
	let database: PostgresDatabase;
	let dir: Awaited<ReturnType<typeof createTempDir>>;
	let web: VigieServer | undefined;
	let worker: VigieServer | undefined;

	test.beforeAll(() => {
		if (!fs.existsSync(LIBFAKETIME)) {
			throw new Error(`${LIBFAKETIME} is missing: apt-get install faketime (tests/run-all.sh does it)`);
		}
	});
	test.afterEach(async ({}, testInfo: TestInfo) => {
		if (testInfo.status !== testInfo.expectedStatus && web)
			console.error(`vigie web output:\n${web.output.slice(-3000)}`);
		await web?.stop();
		await worker?.stop();
		await database?.drop();
		await dir?.remove();
	});

	test('the screen keeps following the figures when the clock goes back an hour, then forward', async ({ browser }) => {
		database = await createPostgresDatabase('ops_clock');
		dir = await createTempDir('vigie-clock-');
		const offsetFile = path.join(dir.dir, 'offset');
		/** Moves the web process's wall clock this many seconds away from the machine's. */
		const setOffset = async (seconds: number) => {
			fs.writeFileSync(offsetFile, `${seconds >= 0 ? '+' : ''}${seconds}\n`);
			await delay(1500); // libfaketime re-reads the file at most once a second
		};
		await setOffset(0);

		const env = vigieEnv({ DATABASE_URL: database.url, VIGIE_DEMO: '0' });
		const ingest = await createToken(env, 'ingest', 'connector');
		const viewer = await createToken(env, 'viewer', 'screen');
		worker = await VigieServer.start({ command: 'worker', env });
		web = await VigieServer.start({
			command: 'web',
			env: {
				...env,
				LD_PRELOAD: LIBFAKETIME,
				FAKETIME_TIMESTAMP_FILE: offsetFile,
				FAKETIME_CACHE_DURATION: '1',
				FAKETIME_DONT_FAKE_MONOTONIC: '1'
			}
		});

		const page: Page = await browser.newPage();
		await page.goto(`${web.url}/wall/default?token=${viewer}`);
		const root = page.locator('main[data-connection]');
		const waiting = page.locator(`[data-metric="waiting"][data-queue="${QUEUE}"]`);
		await expect(root).toHaveAttribute('data-connection', 'live');

		const calls = new Calls();
		const first = calls.queue(QUEUE, 3);
		await postEvents(web.url, ingest, first.events);
		await expect(waiting).toHaveText('3', { timeout: LIVE_UPDATE_MS });

		// An hour back: the figures must go on moving, not wait for the clock to catch up.
		await setOffset(-3600);
		await postEvents(web.url, ingest, calls.queue(QUEUE, 2).events);
		await expect(waiting).toHaveText('5', { timeout: LIVE_UPDATE_MS });
		await postEvents(web.url, ingest, [calls.abandoned(QUEUE, first.calls[0]!)]);
		await expect(waiting).toHaveText('4', { timeout: LIVE_UPDATE_MS });

		// Two hours forward (an hour ahead of the machine): still following, and live.
		await setOffset(3600);
		await postEvents(web.url, ingest, calls.queue(QUEUE, 1).events);
		await expect(waiting).toHaveText('5', { timeout: LIVE_UPDATE_MS });
		// Heartbeats go on: the screen stays live past the point it would turn stale without them.
		await delay(9000);
		await expect(root).toHaveAttribute('data-connection', 'live');
		await postEvents(web.url, ingest, [calls.abandoned(QUEUE, first.calls[1]!)]);
		await expect(waiting).toHaveText('4', { timeout: LIVE_UPDATE_MS });
		expect(web.alive).toBe(true);
	});
});
