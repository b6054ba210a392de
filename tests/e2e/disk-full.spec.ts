/**
 * Issue #11, faults: the database's disk is full. The intake refuses with 503 (send again), a request is stored
 * whole or not at all, Vigie stays up, and once space returns the refused events, sent again, make the figures
 * exact.
 *
 * The disk: a small tmpfs mounted for the test (it needs root, as CI runs) holding a tablespace of a PostgreSQL
 * of the test's own; the database lives there, its WAL on the ordinary disk, as when a data volume fills up.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type TestInfo } from '@playwright/test';
import pg from 'pg';
import { Calls, type CanonicalEvent } from '../support/events.ts';
import { adminQuery } from '../support/postgres.ts';
import { PostgresCluster } from '../support/postgres-cluster.ts';
import { createToken, vigieEnv, VigieServer } from '../support/vigie-process.ts';
import { waitFor } from '../support/wait.ts';

const QUEUE = 'Disque plein';
const DISK_MB = 48;

async function post(url: string, token: string, events: CanonicalEvent[]): Promise<number> {
	const response = await fetch(`${url}/api/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
		body: events.map((e) => JSON.stringify(e)).join('\n')
	});
	await response.text();
	return response.status;
}

test.describe('the database disk full', () => {
	let cluster: PostgresCluster;
	let disk: string;
	let server: VigieServer | undefined;

	test.beforeAll(async () => {
		if (process.getuid?.() !== 0) throw new Error('this test mounts a small tmpfs as the full disk: run it as root');
		cluster = await PostgresCluster.create();
		disk = path.join(cluster.dir, 'disk');
		fs.mkdirSync(disk);
		execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_MB}M,mode=0700`, 'tmpfs', disk]);
		execFileSync('chown', ['postgres:postgres', disk]);
	});
	test.afterAll(async () => {
		if (!cluster) return;
		if (cluster.running) cluster.stop('immediate');
		if (disk) execFileSync('umount', [disk]);
		cluster.dispose();
	});
	test.afterEach(async ({}, testInfo: TestInfo) => {
		if (testInfo.status !== testInfo.expectedStatus) {
			if (server) console.error(`vigie start output:\n${server.output.slice(-3000)}`);
			console.error(`postgres log:\n${cluster.logTail(30)}`);
		}
		await server?.kill();
	});

	test('the intake refuses with 503 and applies nothing half; figures are exact once space returns', async () => {
		await adminQuery(`CREATE TABLESPACE full_disk LOCATION '${disk}'`, cluster.url());
		await adminQuery('CREATE DATABASE vigie_full TABLESPACE full_disk', cluster.url());
		const databaseUrl = cluster.url('vigie_full');
		const env = vigieEnv({ DATABASE_URL: databaseUrl, VIGIE_DEMO: '0' });
		const ingest = await createToken(env, 'ingest', 'connector');
		const manager = await createToken(env, 'manager', 'manager');
		server = await VigieServer.start({ command: 'start', env });

		// Fill the disk: a file takes every free byte of the tmpfs but a little.
		const filler = path.join(disk, 'filler');
		const { bavail, bsize } = fs.statfsSync(disk);
		execFileSync('fallocate', ['-l', String(Math.max(0, bavail * bsize - 256 * 1024)), filler]);

		const calls = new Calls();
		const accepted: CanonicalEvent[][] = [];
		const refused: CanonicalEvent[][] = [];
		for (let i = 0; i < 200 && refused.length < 3; i++) {
			const { events } = calls.queue(QUEUE, 300);
			const status = await post(server.url, ingest, events);
			expect([200, 503], `POST /api/events answered ${status}`).toContain(status);
			(status === 200 ? accepted : refused).push(events);
		}
		expect(refused.length, 'the intake never refused: the disk did not fill').toBe(3);
		expect(server.alive).toBe(true);

		// Nothing half applied: exactly the accepted requests' events are stored.
		const client = new pg.Client({ connectionString: databaseUrl });
		await client.connect();
		try {
			const stored = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
			expect(stored.rows[0]!.n).toBe(accepted.flat().length);
		} finally {
			await client.end();
		}

		// Space returns: the refused requests are sent again and everything reaches the figures.
		fs.rmSync(filler);
		for (const events of refused) {
			await waitFor(
				'a refused request to be accepted',
				async () => (await post(server!.url, ingest, events)) === 200,
				30_000,
				500
			);
		}
		const everyCall = [...accepted, ...refused].flat().length;
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
		await waitFor(
			'every call in the day’s figures',
			async () => {
				const response = await fetch(
					`${server!.url}/api/export/queues.csv?from=${today}&to=${today}&interval=day&queue=${encodeURIComponent(QUEUE)}`,
					{ headers: { authorization: `Bearer ${manager}` } }
				);
				if (response.status !== 200) return false;
				const [header, row] = (await response.text()).trim().split('\n');
				if (!row) return false;
				return Number(row.split(',')[header!.split(',').indexOf('offered')]) === everyCall;
			},
			60_000,
			500
		);
		expect(server.alive).toBe(true);
	});
});
