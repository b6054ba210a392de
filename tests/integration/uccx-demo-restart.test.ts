import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatedSite } from '../../src/lib/server/uccx/emulator/site.ts';
import { createNodeDatabase, type EmulatedNodeDatabase } from '../support/uccx.ts';

/**
 * `VIGIE_DEMO=uccx` started a second time on the same emulated database: the site restarts its day, and its
 * rows must neither collide with those of the first run (the emulator then could not write at all, and the demo's
 * wall stayed empty) nor reuse their keys (Vigie would take the new calls for the old ones).
 */
describe('the emulated UCCX site of the demo, started again', () => {
	let node: EmulatedNodeDatabase;
	let client: pg.Client;

	beforeAll(async () => {
		node = await createNodeDatabase();
		client = new pg.Client({ connectionString: node.url });
		await client.connect();
	});

	afterAll(async () => {
		await client?.end();
		await node?.dispose();
	});

	async function runFor(minutes: number) {
		const site = await EmulatedSite.start({ nodeDatabaseUrls: [node.url], fresh: true, seed: 4 });
		const from = Date.parse('2026-03-02T08:00:00Z');
		try {
			for (let t = from; t <= from + minutes * 60_000; t += 60_000) await site.advance(new Date(t));
		} finally {
			await site.close();
		}
		const { rows } = await client.query(
			`SELECT count(*)::int AS legs, min(sessionid)::text AS first, max(sessionid)::text AS last FROM contactcalldetail`
		);
		return rows[0] as { legs: number; first: string; last: string };
	}

	it('writes again from a new site, with sessions of its own', async () => {
		const first = await runFor(90);
		expect(first.legs).toBeGreaterThan(10);
		const second = await runFor(90);
		// Only the second run's rows: the same traffic, under new session ids.
		expect(second.legs).toBe(first.legs);
		expect(BigInt(second.first)).toBeGreaterThan(BigInt(first.last));
	}, 120_000);
});
