import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/server/log.ts';
import type { ExportName } from '../../src/lib/server/reports/exports.ts';
import { EmulatedSite } from '../../src/lib/server/uccx/emulator/site.ts';
import { createHistoricalReader } from '../../src/lib/server/uccx/historical.ts';
import type { UccxPartStatus } from '../../src/lib/server/uccx/status.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import {
	createNodeDatabase,
	drainPending,
	emulateDay,
	exportedBefore,
	type EmulatedNodeDatabase
} from '../support/uccx.ts';
import { runVigie } from '../support/vigie-process.ts';

const FROM = Date.parse('2026-03-02T05:00:00Z');
const UNTIL = Date.parse('2026-03-02T13:00:00Z');
/** Figures of periods before this are complete on both sides: every call queued before it has ended and been written. */
const CUTOFF = Date.parse('2026-03-02T11:00:00Z');
const SEED = 5;

const log = createLogger('silent');

const exported = (t: TestDatabase, name: ExportName, dateColumn?: string) =>
	exportedBefore(t, name, '2026-03-02', CUTOFF, dateColumn);

describe('the UCCX historical tables read through the connector', () => {
	let canonical: TestDatabase;
	let viaUccx: TestDatabase;
	let node: EmulatedNodeDatabase;
	let site: EmulatedSite;
	const statuses: UccxPartStatus[] = [];

	beforeAll(async () => {
		[canonical, viaUccx, node] = await Promise.all([
			createTestDatabase('postgres'),
			createTestDatabase('postgres'),
			createNodeDatabase()
		]);
		site = await EmulatedSite.start({ nodeDatabaseUrls: [node.url], seed: SEED, timezone: 'Europe/Paris' });
		// The same floor twice: once as canonical events posted to Vigie, once as what UCCX writes for it.
		await emulateDay({ canonical, site, seed: SEED, timezone: 'Europe/Paris', from: FROM, until: UNTIL });
	}, 120_000);

	afterAll(async () => {
		await site?.close();
		await Promise.all([canonical?.dispose(), viaUccx?.dispose(), node?.dispose()]);
	});

	it('gives the same exports, figure for figure, as the same calls posted as canonical events', async () => {
		const reader = createHistoricalReader({
			database: viaUccx.database,
			log,
			connectionStrings: [node.odbc],
			nodeNames: ['uccx-pub'],
			pollSeconds: 60,
			overlapSeconds: 7200,
			readAgentStates: true,
			onStatus: (status) => statuses.push(status),
			startAt: FROM - 3600_000,
			now: () => UNTIL
		});
		const first = await reader.pollOnce();
		expect(first.rejected).toBe(0);
		expect(first.accepted).toBeGreaterThan(1000);
		await drainPending(viaUccx);

		for (const name of ['queues', 'agents', 'not_ready'] as const) {
			const expected = await exported(canonical, name);
			expect(expected.length, name).toBeGreaterThan(10);
			expect(await exported(viaUccx, name), name).toEqual(expected);
		}
		// Abandoned calls: the same ones, with UCCX's call ids instead of the simulator's.
		const abandoned = async (t: TestDatabase) =>
			(await exported(t, 'abandoned', 'queued_at')).map(({ call: _call, ...rest }) => rest);
		expect(await abandoned(viaUccx)).toEqual(await abandoned(canonical));

		expect(statuses.at(-1)).toMatchObject({ part: 'historical', state: 'live', node: 'uccx-pub', error: null });

		// Each agent's states carry the CSQs the agent serves, from UCCX's skills: per-queue agent figures work.
		const servedBy = async (t: TestDatabase) =>
			Object.fromEntries(
				(
					await t.database.db
						.selectFrom('agent_states')
						.select(['agent', 'queues'])
						.where('queues', 'is not', null)
						.distinctOn('agent')
						.orderBy('agent')
						.execute()
				).map((row) => [row.agent, [...(row.queues as string[])].sort()])
			);
		const expectedQueues = await servedBy(canonical);
		expect(Object.keys(expectedQueues).length).toBeGreaterThan(10);
		expect(await servedBy(viaUccx)).toEqual(expectedQueues);
		await reader.stop();
	}, 120_000);

	it('reads each row once: a second read, and a restarted reader, add nothing', async () => {
		const options = {
			database: viaUccx.database,
			log,
			connectionStrings: [node.odbc],
			nodeNames: ['uccx-pub'],
			pollSeconds: 60,
			overlapSeconds: 7200,
			readAgentStates: true,
			onStatus: () => {},
			now: () => UNTIL
		};
		const again = createHistoricalReader(options);
		const second = await again.pollOnce();
		// A new reader has no memory of what was sent: it re-reads the overlap, and the intake counts it once.
		expect(second.accepted).toBe(0);
		expect(second.duplicates).toBeGreaterThan(0);
		const third = await again.pollOnce();
		expect(third).toMatchObject({ accepted: 0, duplicates: 0, rejected: 0 });
		await again.stop();
	}, 60_000);

	it('`vigie uccx history` imports a range of days as an operator runs it, and refuses a bad range', async () => {
		const imported = await createTestDatabase('postgres');
		try {
			const env = {
				DATABASE_URL: imported.url!,
				VIGIE_TIMEZONE: 'Europe/Paris',
				VIGIE_UCCX_HISTORICAL_ODBC: node.odbc
			};
			const run = await runVigie(['uccx', 'history', '--from', '2026-03-02', '--to', '2026-03-02'], env);
			expect(run.stderr).not.toMatch(/error/i);
			expect(run).toMatchObject({
				code: 0,
				stdout: expect.stringMatching(/^accepted [1-9]\d+, duplicates 0, rejected 0 in \d+ s$/m)
			});
			await drainPending(imported);
			for (const name of ['queues', 'agents', 'not_ready'] as const) {
				expect(await exported(imported, name), name).toEqual(await exported(canonical, name));
			}
			// Run again: everything is already there.
			const again = await runVigie(['uccx', 'history', '--from', '2026-03-02', '--to', '2026-03-02'], env);
			expect(again.stdout).toMatch(/^accepted 0, duplicates [1-9]\d+, rejected 0/m);

			const bad = await runVigie(['uccx', 'history', '--from', '2026-13-02'], env);
			expect(bad).toMatchObject({
				code: 1,
				stderr: expect.stringContaining('"2026-13-02" is not a day like 2026-03-02')
			});
			const reversed = await runVigie(['uccx', 'history', '--from', '2026-03-02', '--to', '2026-03-01'], env);
			expect(reversed).toMatchObject({
				code: 1,
				stderr: expect.stringContaining('--to 2026-03-01 is before --from 2026-03-02')
			});
		} finally {
			await imported.dispose();
		}
	}, 180_000);
});
