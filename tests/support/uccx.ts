import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import type { VigieEvent } from '../../src/lib/domain/event.ts';
import { TrafficSimulator } from '../../src/lib/server/demo/traffic-simulator.ts';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { parseExportRequest } from '../../src/lib/server/reports/export-request.ts';
import { exportCsv, type ExportName } from '../../src/lib/server/reports/exports.ts';
import type { EmulatedSite } from '../../src/lib/server/uccx/emulator/site.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import type { TestDatabase } from './databases.ts';
import { postgresOdbcConnectionString } from '../../src/lib/server/uccx/emulator/connection.ts';
import { adminQuery, TEST_DATABASE_URL } from './postgres.ts';

/** A fresh PostgreSQL database for an emulated UCCX node, with its ODBC connection string; dropped by `dispose`. */
export interface EmulatedNodeDatabase {
	url: string;
	odbc: string;
	name: string;
	dispose(): Promise<void>;
}

export async function createNodeDatabase(): Promise<EmulatedNodeDatabase> {
	const name = `vigie_uccx_${randomBytes(6).toString('hex')}`;
	await adminQuery(`CREATE DATABASE ${name}`);
	const url = new URL(TEST_DATABASE_URL);
	url.pathname = `/${name}`;
	return {
		url: url.href,
		odbc: postgresOdbcConnectionString(url.href),
		name,
		async dispose() {
			await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		}
	};
}

/**
 * The same floor twice, for the tests that compare the connector with the canonical path: the traffic simulator's
 * events of [from, until] posted to `canonical` (and applied), and the rows UCCX writes for the same calls in `site`.
 */
export async function emulateDay(options: {
	canonical: TestDatabase;
	site: EmulatedSite;
	seed: number;
	timezone: string;
	from: number;
	until: number;
}): Promise<void> {
	const { canonical, site, from, until } = options;
	const simulator = new TrafficSimulator({ seed: options.seed, timezone: options.timezone });
	const events: VigieEvent[] = [];
	for (let t = from; t <= until; t += 60_000) {
		events.push(...simulator.advance(new Date(t)));
		await site.advance(new Date(t));
	}
	for (let i = 0; i < events.length; i += 5000) {
		await acceptEvents(canonical.database.db, itemsFromValues(events.slice(i, i + 5000)), 'test');
	}
	await drainPending(canonical);
}

/** Applies every pending event, as a worker would. */
export async function drainPending(t: TestDatabase): Promise<void> {
	while ((await applyPendingBatch(t.database.db, 5000)) > 0);
}

/**
 * An export of one day in 15-minute periods, as rows, keeping those before `cutoff` (periods every call of which
 * has ended and been written on both sides); `dateColumn` is the row's time.
 */
export async function exportedBefore(
	t: TestDatabase,
	name: ExportName,
	day: string,
	cutoff: number,
	dateColumn = 'period_start'
): Promise<Record<string, string>[]> {
	const request = parseExportRequest(new URLSearchParams({ from: day, to: day, interval: '15' }), 'Europe/Paris');
	const rows: Record<string, string>[] = parse(await text(exportCsv(t.database.db, name, request)), { columns: true });
	return rows.filter((row) => Date.parse(row[dateColumn]!) < cutoff);
}
