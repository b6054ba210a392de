import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatches, uccxBatches } from '../../src/lib/server/ingest/ingest-run.ts';
import { openUccxDirectory } from '../../src/lib/server/ingest/sources/uccx/csv.ts';
import { parseExportRequest } from '../../src/lib/server/reports/export-request.ts';
import { exportCsv } from '../../src/lib/server/reports/exports.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

/**
 * Issue #9: a Ready and a Reserved written by UCCX in the same millisecond must keep the order UCCX wrote them in;
 * resolved the wrong way, the agent's ready and reserved times come out wrong by seconds.
 */
describe('UCCX agent states written in the same millisecond', () => {
	let t: TestDatabase;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-uccx-ties-'));
	beforeAll(async () => {
		t = await createTestDatabase('postgres');
	});
	afterAll(async () => {
		await t?.dispose();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('keep the file order, so that ready and reserved times are exact', async () => {
		const agents = ['2001', '2002', '2003', '2004', '2005', '2006'];
		const lines = ['agentID,eventDateTime,gmtOffset,eventType,reasonCode,profileID'];
		for (const agent of agents) {
			lines.push(`${agent},2026-03-02 08:00:00.000,0,6,0,1`); // work
			lines.push(`${agent},2026-03-02 08:00:30.250,0,3,0,1`); // ready …
			lines.push(`${agent},2026-03-02 08:00:30.250,0,4,0,1`); // … and reserved in the same millisecond
			lines.push(`${agent},2026-03-02 08:00:40.250,0,5,0,1`); // talking
			lines.push(`${agent},2026-03-02 08:01:00.000,0,7,0,1`); // logged out
		}
		fs.writeFileSync(path.join(dir, 'AgentStateDetail.csv'), lines.join('\n') + '\n');
		fs.writeFileSync(
			path.join(dir, 'Resource.csv'),
			['resourceID,profileID,resourceLoginID', ...agents.map((a) => `${a},1,agent${a}`)].join('\n') + '\n'
		);
		const directory = await openUccxDirectory(dir);
		const totals = await ingestBatches(t.database.db, uccxBatches(directory.chunks()), 'test');
		expect(totals.rejectedCount).toBe(0);
		while ((await applyPendingBatch(t.database.db, 2000)) > 0);

		const request = parseExportRequest(new URLSearchParams({ from: '2026-03-02', to: '2026-03-02' }), 'UTC');
		const rows: Record<string, string>[] = parse(await text(exportCsv(t.database.db, 'agents', request)), {
			columns: true
		});
		expect(rows.map((r) => [r.agent, r.work_s, r.ready_s, r.reserved_s, r.talking_s])).toEqual(
			agents.map((a) => [`agent${a}`, '30.25', '0', '10', '19.75'])
		);
	});
});
