/**
 * Replay of a past day (contract §3, issue 12): what a live screen showed at 10:00 of a day is what the replay of
 * that day shows at 10:00. The server runs on a day of its own (Debian's libfaketime starts its clock at 09:59
 * Paris on 2 March 2026, then lets it run), a ministry floor arrives, both live screens are recorded at 10:00,
 * the day goes on, and the replay of 10:00 is compared with the record, figure by figure.
 */
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { postEvents } from '../support/events.ts';
import { ministryFloor } from '../support/floor.ts';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.ts';
import { openLiveSocket } from '../support/sessions.ts';
import { createToken, vigieEnv, VigieServer } from '../support/vigie-process.ts';
import { delay } from '../support/wait.ts';

const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
/** 09:59 and 10:00 in Paris on 2 March 2026 (UTC+1). */
const CLOCK_START = '2026-03-02 08:59:00';
const TEN = Date.parse('2026-03-02T09:00:00Z');
/** Figures that tick with time: recorded within a second or two of 10:00 on the live screen. */
const TICKING = new Set(['longest_waiting', 'time_in_state', 'not_ready_today']);

/** Every figure on the page, by metric and queue (or agent, or scope), with its text and level. */
async function figures(page: Page): Promise<Map<string, { text: string; level: string | null }>> {
	const all = await page.locator('[data-metric]').evaluateAll((els) =>
		els.map((el) => ({
			key: [
				el.getAttribute('data-metric'),
				el.getAttribute('data-queue') ?? el.getAttribute('data-agent') ?? el.getAttribute('data-scope') ?? ''
			].join(' · '),
			text: el.textContent!.trim(),
			level: el.getAttribute('data-level')
		}))
	);
	return new Map(all.filter((f) => !f.key.startsWith('ticker')).map((f) => [f.key, { text: f.text, level: f.level }]));
}

/** `1:05:43` or `12:07` in seconds. */
const seconds = (text: string) => text.split(':').reduce((total, part) => total * 60 + Number(part), 0);

function expectSameFigures(
	replayed: Map<string, { text: string; level: string | null }>,
	recorded: Map<string, { text: string; level: string | null }>,
	keys: Iterable<string> = recorded.keys()
) {
	for (const key of keys) {
		const was = recorded.get(key)!;
		const is = replayed.get(key);
		expect(is, `${key} is replayed`).toBeDefined();
		if (TICKING.has(key.split(' · ')[0]!)) {
			expect(Math.abs(seconds(is!.text) - seconds(was.text)), `${key}: ${is!.text} vs ${was.text}`).toBeLessThanOrEqual(
				3
			);
		} else {
			expect(is!.text, key).toBe(was.text);
			expect(is!.level, `${key} level`).toBe(was.level);
		}
	}
}

test.describe('the replay of a past day', () => {
	let database: PostgresDatabase;
	let server: VigieServer | undefined;

	test.afterAll(async () => {
		await server?.stop();
		await database?.drop();
	});

	test('shows at 10:00 what the live screens showed at 10:00', async ({ browser }) => {
		test.setTimeout(240_000);
		expect(fs.existsSync(LIBFAKETIME), `${LIBFAKETIME} (apt-get install faketime)`).toBe(true);
		database = await createPostgresDatabase('floor_replay');
		const env = vigieEnv({ DATABASE_URL: database.url, VIGIE_DEMO: '0' });
		const ingest = await createToken(env, 'ingest', 'connector');
		const viewer = await createToken(env, 'viewer', 'screen');
		server = await VigieServer.start({
			command: 'start',
			env: {
				...env,
				TZ: 'UTC',
				LD_PRELOAD: LIBFAKETIME,
				FAKETIME: `@${CLOCK_START}`,
				FAKETIME_DONT_FAKE_MONOTONIC: '1'
			}
		});
		const serverTime = async () => Date.parse((await fetch(`${server!.url}/healthz`)).headers.get('date')!);
		expect(await serverTime()).toBeLessThan(TEN - 20_000);

		// The floor as it stands at 09:59:00; nothing more happens until after 10:00.
		const floor = ministryFloor({ run: 'replay', now: new Date(TEN - 60_000) });
		for (let i = 0; i < floor.events.length; i += 2000)
			await postEvents(server.url, ingest, floor.events.slice(i, i + 2000));

		const context = await browser.newContext();
		const queues = await context.newPage();
		const agents = await context.newPage();
		await queues.goto(`${server.url}/wall/default?token=${viewer}`);
		await agents.goto(`${server.url}/wall/agents?token=${viewer}`);
		await expect(queues.locator('[data-metric="waiting"][data-queue="Support N1"]')).toHaveText('104', {
			timeout: 20_000
		});
		await expect(agents.locator('[data-metric="agents_logged_in"]')).toHaveText('120', { timeout: 20_000 });
		await expect(queues.locator('main')).not.toHaveAttribute('data-replay');

		// 10:00:00 on the server's clock, and a tick of the screens' own.
		while ((await serverTime()) < TEN) await delay(200);
		await delay(1100);
		const liveQueues = await figures(queues);
		const liveAgents = await figures(agents);
		const at = await serverTime();
		expect(at - TEN, 'the record was taken at 10:00').toBeLessThan(4000);
		expect(liveQueues.size).toBeGreaterThan(13 * 10);
		expect([...liveAgents.keys()].filter((k) => k.startsWith('agent_state')).length).toBeGreaterThan(10);

		// The day goes on: calls answered and abandoned, agents changing state.
		const later = new Date(TEN + 30_000).toISOString();
		await postEvents(server.url, ingest, [
			...floor.events
				.filter((e) => e.type === 'call.queued' && e.call!.startsWith('replay-w'))
				.slice(0, 60)
				.map((e, i) => ({
					id: `${e.call}/later`,
					type: i % 3 === 0 ? 'call.abandoned' : 'call.answered',
					at: later,
					call: e.call,
					queue: e.queue,
					...(i % 3 !== 0 && { agent: 'agent-later' })
				})),
			...floor.agents.slice(0, 40).map((agent, i) => ({
				id: `later-${i}`,
				type: 'agent.state',
				at: later,
				agent,
				state: 'ready',
				queues: ['Support N1']
			}))
		]);
		await expect(queues.locator('[data-metric="waiting"][data-queue="Support N1"]')).not.toHaveText('104', {
			timeout: 20_000
		});
		while ((await serverTime()) < TEN + 35_000) await delay(500);

		// The replay of 10:00, held there.
		await queues.goto(`${server.url}/wall/default?token=${viewer}&replay=2026-03-02T10:00&speed=0`);
		const root = queues.locator('main');
		await expect(root).toHaveAttribute('data-replay', '2026-03-02T10:00:00+01:00', { timeout: 10_000 });
		await expect(queues.locator('[data-replay-banner]')).toContainText('RELECTURE');
		await expect(queues.locator('[data-replay-banner]')).toContainText('10:00:00');
		await expect(queues.locator('[data-metric="waiting"][data-queue="Support N1"]')).toHaveText('104');
		await delay(1500);
		expectSameFigures(await figures(queues), liveQueues);
		expect((await figures(queues)).size).toBe(liveQueues.size);

		await agents.goto(`${server.url}/wall/agents?token=${viewer}&replay=2026-03-02T10:00:00&speed=0`);
		await expect(agents.locator('main')).toHaveAttribute('data-replay', '2026-03-02T10:00:00+01:00');
		await expect(agents.locator('[data-metric="agents_logged_in"]')).toHaveText('120');
		// The board turns its pages in a held replay too: every agent recorded comes round.
		const recordedAgents = [...liveAgents.keys()].filter((k) => !k.endsWith(' · total'));
		const replayedAgents = new Map<string, { text: string; level: string | null }>();
		const deadline = Date.now() + 60_000;
		while (recordedAgents.some((k) => !replayedAgents.has(k)) && Date.now() < deadline) {
			for (const [key, value] of await figures(agents)) replayedAgents.set(key, value);
			await delay(1000);
		}
		expectSameFigures(replayedAgents, liveAgents, recordedAgents);
		expectSameFigures(
			await figures(agents),
			liveAgents,
			[...liveAgents.keys()].filter((k) => k.endsWith(' · total'))
		);

		// Played on at 60 times real time, the replay moves on by about a minute a second, and shows the day going on.
		await queues.goto(`${server.url}/wall/default?token=${viewer}&replay=2026-03-02T10:00&speed=60`);
		await expect(root).toHaveAttribute('data-replay', /^2026-03-02T10:0[1-9]/, { timeout: 10_000 });
		await expect(queues.locator('[data-metric="waiting"][data-queue="Support N1"]')).not.toHaveText('104');
		await expect(queues.locator('[data-replay-banner]')).toContainText('×60');
		await context.close();
	});

	test('bad replay parameters get a clear French page, not an error', async ({ page }) => {
		test.skip(server === undefined, 'needs the server of the first test');
		const viewer = await createToken(vigieEnv({ DATABASE_URL: database.url }), 'viewer', 'bad-replay');
		const cases = [
			{ query: 'replay=2026-02-30T10:00', problem: 'format', says: 'n’est pas lisible' },
			{ query: 'replay=hier', problem: 'format', says: 'AAAA-MM-JJTHH:MM' },
			{ query: 'replay=2026-03-29T02:30', problem: 'noSuchTime', says: 'heure d’été' },
			{ query: 'replay=2027-01-01T10:00', problem: 'future', says: 'pas encore passé' },
			{ query: 'replay=2026-03-02T09:00&speed=-60', problem: 'speed', says: '« -60 »' }
		];
		for (const c of cases) {
			const response = await page.goto(`${server!.url}/wall/default?token=${viewer}&${c.query}`);
			expect(response?.status(), c.query).toBe(400);
			await expect(page.locator('[data-replay-problem]')).toHaveAttribute('data-replay-problem', c.problem);
			await expect(page.locator('[data-replay-problem]')).toContainText(c.says);
			await expect(page.locator('h1')).toHaveText('Cette relecture ne peut pas être jouée.');
		}
		// The socket refuses them too, with a status rather than a screen of wrong figures.
		const headers = { authorization: `Bearer ${viewer}` };
		const refused: Record<string, string>[] = [
			{ replay: '2027-01-01T10:00' },
			{ replay: '2026-03-02T10:00', speed: '-1' }
		];
		for (const parameters of refused)
			expect((await openLiveSocket(server!.url, 'default', headers, parameters)).status).toBe(400);
		const good = await openLiveSocket(server!.url, 'default', headers, { replay: '2026-03-02T10:00', speed: '0' });
		expect(good.open).toBeDefined();
		good.open!.close();
	});
});
