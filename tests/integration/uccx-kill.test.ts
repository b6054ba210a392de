import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatedSite } from '../../src/lib/server/uccx/emulator/site.ts';
import { readWatermark, saveWatermark } from '../../src/lib/server/uccx/store.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { createNodeDatabase, emulateDay, exportedBefore, type EmulatedNodeDatabase } from '../support/uccx.ts';
import { VigieServer, vigieEnv } from '../support/vigie-process.ts';
import { delay, waitFor } from '../support/wait.ts';

/**
 * The connector killed mid-poll (SIGKILL: no clean-up of any kind), then started again: once it has read the
 * site again, the figures are those of the same calls posted as canonical events, nothing lost, nothing twice.
 * The day read is three days ago, so that the worker's real clock sees a past day, read in several slices.
 */
const DAY = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
const FROM = Date.parse(`${DAY}T04:00:00Z`);
const UNTIL = Date.parse(`${DAY}T16:00:00Z`);
/** Periods before this are complete on both sides (every call queued before it has ended and been written). */
const CUTOFF = Date.parse(`${DAY}T14:00:00Z`);
const SEED = 11;

describe('the UCCX connector killed mid-poll', () => {
	let canonical: TestDatabase;
	let vigie: TestDatabase;
	let node: EmulatedNodeDatabase;
	let site: EmulatedSite;

	beforeAll(async () => {
		[canonical, vigie, node] = await Promise.all([
			createTestDatabase('postgres'),
			createTestDatabase('postgres'),
			createNodeDatabase()
		]);
		site = await EmulatedSite.start({ nodeDatabaseUrls: [node.url], seed: SEED, timezone: 'Europe/Paris' });
		await emulateDay({ canonical, site, seed: SEED, timezone: 'Europe/Paris', from: FROM, until: UNTIL });
	}, 120_000);

	afterAll(async () => {
		await site?.close();
		await Promise.all([canonical?.dispose(), vigie?.dispose(), node?.dispose()]);
	});

	it('reads again from where it had saved, and the day comes out as if it had never been killed', async () => {
		// Where a reader that had been running before this day would stand: the day is read from here in slices.
		for (const table of ['ContactCallDetail', 'AgentStateDetail']) await saveWatermark(vigie.database.db, table, FROM);
		const env = vigieEnv({
			DATABASE_URL: vigie.url!,
			VIGIE_TIMEZONE: 'Europe/Paris',
			VIGIE_UCCX_HISTORICAL_ODBC: node.odbc,
			VIGIE_UCCX_HISTORICAL_POLL_S: '10'
		});
		const stored = async () =>
			Number(
				(
					await sql<{
						n: string;
					}>`SELECT (SELECT count(*) FROM pending_events) + (SELECT count(*) FROM events) AS n`.execute(
						vigie.database.db
					)
				).rows[0]!.n
			);
		const first = await VigieServer.start({ command: 'worker', env });
		// Killed as soon as the first events are in: the read of the day is under way.
		await waitFor('the first events read from UCCX', async () => (await stored()) > 0, 60_000, 5);
		await first.kill();
		const atKill = { events: await stored(), states: await readWatermark(vigie.database.db, 'AgentStateDetail') };
		// The states are read after the calls: the kill came before the day was read through.
		expect(atKill.states).toBe(FROM);

		const second = await VigieServer.start({ command: 'worker', env });
		try {
			await waitFor(
				'the day read again through to its end',
				async () => ((await readWatermark(vigie.database.db, 'AgentStateDetail')) ?? 0) >= UNTIL - 3600_000,
				120_000,
				200
			);
			await waitFor(
				'the worker to apply what was read',
				async () =>
					Number(
						(await sql<{ n: string }>`SELECT count(*) AS n FROM pending_events`.execute(vigie.database.db)).rows[0]!.n
					) === 0,
				60_000,
				200
			);
			await delay(500);
		} finally {
			await second.stop();
		}
		expect(await stored()).toBeGreaterThan(atKill.events);

		for (const name of ['queues', 'agents', 'not_ready'] as const) {
			const expected = await exportedBefore(canonical, name, DAY, CUTOFF);
			expect(expected.length, name).toBeGreaterThan(10);
			expect(await exportedBefore(vigie, name, DAY, CUTOFF), name).toEqual(expected);
		}
		const abandoned = async (t: TestDatabase) =>
			(await exportedBefore(t, 'abandoned', DAY, CUTOFF, 'queued_at')).map(({ call: _call, ...rest }) => rest);
		expect(await abandoned(vigie)).toEqual(await abandoned(canonical));
	}, 300_000);
});
