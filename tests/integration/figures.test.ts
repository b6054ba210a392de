import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { parseExportRequest } from '../../src/lib/server/reports/export-request.ts';
import { exportCsv, type ExportName } from '../../src/lib/server/reports/exports.ts';
import { applyPendingBatch, countPendingEvents } from '../../src/lib/server/worker/apply-batch.ts';
import { createTestDatabase, DATABASE_KINDS, resetData, type TestDatabase } from '../support/databases.ts';
import { expectedAgentRows, expectedQueueRows, type Row } from '../support/oracle.ts';
import { shuffled, simulatedTraffic } from '../support/traffic.ts';

const ZONE = 'Europe/Paris';

async function exported(t: TestDatabase, name: ExportName, from: string, to: string): Promise<Row[]> {
	const request = parseExportRequest(new URLSearchParams({ from, to, interval: '15' }), ZONE);
	const csv = await text(exportCsv(t.database.db, name, request));
	return parse(csv, {
		columns: true,
		cast: (value, context) =>
			context.header || value === '' || isNaN(Number(value)) ? (value === '' ? null : value) : Number(value)
	});
}

/** Exported figures carry at most 2 decimals: numbers agree to that precision, everything else exactly. */
function expectSameRows(actual: Row[], expected: Row[]) {
	expect(actual.length).toBe(expected.length);
	actual.forEach((row, i) => {
		const want = expected[i]!;
		expect(Object.keys(row)).toEqual(Object.keys(want));
		for (const [column, value] of Object.entries(row)) {
			const wanted = want[column];
			const where = `row ${i + 1} (${want.period_start} ${want.queue ?? want.agent}), ${column}`;
			if (typeof value === 'number' && typeof wanted === 'number') {
				expect(Math.abs(value - wanted), `${where}: ${value} vs ${wanted}`).toBeLessThanOrEqual(0.005 + 1e-9);
			} else {
				expect(value, where).toEqual(wanted);
			}
		}
	});
}

async function applyAll(t: TestDatabase, batchSize: number) {
	while ((await applyPendingBatch(t.database.db, batchSize)) > 0);
	expect(await countPendingEvents(t.database.db)).toBe(0);
}

describe.each(DATABASE_KINDS)('figures of a day of traffic on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => (t = await createTestDatabase(kind)));
	afterAll(() => t?.dispose());

	it('export exactly what the contract definitions give, whatever the order, duplicates or bad lines', async () => {
		await resetData(t.database);
		// A weekday morning in Paris, 06:00 to 14:00 local.
		const events = simulatedTraffic('2026-03-02T05:00:00Z', '2026-03-02T13:00:00Z');
		expect(events.length).toBeGreaterThan(3000);

		// Posted shuffled, a tenth of them twice, with a few bad lines, in requests of 700 lines.
		const duplicates = events.filter((_, i) => i % 10 === 0);
		const bad = [{ id: 'bad1', type: 'call.teleported', at: '2026-03-02T08:00:00Z' }, { id: 'bad2' }, 'nonsense'];
		const lines = shuffled([...events, ...duplicates, ...bad], 42);
		let accepted = 0;
		let rejected = 0;
		for (let i = 0; i < lines.length; i += 700) {
			const result = await acceptEvents(t.database.db, itemsFromValues(lines.slice(i, i + 700)), 'test');
			accepted += result.accepted;
			rejected += result.rejected.length;
			// Apply as we go, in small batches: late events land in periods already aggregated.
			await applyAll(t, 337);
		}
		expect(accepted).toBe(events.length);
		expect(rejected).toBe(bad.length);

		expectSameRows(await exported(t, 'queues', '2026-03-02', '2026-03-02'), expectedQueueRows(events, ZONE));
		const agents = expectedAgentRows(events, ZONE);
		expectSameRows(await exported(t, 'agents', '2026-03-02', '2026-03-02'), agents.agents);
		expectSameRows(await exported(t, 'not_ready', '2026-03-02', '2026-03-02'), agents.notReady);
	});
});
