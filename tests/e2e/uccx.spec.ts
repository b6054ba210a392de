import { expect, test } from '@playwright/test';
import pg from 'pg';
import { startEmulatedFinesse, type EmulatedFinesse } from '../../src/lib/server/uccx/emulator/finesse.ts';
import { EmulatedSite } from '../../src/lib/server/uccx/emulator/site.ts';
import { createNodeDatabase, type EmulatedNodeDatabase } from '../support/uccx.ts';
import { runVigie, startVigieOnPostgres, type VigieOnPostgres } from '../support/vigie-process.ts';

/** UTC wall-clock text, as UCCX writes its times. */
const uccxNow = () => new Date().toISOString().replace('T', ' ').slice(0, 19);

test.describe('a UCCX site read live: RTSS figures on the wall', () => {
	let node: EmulatedNodeDatabase;
	let site: EmulatedSite;
	let vigie: VigieOnPostgres<'viewer'>;
	let uccx: pg.Client;

	test.beforeAll(async () => {
		node = await createNodeDatabase();
		// The emulated site only creates db_cra's tables and configuration here; the test writes the snapshots.
		site = await EmulatedSite.start({ nodeDatabaseUrls: [node.url] });
		uccx = new pg.Client({ connectionString: node.url });
		await uccx.connect();
		vigie = await startVigieOnPostgres(['viewer'], {
			VIGIE_UCCX_REALTIME_ODBC: node.odbc,
			VIGIE_UCCX_REALTIME_POLL_S: '1',
			VIGIE_TIMEZONE: 'UTC'
		});
	});

	test.afterAll(async () => {
		await vigie?.stop();
		await uccx?.end();
		await site?.close();
		await node?.dispose();
	});

	async function writeSnapshot(csq: string, figures: Record<string, number>) {
		const columns = Object.keys(figures);
		await uccx.query(`DELETE FROM rtcsqssummary WHERE csqname = $1`, [csq]);
		await uccx.query(
			`INSERT INTO rtcsqssummary (csqname, ${columns.join(', ')}, startdatetime, enddatetime)
			VALUES ($1, ${columns.map((_, i) => `$${i + 2}`).join(', ')}, $${columns.length + 2}, $${columns.length + 3})`,
			[csq, ...Object.values(figures), `${new Date().toISOString().slice(0, 10)} 00:00:00`, uccxNow()]
		);
	}

	test('a snapshot reaches the tile within one interval, the longest wait ticks, and a stopped one goes stale', async ({
		page
	}) => {
		await writeSnapshot('Support N1', {
			callswaiting: 7,
			oldestcontact: 65_000,
			loggedinagents: 9,
			availableagents: 3,
			unavailableagents: 2,
			talkingagents: 3,
			workingagents: 1,
			reservedagents: 0,
			totalcalls: 120,
			callshandled: 100,
			callsabandoned: 12,
			callsdequeued: 3
		});
		await page.goto(`${vigie.server.url}/wall/default?token=${vigie.tokens.viewer}`);
		const tile = page.locator('[data-queue="Support N1"]').first();
		const figure = (metric: string) => page.locator(`[data-metric="${metric}"][data-queue="Support N1"]`);
		// One interval (1 s) plus the way to the screen.
		await expect(figure('waiting')).toHaveText('7', { timeout: 5000 });
		await expect(figure('offered')).toHaveText('120');
		await expect(figure('answered')).toHaveText('100');
		await expect(figure('agents_ready')).toHaveText('3');
		await expect(figure('agents_talking')).toHaveText('3');
		await expect(figure('agents_not_ready')).toHaveText('2');
		// Longest call in queue: 1:05 at the snapshot, ticking on the screen between snapshots.
		const longest = async () => (await figure('longest_waiting').textContent())!.trim();
		const first = await longest();
		expect(first).toMatch(/^1:0\d$/);
		await expect.poll(longest, { timeout: 4000 }).not.toBe(first);

		const changedAt = Date.now();
		await writeSnapshot('Support N1', { callswaiting: 12, oldestcontact: 5000, loggedinagents: 9, availableagents: 1 });
		await expect(figure('waiting')).toHaveText('12', { timeout: 5000 });
		const delay = Date.now() - changedAt;
		test.info().annotations.push({ type: 'rtss-to-screen-ms', description: String(delay) });
		expect(delay).toBeLessThan(1000 + 2500);
		await expect(page.locator('[data-connection]').first()).toHaveAttribute('data-connection', 'live');

		// Supervision while it reads: /readyz and /metrics name the part and its node, `vigie check uccx` is OK.
		const auth = { headers: { authorization: `Bearer ${vigie.tokens.viewer}` } };
		const ready = await (await fetch(`${vigie.server.url}/readyz`, auth)).json();
		expect(ready.uccx.realtime).toMatchObject({ state: 'live', node: expect.any(String) });
		const metrics = await (await fetch(`${vigie.server.url}/metrics`, auth)).text();
		expect(metrics).toMatch(/^vigie_uccx_up\{part="realtime"[^}]*\} 1$/m);
		const check = await runVigie(['check', 'uccx', '--url', vigie.server.url, '--token', vigie.tokens.viewer], {});
		expect(check).toMatchObject({ code: 0, stdout: expect.stringMatching(/^VIGIE UCCX OK - realtime live/) });

		// UCCX stops writing: after three intervals the tile (only it) says it is stale, and since when.
		await expect(tile.locator('xpath=ancestor-or-self::*[@data-connection][1]')).toHaveAttribute(
			'data-connection',
			'stale',
			{ timeout: 10_000 }
		);
		await expect(page.locator('[data-stale-since]').first()).toBeVisible();
		// … and supervision says so: a stopped snapshot is not OK.
		const stale = await runVigie(['check', 'uccx', '--url', vigie.server.url, '--token', vigie.tokens.viewer], {});
		expect(stale.code).toBeGreaterThan(0);
		expect(stale.stdout).toMatch(/^VIGIE UCCX (WARNING|CRITICAL) - .*realtime stale/);
	});
});

test.describe('a UCCX site read live: Finesse agent states on the wall', () => {
	let finesse: EmulatedFinesse;
	let vigie: VigieOnPostgres<'viewer'>;
	const team = { id: '7', name: 'Équipe Support' };
	const agent = (state: string, at: number, reason?: string) => ({
		loginId: 'marie.martin',
		firstName: 'Marie',
		lastName: 'Martin',
		teamId: team.id,
		teamName: team.name,
		state,
		stateChangeTime: at,
		...(reason ? { reasonCode: { code: 12, label: reason, category: 'NOT_READY' as const, id: 12 } } : {})
	});

	test.beforeAll(async () => {
		finesse = await startEmulatedFinesse({ teams: [team] });
		// Marie is already at work when Vigie starts: the REST picture gives her state.
		finesse.finesse.setAgents([agent('READY', Date.now() - 60_000)]);
		vigie = await startVigieOnPostgres(['viewer'], {
			VIGIE_FINESSE_URL: finesse.config.urls.join(','),
			VIGIE_FINESSE_USER: finesse.config.user,
			VIGIE_FINESSE_PASSWORD: finesse.config.password,
			VIGIE_FINESSE_TEAMS: team.id,
			VIGIE_FINESSE_XMPP_URL: finesse.config.xmppUrl!
		});
		const db = new pg.Client({ connectionString: vigie.database.url });
		await db.connect();
		await db.query(
			`INSERT INTO screens (name, layout, queues) VALUES ('agents-uccx', 'agents', NULL) ON CONFLICT DO NOTHING`
		);
		await db.end();
	});

	test.afterAll(async () => {
		await vigie?.stop();
		await finesse?.stop();
	});

	test('the REST picture at start, then each change within a second, with its reason label', async ({ page }) => {
		await page.goto(`${vigie.server.url}/wall/agents-uccx?token=${vigie.tokens.viewer}`);
		const state = page.locator('[data-metric="agent_state"][data-agent="marie.martin"]');
		await expect(state).toBeVisible({ timeout: 10_000 });
		await expect(state).toHaveText('Disponible');

		const changedAt = Date.now();
		await finesse.finesse.agentChanged(agent('NOT_READY', changedAt, 'Déjeuner'));
		await expect(page.locator('[data-metric="not_ready_reason"][data-agent="marie.martin"]')).toHaveText('Déjeuner', {
			timeout: 3000
		});
		const delay = Date.now() - changedAt;
		test.info().annotations.push({ type: 'finesse-to-screen-ms', description: String(delay) });
		expect(delay).toBeLessThan(1000 + 500); // within a second, plus the browser's own polling of the page
	});
});
