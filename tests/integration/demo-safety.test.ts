/**
 * Issue #10 item 12 on the embedded database, as an install that forgets VIGIE_DEMO=0 runs it: the demo's
 * simulated calls and a site's real events never share a database, and each start shows the same kiosk address.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir } from '../support/temp-dir.ts';
import { createToken, runVigie, vigieEnv, VigieServer, type Env } from '../support/vigie-process.ts';

const WALL_ADDRESS = /(http:\/\/\S+\/wall\/default\?token=(vgi_\S+))/;
const event = (id: string) =>
	JSON.stringify({ id, type: 'call.queued', at: '2026-01-05T09:00:00Z', call: id, queue: 'Accueil' });

describe('the demo on the embedded database', () => {
	let demoDir: Awaited<ReturnType<typeof createTempDir>>;
	let realDir: Awaited<ReturnType<typeof createTempDir>>;
	beforeAll(async () => {
		demoDir = await createTempDir('vigie-demo-');
		realDir = await createTempDir('vigie-real-');
	});
	afterAll(async () => {
		await demoDir?.remove();
		await realDir?.remove();
	});

	it('refuses real events into a database the demo writes into, and shows the same kiosk address at each start', async () => {
		// No VIGIE_DEMO: on by default with the embedded database.
		const env: Env = vigieEnv({ VIGIE_DATA_DIR: demoDir.dir });
		const ingest = await createToken(env, 'ingest', 'standard');
		let server = await VigieServer.start({ command: 'start', env });
		try {
			const [, address, first] = await server.waitForOutput(WALL_ADDRESS);
			// The wall says it shows simulated calls.
			const kiosk = await fetch(address!, { redirect: 'manual' });
			const cookie = kiosk.headers.getSetCookie()[0]!.split(';')[0]!;
			const wall = await fetch(`${server.url}/wall/default`, { headers: { cookie } });
			expect(await wall.text()).toContain('data-demo');
			const posted = await fetch(`${server.url}/api/events`, {
				method: 'POST',
				headers: { authorization: `Bearer ${ingest}`, 'content-type': 'application/x-ndjson' },
				body: event('reel-1')
			});
			expect(posted.status).toBe(409);
			expect((await posted.json()).error).toContain('VIGIE_DEMO=0');
			await server.stop();
			server = await server.startAgain();
			const [, , second] = await server.waitForOutput(WALL_ADDRESS);
			expect(second).toBe(first);
			const stat = await fs.stat(path.join(demoDir.dir, 'demo-kiosk-token'));
			expect(stat.mode & 0o077).toBe(0);
		} finally {
			await server.stop();
		}
		const cli = await runVigie(['ingest', '-'], env, `${event('reel-2')}\n`);
		expect(cli.code).toBe(1);
		expect(cli.stderr).toContain('VIGIE_DEMO=0');
	});

	it('does not start the demo on a database that holds real events', async () => {
		const env: Env = vigieEnv({ VIGIE_DATA_DIR: realDir.dir });
		const imported = await runVigie(['ingest', '-'], env, `${event('reel-1')}\n`);
		expect(imported.code, imported.stderr).toBe(0);
		const viewer = await createToken(env, 'viewer', 'mur');
		const server = await VigieServer.start({ command: 'start', env });
		try {
			await server.waitForOutput(/the simulator stays off/);
			const wall = await fetch(`${server.url}/wall/default`, { headers: { authorization: `Bearer ${viewer}` } });
			expect(wall.status).toBe(200);
			expect(await wall.text()).not.toContain('data-demo');
		} finally {
			await server.stop();
		}
	});
});
