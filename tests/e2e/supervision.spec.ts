import { expect, test } from '@playwright/test';
import { Calls, postEvents } from '../support/events.ts';
import { runVigie, startVigieOnPostgres, VigieServer, type VigieOnPostgres } from '../support/vigie-process.ts';

/** `vigie check …`: its exit code and its one line, as a Nagios scheduler sees them. */
async function vigieCheck(args: string[]): Promise<{ code: number; line: string }> {
	const { code, stdout } = await runVigie(['check', ...args], {});
	return { code, line: stdout.trim() };
}

test.describe('supervision and intake limits, against a real server on PostgreSQL', () => {
	let vigie: VigieOnPostgres<'viewer' | 'ingest'>;
	let server: VigieServer;
	let viewer: string;
	let ingest: string;

	test.beforeAll(async () => {
		vigie = await startVigieOnPostgres(['viewer', 'ingest'], { VIGIE_INGEST_MAX_BYTES: '2048' });
		({ server } = vigie);
		({ viewer, ingest } = vigie.tokens);
	});

	test.afterAll(async () => {
		await vigie?.stop();
	});

	test('readyz and metrics need a token and report the backlog', async ({ request }) => {
		expect((await request.get(`${server.url}/healthz`)).status()).toBe(200);
		expect((await request.get(`${server.url}/readyz`)).status()).toBe(401);
		expect((await request.get(`${server.url}/metrics`)).status()).toBe(401);
		const auth = { authorization: `Bearer ${viewer}` };
		const ready = await request.get(`${server.url}/readyz`, { headers: auth });
		expect(await ready.json()).toMatchObject({ database: 'ok', pending_events: 0, dead_letters: 0 });

		await postEvents(server.url, ingest, new Calls().queue('Support N1', 2).events);
		const metrics = await (await request.get(`${server.url}/metrics`, { headers: auth })).text();
		expect(metrics).toContain('vigie_intake_lines_total{outcome="accepted"} 2');
		expect(metrics).toMatch(/^vigie_pending_events \d+$/m);
		expect(metrics).toContain('vigie_process_resident_memory_bytes');
	});

	test('vigie check answers like a Nagios plugin', async () => {
		const ok = await vigieCheck(['--url', server.url, '--token', viewer]);
		expect(ok.code).toBe(0);
		expect(ok.line).toMatch(/^VIGIE OK - \d+ events waiting for the worker, oldest [\d.]+ s \| pending_events=/);

		const warning = await vigieCheck(['--url', server.url, '--token', viewer, '--warn-pending', '0']);
		expect(warning).toMatchObject({ code: 1, line: expect.stringMatching(/^VIGIE WARNING/) });

		const refused = await vigieCheck(['--url', server.url, '--token', 'vgi_wrong']);
		expect(refused).toMatchObject({ code: 3, line: expect.stringMatching(/^VIGIE UNKNOWN - .* refused the token/) });

		const nobody = await vigieCheck(['--url', 'http://127.0.0.1:9', '--token', viewer, '--timeout', '3']);
		expect(nobody).toMatchObject({ code: 2, line: expect.stringMatching(/^VIGIE CRITICAL - no answer/) });
	});

	test('the intake refuses a body over the limit, and a missing or wrong token, applying nothing', async ({
		request
	}) => {
		const auth = { authorization: `Bearer ${ingest}`, 'content-type': 'application/x-ndjson' };
		const calls = new Calls().queue('Trop gros', 40).events;
		const body = calls.map((e) => JSON.stringify(e)).join('\n');
		expect(body.length).toBeGreaterThan(2048);

		const tooLarge = await request.post(`${server.url}/api/events`, { headers: auth, data: body });
		expect(tooLarge.status()).toBe(413);
		expect((await tooLarge.json()).error).toContain('VIGIE_INGEST_MAX_BYTES');

		const noToken = await request.post(`${server.url}/api/events`, {
			headers: { 'content-type': 'application/x-ndjson' },
			data: body.slice(0, 500)
		});
		expect(noToken.status()).toBe(401);
		const wrongToken = await request.post(`${server.url}/api/events`, {
			headers: { ...auth, authorization: 'Bearer vgi_nope' },
			data: body.slice(0, 500)
		});
		expect(wrongToken.status()).toBe(401);
		const viewerToken = await request.post(`${server.url}/api/events`, {
			headers: { ...auth, authorization: `Bearer ${viewer}` },
			data: body.slice(0, 500)
		});
		expect(viewerToken.status()).toBe(403);

		// Nothing of the refused bodies was applied: the queue never appeared.
		const ready = await request.get(`${server.url}/readyz`, { headers: { authorization: `Bearer ${viewer}` } });
		expect((await ready.json()).pending_events).toBe(0);
		const exported = await request.get(`${server.url}/api/export/queues.csv?from=2020-01-01&to=2021-12-31`, {
			headers: { authorization: `Bearer ${viewer}` }
		});
		expect(exported.status()).toBe(403);
	});
});
