/**
 * Two sites with a real streaming replica (issue #11 item 3, docs/fr/deux-sites.md §5): a primary and its replica
 * (`pg_basebackup -R`), each a PostgreSQL of the test's own on a free port. Vigie runs as the design says — a web
 * on each site and the worker beside the primary, all on the primary — while a connector posts to the second site's
 * web and a screen is open on it. The first site is lost (its PostgreSQL stopped in immediate mode, its web and
 * worker killed); the operator follows the document: promote the replica (`pg_ctl promote`), point the surviving
 * web's DATABASE_URL at it and restart it, start a worker there. The connector re-sends its overlap. The figures,
 * on the screen and in the export, must equal what was sent: nothing acknowledged lost, nothing counted twice.
 * Then the way back (§5, "Retour"): the first site rebuilt as a replica of the new primary, switched over, and
 * the figures still exact.
 *
 * `pg` (node-postgres 8.23) has no multi-host connection string nor `target_session_attrs` (libpq's; an open
 * pull request only), so Vigie follows the promotion by the operator's step, not by itself.
 */
import { expect, test, type TestInfo } from '@playwright/test';
import { pendingEvents, Poster, todaysFigures } from '../support/connector.ts';
import type { CanonicalEvent } from '../support/events.ts';
import { PostgresCluster } from '../support/postgres-cluster.ts';
import { createToken, vigieEnv, VigieServer } from '../support/vigie-process.ts';
import { waitFor } from '../support/wait.ts';

const QUEUE = 'Bascule';
/** Contract §3: stale within 10 s of losing the data, with slack for a loaded machine. */
const STALE_WITHIN_MS = 15_000;

test.describe('a PostgreSQL replica promoted on the other site', () => {
	const clusters: PostgresCluster[] = [];
	const servers: VigieServer[] = [];

	test.afterEach(async ({}, testInfo: TestInfo) => {
		if (testInfo.status !== testInfo.expectedStatus) {
			for (const s of servers) console.error(`vigie ${s.options.command} ${s.url}:\n${s.output.slice(-2000)}`);
			for (const c of clusters) console.error(`postgres ${c.port}:\n${c.logTail(30)}`);
		}
		for (const s of servers) await s.kill();
		for (const c of clusters) c.dispose();
	});

	/** The ids of the acknowledged events a cluster does not hold. */
	function missingOn(cluster: PostgresCluster, acknowledged: CanonicalEvent[][]): string[] {
		const held = new Set(cluster.sql('SELECT id FROM events', 'vigie').split('\n'));
		return acknowledged
			.flat()
			.filter((e) => !held.has(e.id))
			.map((e) => e.id);
	}

	test('Vigie follows the promotion: nothing acknowledged lost, nothing counted twice, and back', async ({
		browser
	}, testInfo) => {
		test.setTimeout(240_000);
		// Rennes: the primary. Mont Valérien: its streaming replica.
		const rennesDb = await PostgresCluster.create();
		clusters.push(rennesDb);
		rennesDb.sql('CREATE DATABASE vigie');
		const mvDb = await PostgresCluster.replicaOf(rennesDb);
		clusters.push(mvDb);
		expect(mvDb.sql('SELECT pg_is_in_recovery()')).toBe('t');

		const onRennes = vigieEnv({ DATABASE_URL: rennesDb.url('vigie'), VIGIE_DEMO: '0' });
		const ingest = await createToken(onRennes, 'ingest', 'connector');
		const viewer = await createToken(onRennes, 'viewer', 'kiosk');
		const manager = await createToken(onRennes, 'manager', 'manager');
		// Web on both sites, the worker beside the primary, everything on the primary (deux-sites.md §1).
		const rennesWeb = await VigieServer.start({ command: 'web', env: onRennes });
		const rennesWorker = await VigieServer.start({ command: 'worker', env: onRennes });
		let mvWeb = await VigieServer.start({ command: 'web', env: onRennes });
		servers.push(rennesWeb, rennesWorker, mvWeb);

		const page = await browser.newPage();
		await page.goto(`${mvWeb.url}/wall/default?token=${viewer}`);
		const connection = page.locator('main[data-connection]');
		const waiting = page.locator(`[data-metric="waiting"][data-queue="${QUEUE}"]`);
		await expect(connection).toHaveAttribute('data-connection', 'live');

		const poster = new Poster(mvWeb.url, ingest, QUEUE);
		await waitFor('batches acknowledged on the primary', () => poster.accepted >= 40, 60_000, 100);
		await waitFor(
			'the worker to apply them',
			() => Number(rennesDb.sql('SELECT count(*) FROM pending_events', 'vigie')) < 50,
			30_000,
			200
		);

		// The loss of Rennes: its PostgreSQL as in a power cut, its web and worker with it.
		rennesDb.stop('immediate');
		const acknowledgedBeforeLoss = poster.acknowledged.slice();
		await rennesWeb.kill();
		await rennesWorker.kill();
		await expect(connection).toHaveAttribute('data-connection', 'stale', { timeout: STALE_WITHIN_MS });
		expect(mvWeb.alive, 'the surviving web must wait, not die').toBe(true);

		// The operator's failover (deux-sites.md §5): 2. promote the replica …
		mvDb.promote();
		expect(mvDb.sql('SELECT pg_is_in_recovery()')).toBe('f');
		// Asynchronous replication: what the primary acknowledged in its last instant may be missing here.
		const lost = missingOn(mvDb, acknowledgedBeforeLoss);
		testInfo.annotations.push({
			type: 'replication',
			description: `${acknowledgedBeforeLoss.flat().length} events acknowledged before the loss, ${lost.length} missing on the promoted replica`
		});
		console.log(
			`replica promotion: ${acknowledgedBeforeLoss.flat().length} events acknowledged, ${lost.length} missing after promotion`
		);

		// … 3. point the surviving web's DATABASE_URL at the promoted base and restart it, 4. start a worker there.
		const onMontValerien = vigieEnv({ DATABASE_URL: mvDb.url('vigie'), VIGIE_DEMO: '0' });
		// `systemctl restart` sends SIGTERM: the web must stop by itself while its database is unreachable, well
		// within the unit's TimeoutStopSec (20 s), not wait to be killed.
		const stopping = Date.now();
		await mvWeb.stop();
		expect(Date.now() - stopping, 'the web stopped on SIGTERM with its database gone').toBeLessThan(12_000);
		mvWeb = await VigieServer.start({ command: 'web', env: onMontValerien, port: mvWeb.options.port });
		const mvWorker = await VigieServer.start({ command: 'worker', env: onMontValerien });
		servers.push(mvWeb, mvWorker);

		const acceptedAtFailover = poster.accepted;
		await waitFor(
			'batches acknowledged by the promoted base',
			() => poster.accepted >= acceptedAtFailover + 20,
			60_000,
			100
		);
		await poster.stop();
		await poster.resendUnanswered();
		// The connector re-reads its overlap (the UCCX one: VIGIE_UCCX_OVERLAP_S): everything before the loss again.
		await poster.replay(acknowledgedBeforeLoss);
		expect(missingOn(mvDb, poster.acknowledged)).toEqual([]);

		await waitFor(
			'every event in the figures',
			async () => (await pendingEvents(mvWeb.url, viewer)) === 0,
			60_000,
			250
		);
		const expected = poster.expected();
		expect(await todaysFigures(mvWeb.url, manager, QUEUE)).toEqual({
			offered: expected.offered,
			abandoned: expected.abandoned
		});
		await expect(connection).toHaveAttribute('data-connection', 'live', { timeout: 30_000 });
		await expect(waiting).toHaveText(String(expected.waiting), { timeout: 10_000 });

		// The way back (§5, "Retour"): Rennes rebuilt as a replica of Mont Valérien …
		const rennesAgain = await PostgresCluster.replicaOf(mvDb);
		clusters.push(rennesAgain);
		// … Mont Valérien's Vigie stopped, then its PostgreSQL (a clean stop sends its last WAL to the replica) …
		await mvWorker.stop();
		await mvWeb.stop();
		const lastLsn = mvDb.sql('SELECT pg_current_wal_lsn()');
		mvDb.stop('fast');
		expect(rennesAgain.sql(`SELECT pg_last_wal_replay_lsn() >= '${lastLsn}'::pg_lsn`)).toBe('t');
		// … Rennes promoted, DATABASE_URL back on it, web and worker started there.
		rennesAgain.promote();
		const backOnRennes = vigieEnv({ DATABASE_URL: rennesAgain.url('vigie'), VIGIE_DEMO: '0' });
		const webBack = await VigieServer.start({ command: 'web', env: backOnRennes, port: mvWeb.options.port });
		servers.push(webBack, await VigieServer.start({ command: 'worker', env: backOnRennes }));
		expect(await todaysFigures(webBack.url, manager, QUEUE)).toEqual({
			offered: expected.offered,
			abandoned: expected.abandoned
		});
		await expect(connection).toHaveAttribute('data-connection', 'live', { timeout: 30_000 });
		await expect(waiting).toHaveText(String(expected.waiting), { timeout: 10_000 });
		// New traffic after the way back counts too.
		const after = new Poster(webBack.url, ingest, QUEUE);
		await waitFor('batches acknowledged after the way back', () => after.accepted >= 5, 30_000, 100);
		await after.stop();
		await after.resendUnanswered();
		await waitFor(
			'every event in the figures',
			async () => (await pendingEvents(webBack.url, viewer)) === 0,
			60_000,
			250
		);
		const offered = expected.offered + after.expected().offered;
		const abandoned = expected.abandoned + after.expected().abandoned;
		expect(await todaysFigures(webBack.url, manager, QUEUE)).toEqual({ offered, abandoned });
		await expect(waiting).toHaveText(String(offered - abandoned), { timeout: 10_000 });
	});
});
