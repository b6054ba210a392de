import { spawn, type ChildProcess } from 'node:child_process';
import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { parseExportRequest } from '../../src/lib/server/reports/export-request.ts';
import { exportCsv } from '../../src/lib/server/reports/exports.ts';
import { countPendingEvents } from '../../src/lib/server/worker/apply-batch.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { adminQuery } from '../support/postgres.ts';
import { waitFor } from '../support/wait.ts';
import { expectedQueueRows } from '../support/oracle.ts';
import { simulatedTraffic } from '../support/traffic.ts';

const WORKER_NAME = 'vigie-worker-under-test';

/** A real `vigie worker` process on the test database, named so the test can find its connections. */
function startWorkerProcess(url: string): ChildProcess {
	const named = new URL(url);
	named.searchParams.set('application_name', WORKER_NAME);
	return spawn('node_modules/.bin/node', ['src/cli/vigie.js', 'worker'], {
		env: { ...process.env, DATABASE_URL: named.href, VIGIE_LOG_LEVEL: 'error' },
		stdio: ['ignore', 'ignore', 'inherit']
	});
}

async function exportedQueueRows(t: TestDatabase) {
	const request = parseExportRequest(new URLSearchParams({ from: '2026-03-02', to: '2026-03-02' }), 'Europe/Paris');
	return parse(await text(exportCsv(t.database.db, 'queues', request)), { columns: true }) as Record<string, string>[];
}

function expectOracleFigures(actual: Record<string, string>[], expected: ReturnType<typeof expectedQueueRows>) {
	expect(
		actual.map((r) => [r.period_start, r.queue, r.offered, r.answered, r.abandoned, r.dequeued].join(' '))
	).toEqual(expected.map((r) => [r.period_start, r.queue, r.offered, r.answered, r.abandoned, r.dequeued].join(' ')));
}

describe('the worker on postgres', () => {
	let t: TestDatabase;
	let worker: ChildProcess | null = null;
	beforeAll(async () => (t = await createTestDatabase('postgres')));
	afterEach(async () => {
		if (!worker) return;
		const killed = worker;
		worker = null;
		if (killed.exitCode === null && killed.signalCode === null) {
			const exited = new Promise((resolve) => killed.once('exit', resolve));
			killed.kill('SIGKILL');
			await exited;
		}
		// The next test looks for its worker's connections by name: this one's must be gone first.
		await waitFor(
			"the killed worker's connections to close",
			async () =>
				(await adminQuery(`SELECT 1 FROM pg_stat_activity WHERE application_name = '${WORKER_NAME}'`)).rowCount === 0,
			10_000
		);
	});
	afterAll(() => t?.dispose());

	it('loses nothing and counts nothing twice when killed with -9 at random moments', async () => {
		const events = simulatedTraffic('2026-03-02T05:00:00Z', '2026-03-02T16:00:00Z', 3);
		for (let i = 0; i < events.length; i += 2000)
			await acceptEvents(t.database.db, itemsFromValues(events.slice(i, i + 2000)), 'test');
		const total = await countPendingEvents(t.database.db);
		expect(total).toBe(events.length);

		for (let kill = 0; kill < 4; kill++) {
			worker = startWorkerProcess(t.url!);
			// Start-up (migration check, LISTEN) takes a moment; then kill somewhere inside the work.
			await waitFor(
				'the worker to start applying',
				async () => (await countPendingEvents(t.database.db)) < total || kill > 0,
				20_000
			);
			await new Promise((resolve) => setTimeout(resolve, Math.random() * 150));
			worker.kill('SIGKILL');
			await new Promise((resolve) => worker!.once('exit', resolve));
		}
		worker = startWorkerProcess(t.url!);
		await waitFor('every event to be applied', async () => (await countPendingEvents(t.database.db)) === 0, 60_000);
		expectOracleFigures(await exportedQueueRows(t), expectedQueueRows(events, 'Europe/Paris'));
	});

	it('waits through a database outage and resumes by itself', async () => {
		const dbName = new URL(t.url!).pathname.slice(1);
		worker = startWorkerProcess(t.url!);
		// Started means listening: a start against an unreachable database is meant to fail loudly instead.
		await waitFor(
			'the worker to listen',
			async () =>
				(
					await adminQuery(
						`SELECT 1 FROM pg_stat_activity WHERE application_name = '${WORKER_NAME}' AND query ILIKE 'LISTEN%'`
					)
				).rowCount! > 0,
			20_000
		);

		// The outage: new connections refused, the worker's current ones cut.
		await adminQuery(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
		await adminQuery(
			`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${WORKER_NAME}'`
		);
		const later = simulatedTraffic('2026-03-02T16:00:00Z', '2026-03-02T17:00:00Z', 3).map((e) => ({
			...e,
			id: `outage-${e.id}`
		}));
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(worker.exitCode).toBeNull();
		await adminQuery(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);

		// Accepted after the outage: the worker must be back and applying, woken by NOTIFY or its poll.
		const result = await acceptEvents(t.database.db, itemsFromValues(later), 'test');
		expect(result.accepted).toBe(later.length);
		await waitFor(
			'the worker to apply after the outage',
			async () => (await countPendingEvents(t.database.db)) === 0,
			30_000
		);
		expect(worker.exitCode).toBeNull();
	});
});
