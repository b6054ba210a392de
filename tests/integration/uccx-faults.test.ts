import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VigieEvent } from '../../src/lib/domain/event.ts';
import type { UccxConfig } from '../../src/lib/server/config.ts';
import { TrafficSimulator } from '../../src/lib/server/demo/traffic-simulator.ts';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { createLogger } from '../../src/lib/server/log.ts';
import { parseExportRequest } from '../../src/lib/server/reports/export-request.ts';
import { exportCsv, type ExportName } from '../../src/lib/server/reports/exports.ts';
import { EmulatedSite } from '../../src/lib/server/uccx/emulator/site.ts';
import { createHistoricalReader } from '../../src/lib/server/uccx/historical.ts';
import { createRealtimeReader, staleAfterMs } from '../../src/lib/server/uccx/realtime.ts';
import { testUccx } from '../../src/lib/server/uccx/self-test.ts';
import type { UccxPartStatus } from '../../src/lib/server/uccx/status.ts';
import { readSnapshots } from '../../src/lib/server/uccx/store.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { adminQuery } from '../support/postgres.ts';
import { createNodeDatabase, type EmulatedNodeDatabase } from '../support/uccx.ts';

const log = createLogger('silent');
const FROM = Date.parse('2026-03-02T06:00:00Z');
const MIDDAY = Date.parse('2026-03-02T09:00:00Z');
const UNTIL = Date.parse('2026-03-02T12:00:00Z');
const CUTOFF = Date.parse('2026-03-02T10:00:00Z');
const STEP_MS = 60_000;
const SEED = 9;

async function drain(t: TestDatabase) {
	while ((await applyPendingBatch(t.database.db, 5000)) > 0);
}

async function exported(t: TestDatabase, name: ExportName) {
	const request = parseExportRequest(new URLSearchParams({ from: '2026-03-02', to: '2026-03-02' }), 'Europe/Paris');
	const rows: Record<string, string>[] = parse(await text(exportCsv(t.database.db, name, request)), { columns: true });
	return rows.filter((row) => Date.parse(row.period_start!) < CUTOFF);
}

/** A node going down: its database refuses new connections and drops the open ones. */
async function cutNode(node: EmulatedNodeDatabase, up: boolean) {
	await adminQuery(`ALTER DATABASE ${node.name} WITH ALLOW_CONNECTIONS ${up}`);
	if (!up) await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${node.name}'`);
}

describe('UCCX connector faults', () => {
	let canonical: TestDatabase;
	let vigie: TestDatabase;
	let nodes: EmulatedNodeDatabase[];
	let site: EmulatedSite;
	let http: Server;
	let base: string;
	const canonicalEvents: VigieEvent[] = [];
	const simulator = new TrafficSimulator({ seed: SEED, timezone: 'Europe/Paris' });

	async function runUntil(until: number, from: number) {
		for (let t = from; t <= until; t += STEP_MS) {
			canonicalEvents.push(...simulator.advance(new Date(t)));
			await site.advance(new Date(t));
		}
	}

	beforeAll(async () => {
		[canonical, vigie, ...nodes] = (await Promise.all([
			createTestDatabase('postgres'),
			createTestDatabase('postgres'),
			createNodeDatabase(),
			createNodeDatabase()
		])) as [TestDatabase, TestDatabase, EmulatedNodeDatabase, EmulatedNodeDatabase];
		site = await EmulatedSite.start({
			nodeDatabaseUrls: nodes.map((n) => n.url),
			seed: SEED,
			timezone: 'Europe/Paris'
		});
		http = createServer((request, response) => {
			if (!site.handle(request, response)) response.writeHead(404).end();
		});
		await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
	}, 60_000);

	afterAll(async () => {
		await new Promise((resolve) => http?.close(resolve));
		await site?.close();
		for (const node of nodes ?? []) await cutNode(node, true).catch(() => {});
		await Promise.all([canonical?.dispose(), vigie?.dispose(), ...(nodes ?? []).map((n) => n.dispose())]);
	});

	it('a node lost mid-day and a restarted reader change no figure: the other node is read, nothing twice', async () => {
		const statuses: UccxPartStatus[] = [];
		const clock = { now: MIDDAY };
		const reader = () =>
			createHistoricalReader({
				database: vigie.database,
				log,
				connectionStrings: nodes.map((n) => n.odbc),
				nodeNames: ['uccx-pub', 'uccx-sub'],
				pollSeconds: 60,
				overlapSeconds: 7200,
				readAgentStates: true,
				onStatus: (status) => statuses.push(status),
				startAt: FROM - 3600_000,
				now: () => clock.now
			});
		await runUntil(MIDDAY, FROM);
		const first = reader();
		expect((await first.pollOnce()).accepted).toBeGreaterThan(100);
		expect(statuses.at(-1)).toMatchObject({ state: 'live', node: 'uccx-pub' });

		// uccx-pub goes down; UCCX goes on writing on uccx-sub.
		await cutNode(nodes[0]!, false);
		await site.setNodeUp(0, false);
		await runUntil(UNTIL, MIDDAY + STEP_MS);
		clock.now = UNTIL;
		await expect(first.pollOnce()).rejects.toThrow(/uccx-pub/);
		const again = await first.pollOnce();
		expect(again.accepted).toBeGreaterThan(100);
		expect(statuses.at(-1)).toMatchObject({ state: 'live', node: 'uccx-sub' });
		await first.stop();

		// A restart: a new reader with no memory reads the overlap again, and it counts once.
		const restarted = reader();
		const afterRestart = await restarted.pollOnce();
		expect(afterRestart.accepted).toBe(0);
		await restarted.stop();

		for (let i = 0; i < canonicalEvents.length; i += 5000) {
			await acceptEvents(canonical.database.db, itemsFromValues(canonicalEvents.slice(i, i + 5000)), 'test');
		}
		await Promise.all([drain(canonical), drain(vigie)]);
		for (const name of ['queues', 'agents', 'not_ready'] as const) {
			expect(await exported(vigie, name), name).toEqual(await exported(canonical, name));
		}
		await cutNode(nodes[0]!, true);
		await site.setNodeUp(0, true);
	}, 180_000);

	it('bad rows become dead letters naming the table, the key and the reason, once; the rest goes on', async () => {
		// A clock gone wrong on UCCX: a call three days ahead of the real one.
		const ahead = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
		const client = new pg.Client({ connectionString: nodes[1]!.url });
		await client.connect();
		try {
			await client.query(`INSERT INTO contactcalldetail (sessionid, sessionseqnum, nodeid, profileid, contacttype, contactdisposition, startdatetime, enddatetime)
				VALUES (990000000001, 0, 1, 1, 1, 2, '2026-03-02 11:30:00', '2026-03-02 11:31:00'),
					(990000000002, 0, 1, 1, 1, 1, '${ahead} 11:30:00', '${ahead} 11:31:00')`);
			await client.query(`INSERT INTO contactqueuedetail (sessionid, sessionseqnum, profileid, nodeid, targetid, targettype, qindex, disposition, queuetime, startdatetime, enddatetime)
				VALUES (990000000001, 0, 1, 1, 100, 0, 1, 9, 5, '2026-03-02 11:30:02', '2026-03-02 11:30:07'),
					(990000000002, 0, 1, 1, 100, 0, 1, 1, 5, '${ahead} 11:30:02', '${ahead} 11:30:07')`);
			await client.query(`INSERT INTO agentstatedetail (agentid, eventdatetime, gmtoffset, eventtype, reasoncode, profileid)
				VALUES (2000, '2026-03-02 11:45:00', 0, 42, 0, 1)`);
		} finally {
			await client.end();
		}
		const reader = createHistoricalReader({
			database: vigie.database,
			log,
			connectionStrings: [nodes[1]!.odbc],
			nodeNames: ['uccx-sub'],
			pollSeconds: 60,
			overlapSeconds: 7200,
			readAgentStates: true,
			onStatus: () => {},
			now: () => UNTIL
		});
		const result = await reader.pollOnce();
		expect(result.rejected).toBe(3);
		const letters = await vigie.database.db
			.selectFrom('dead_letters')
			.select(['source', 'error'])
			.where('source', 'like', 'uccx:%')
			.orderBy('source')
			.orderBy('error')
			.execute();
		expect(letters).toEqual([
			{
				source: 'uccx:AgentStateDetail',
				error: expect.stringMatching(
					/^AgentStateDetail \(agentID=2000, eventDateTime=2026-03-02 11:45:00.*\): unknown eventType 42/
				)
			},
			{
				source: 'uccx:ContactQueueDetail',
				error: expect.stringMatching(/^ContactQueueDetail \(sessionID=990000000001, .*\): unknown disposition 9/)
			},
			{
				source: 'uccx:ContactQueueDetail',
				error: expect.stringMatching(
					/^ContactQueueDetail \(sessionID=990000000002, .*\): call\.queued: at is more than a day in the future/
				)
			}
		]);
		// Read again: the same rows are not written twice.
		expect((await reader.pollOnce()).rejected).toBe(0);
		// And the row from the future did not carry the watermark into next week.
		const watermark = await vigie.database.db.selectFrom('uccx_watermarks').selectAll().execute();
		for (const row of watermark) expect(row.watermark.getTime()).toBeLessThanOrEqual(UNTIL + 5 * 60_000);
		await reader.stop();
	}, 60_000);

	it('RTSS: follows the master database, marks stopped snapshots stale since when they stopped, dead-letters broken rows', async () => {
		const statuses: UccxPartStatus[] = [];
		const clock = { now: Date.now() };
		const reader = createRealtimeReader({
			database: vigie.database,
			log,
			connectionStrings: nodes.map((n) => n.odbc),
			nodeNames: ['uccx-pub', 'uccx-sub'],
			nodeUrls: [`${base}/node1`, `${base}/node2`],
			pollSeconds: 5,
			onStatus: (status) => statuses.push(status),
			now: () => clock.now
		});
		await site.writeSnapshot(UNTIL);
		await reader.pollOnce();
		const snapshots = await readSnapshots(vigie.database.db);
		expect(snapshots.map((s) => s.csq).sort()).toEqual([
			'',
			'Comptes et accès',
			'Messagerie',
			'Support N1',
			'Support N2',
			'Téléphonie'
		]);
		expect(snapshots.every((s) => s.staleSince === null && s.node === 'uccx-pub')).toBe(true);
		expect(statuses.at(-1)).toMatchObject({ state: 'live', node: 'uccx-pub' });

		// A failover: uccx-sub holds the master database and the snapshots now.
		site.failOver();
		await site.writeSnapshot(UNTIL + 5000);
		clock.now += 31_000;
		await reader.pollOnce();
		expect(statuses.at(-1)).toMatchObject({ state: 'live', node: 'uccx-sub' });

		// RTSS writing turned off: the snapshots stop moving, and are stale since they stopped.
		const stoppedAt = clock.now;
		clock.now += staleAfterMs(5) + 1000;
		await reader.pollOnce();
		const stale = await readSnapshots(vigie.database.db);
		expect(stale.every((s) => s.staleSince === stoppedAt)).toBe(true);
		expect(statuses.at(-1)).toMatchObject({
			state: 'stale',
			error: expect.stringContaining('Real Time Snapshot Config')
		});

		// A broken row: a dead letter with the table, the key and the reason, and the other CSQs go on.
		const client = new pg.Client({ connectionString: nodes[1]!.url });
		await client.connect();
		await client.query(
			`UPDATE rtcsqssummary SET callswaiting = -3, enddatetime = enddatetime + interval '5 seconds' WHERE csqname = 'Messagerie'`
		);
		await client.query(
			`UPDATE rtcsqssummary SET enddatetime = enddatetime + interval '5 seconds' WHERE csqname <> 'Messagerie'`
		);
		await client.end();
		clock.now += 5000;
		await reader.pollOnce();
		const letters = await vigie.database.db
			.selectFrom('dead_letters')
			.select(['source', 'error'])
			.where('source', '=', 'uccx:RtCSQsSummary')
			.execute();
		expect(letters).toEqual([
			{
				source: 'uccx:RtCSQsSummary',
				error: 'RtCSQsSummary (csqName=Messagerie): callswaiting is not a count or a duration: -3'
			}
		]);
		expect(statuses.at(-1)).toMatchObject({ state: 'live', node: 'uccx-sub' });
		await reader.stop();
		site.failOver();
	}, 60_000);

	it('`vigie uccx test` names each misconfiguration it is given', async () => {
		const config = (over: Partial<UccxConfig>): UccxConfig => ({
			historical: null,
			realtime: null,
			nodes: [],
			finesse: null,
			...over
		});
		const historical = (odbc: string) =>
			config({ historical: { odbc: [odbc], pollSeconds: 60, overlapSeconds: 7200 } });
		const one = async (c: UccxConfig) => (await testUccx(c, { snapshotWaitMs: 0 }))[0]!;
		const good = nodes[1]!.odbc;

		expect(await one(historical(good))).toMatchObject({
			ok: true,
			text: expect.stringContaining('reads ContactCallDetail')
		});
		expect((await one(historical(good.replace('PostgreSQL Unicode', 'IBM INFORMIX ODBC DRIVER')))).text).toMatch(
			/ODBC driver is not installed/
		);
		expect((await one(historical('DSN=uccx_nowhere;UID=uccxhruser;PWD=secret'))).text).toMatch(
			/DSN is not in odbc.ini/
		);
		const refused = await one(
			historical(good.replace('Uid=postgres', 'Uid=uccxhruser').replace(/Pwd=[^;]*/, 'Pwd=s3cret'))
		);
		expect(refused.text).toMatch(/refused the user name or password/);
		expect(refused.text).not.toContain('s3cret');
		expect((await one(historical(good.replace(/Port=\d+/, 'Port=1')))).text).toMatch(/cannot be reached/);
		expect((await one(historical(good.replace(/Database=[^;]*/, 'Database=db_cra_nowhere')))).text).toMatch(
			/db_cra does not exist/
		);

		// RTSS off: the table empty; then written once and never again.
		const rtss = config({ realtime: { odbc: [nodes[0]!.odbc], pollSeconds: 5 } });
		await adminQuery(`SELECT 1`);
		const client = new pg.Client({ connectionString: nodes[0]!.url });
		await client.connect();
		await client.query('DELETE FROM rtcsqssummary');
		expect((await one(rtss)).text).toMatch(/RtCSQsSummary is empty: enable Real-Time Snapshot writing/);
		await client.end();
		await site.writeSnapshot(UNTIL + 60_000);
		// --quick does not watch it move: readable is all it says, with the last snapshot's time.
		expect(await one(rtss)).toMatchObject({ ok: true, text: expect.stringMatching(/last snapshot .*--quick/) });
		const notMoving = await testUccx(rtss, { snapshotWaitMs: 10 });
		expect(notMoving[0]).toMatchObject({
			ok: false,
			text: expect.stringMatching(/has not moved in 0 s.*Real Time Snapshot Config/)
		});

		// Nodes: which one is the master, and one that does not answer.
		const lines = await testUccx(
			config({
				nodes: [`${base}/node1`, 'http://127.0.0.1:1'],
				realtime: { odbc: [nodes[0]!.odbc, nodes[1]!.odbc], pollSeconds: 5 }
			}),
			{ snapshotWaitMs: 0 }
		);
		expect(lines[0]).toMatchObject({ ok: true, text: 'holds the master database (RTSS is read here)' });
		expect(lines[1]).toMatchObject({ ok: false, text: expect.stringContaining('listed as a wallboard server') });
	}, 60_000);
});
