import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VigieEvent } from '../../src/lib/domain/event.ts';
import { ingestBatches, ndjsonBatches, queueLogBatches } from '../../src/lib/server/ingest/ingest-run.ts';
import { readLineChunks } from '../../src/lib/server/ingest/line-source.ts';
import { QueueLogTranslator } from '../../src/lib/server/ingest/sources/queue-log.ts';
import { parseExportRequest } from '../../src/lib/server/reports/export-request.ts';
import { exportCsv } from '../../src/lib/server/reports/exports.ts';
import { applyPendingBatch } from '../../src/lib/server/worker/apply-batch.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { simulatedTraffic } from '../support/traffic.ts';

const QUEUE_LOG_VERBS: Record<string, string> = {
	'call.queued': 'ENTERQUEUE|url|0612345678|1',
	'call.answered': 'CONNECT|0|chan|0',
	'call.abandoned': 'ABANDON|1|1|0',
	'call.dequeued': 'EXITWITHTIMEOUT|1|1|0',
	'call.ended': 'COMPLETECALLER|0|0|1'
};

/** The call events as an Asterisk would have logged them (epoch seconds with milliseconds). */
function asQueueLog(events: VigieEvent[]): string {
	return events
		.filter((e) => e.type in QUEUE_LOG_VERBS)
		.map((e) => {
			const call = e as Extract<VigieEvent, { call: string }>;
			const agent = 'agent' in call ? call.agent : 'NONE';
			return [(Date.parse(e.at) / 1000).toFixed(3), call.call, call.queue, agent, QUEUE_LOG_VERBS[e.type]].join('|');
		})
		.join('\n');
}

async function queueCounts(t: TestDatabase) {
	while ((await applyPendingBatch(t.database.db, 2000)) > 0);
	const request = parseExportRequest(new URLSearchParams({ from: '2026-03-02', to: '2026-03-02' }), 'Europe/Paris');
	const rows: Record<string, string>[] = parse(await text(exportCsv(t.database.db, 'queues', request)), {
		columns: true
	});
	return rows.map((r) =>
		[r.period_start, r.queue, r.offered, r.answered, r.abandoned, r.dequeued, r.asa_s, r.avg_talk_s].join(' ')
	);
}

describe('sources', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-sources-'));
	let ndjsonDb: TestDatabase;
	let queueLogDb: TestDatabase;
	const events = simulatedTraffic('2026-03-02T06:00:00Z', '2026-03-02T10:00:00Z', 11);
	beforeAll(async () => {
		[ndjsonDb, queueLogDb] = await Promise.all([createTestDatabase('postgres'), createTestDatabase('pglite')]);
	});
	afterAll(async () => {
		await Promise.all([ndjsonDb?.dispose(), queueLogDb?.dispose()]);
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('the same traffic as NDJSON and as an Asterisk queue_log gives the same call figures', async () => {
		const ndjson = path.join(dir, 'day.ndjson');
		fs.writeFileSync(ndjson, events.map((e) => JSON.stringify(e)).join('\n'));
		const queueLog = path.join(dir, 'queue_log');
		fs.writeFileSync(queueLog, `1772431200|NONE|NONE|NONE|QUEUESTART|\n${asQueueLog(events)}\n`);

		const fromNdjson = await ingestBatches(
			ndjsonDb.database.db,
			ndjsonBatches(readLineChunks(fs.createReadStream(ndjson))),
			'test'
		);
		expect(fromNdjson).toMatchObject({ accepted: events.length, rejectedCount: 0 });
		const translator = new QueueLogTranslator({ timezone: 'Europe/Paris' });
		const fromQueueLog = await ingestBatches(
			queueLogDb.database.db,
			queueLogBatches(readLineChunks(fs.createReadStream(queueLog)), translator),
			'test'
		);
		expect(fromQueueLog.rejectedCount).toBe(0);

		const expected = await queueCounts(ndjsonDb);
		expect(expected.length).toBeGreaterThan(10);
		expect(await queueCounts(queueLogDb)).toEqual(expected);
	});

	it('a queue_log file ingested twice counts once, and its bad lines are dead letters with their line', async () => {
		const file = path.join(dir, 'small_queue_log');
		fs.writeFileSync(
			file,
			'1772438400|c1|Support N1|NONE|ENTERQUEUE|url|0612|1\nnot|a|line\n1772438410|c1|Support N1|SIP/8007|CONNECT|10|chan|2\n'
		);
		const run = () =>
			ingestBatches(
				queueLogDb.database.db,
				queueLogBatches(readLineChunks(fs.createReadStream(file)), new QueueLogTranslator({ timezone: 'UTC' })),
				'file:small'
			);
		const first = await run();
		expect(first.accepted).toBeGreaterThanOrEqual(2);
		expect(first.rejected).toEqual([{ line: 2, error: expect.any(String) }]);
		const second = await run();
		expect(second.accepted).toBe(0);
		expect(second.duplicates).toBe(first.accepted);
		const deadLetters = await queueLogDb.database.db
			.selectFrom('dead_letters')
			.select(['line', 'raw', 'source'])
			.where('source', '=', 'file:small')
			.execute();
		expect(deadLetters).toContainEqual({ line: 2, raw: 'not|a|line', source: 'file:small' });
	});
});
