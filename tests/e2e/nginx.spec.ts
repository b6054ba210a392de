/**
 * The nginx example the release ships (src/release/deploy/nginx-vigie.conf), run by Debian's own nginx in front
 * of two `vigie web` instances and a worker (issue #11 item 2): a screen opened over TLS through it goes live,
 * follows the figures over its WebSocket, stays live, and when the instance holding its socket stops, comes back
 * live through the other one.
 *
 * Only what a site adapts is replaced: the instances' ports, the listening ports, the certificate's paths.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type TestInfo } from '@playwright/test';
import { Calls, postEvents } from '../support/events.ts';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.ts';
import { createTempDir } from '../support/temp-dir.ts';
import { createToken, freePort, ROOT, vigieEnv, VigieServer } from '../support/vigie-process.ts';
import { delay, waitFor } from '../support/wait.ts';

const NGINX = '/usr/sbin/nginx';
const SHIPPED = path.join(ROOT, 'src/release/deploy/nginx-vigie.conf');
const QUEUE = 'Par le proxy';

test.describe('the shipped nginx configuration, with Debian’s nginx', () => {
	let database: PostgresDatabase;
	let dir: Awaited<ReturnType<typeof createTempDir>>;
	let nginx: ChildProcess | undefined;
	const servers: VigieServer[] = [];

	test.afterEach(async ({}, testInfo: TestInfo) => {
		if (testInfo.status !== testInfo.expectedStatus) {
			for (const s of servers) console.error(`vigie ${s.options.command} output:\n${s.output.slice(-2000)}`);
			const log = path.join(dir.dir, 'error.log');
			if (fs.existsSync(log)) console.error(`nginx error.log:\n${fs.readFileSync(log, 'utf8').slice(-2000)}`);
		}
		if (nginx && nginx.exitCode === null) {
			const exited = new Promise((resolve) => nginx!.once('exit', resolve));
			nginx.kill('SIGTERM');
			await exited;
		}
		for (const s of servers) await s.kill();
		await database?.drop();
		await dir?.remove();
	});

	test('a screen goes live through it over TLS, stays live, and survives the loss of one instance', async ({
		browser
	}) => {
		test.setTimeout(180_000);
		if (!fs.existsSync(NGINX)) throw new Error('nginx is missing: apt-get install nginx (tests/run-all.sh does it)');
		database = await createPostgresDatabase('ops_nginx');
		dir = await createTempDir('vigie-nginx-');
		const [httpsPort, httpPort] = [await freePort(), await freePort()];
		const origin = `https://127.0.0.1:${httpsPort}`;

		const env = vigieEnv({ DATABASE_URL: database.url, VIGIE_DEMO: '0', ORIGIN: origin });
		const ingest = await createToken(env, 'ingest', 'connector');
		const viewer = await createToken(env, 'viewer', 'kiosk');
		const webs = [await VigieServer.start({ command: 'web', env }), await VigieServer.start({ command: 'web', env })];
		servers.push(...webs, await VigieServer.start({ command: 'worker', env }));

		// A self-signed certificate for the test's address.
		const cert = path.join(dir.dir, 'vigie.pem');
		const key = path.join(dir.dir, 'vigie.key');
		execFileSync(
			'openssl',
			['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
				'-keyout',
				key,
				'-out',
				cert
			]),
			{
				stdio: 'ignore'
			}
		);
		const site = fs
			.readFileSync(SHIPPED, 'utf8')
			.replace('127.0.0.1:3000', `127.0.0.1:${new URL(webs[0]!.url).port}`)
			.replace('127.0.0.1:3001', `127.0.0.1:${new URL(webs[1]!.url).port}`)
			.replace(/^\tlisten 80;/m, `\tlisten 127.0.0.1:${httpPort};`)
			.replace(/^\tlisten 443 ssl/m, `\tlisten 127.0.0.1:${httpsPort} ssl`)
			.replace(/ssl_certificate .*;/, `ssl_certificate ${cert};`)
			.replace(/ssl_certificate_key .*;/, `ssl_certificate_key ${key};`);
		expect(site).toContain(`127.0.0.1:${httpsPort} ssl`);
		fs.writeFileSync(path.join(dir.dir, 'vigie.conf'), site);
		// The rest of nginx.conf, as Debian's is, around the site (in the test's own directory).
		fs.writeFileSync(
			path.join(dir.dir, 'nginx.conf'),
			`daemon off;
			master_process on;
			worker_processes 1;
			pid ${dir.dir}/nginx.pid;
			error_log ${dir.dir}/error.log warn;
			${process.getuid?.() === 0 ? 'user root root;' : ''}
			events { worker_connections 256; }
			http {
				include /etc/nginx/mime.types;
				access_log ${dir.dir}/access.log;
				client_body_temp_path ${dir.dir}/body;
				proxy_temp_path ${dir.dir}/proxy;
				include ${dir.dir}/vigie.conf;
			}`
		);
		execFileSync(NGINX, ['-t', '-q', '-p', dir.dir, '-c', path.join(dir.dir, 'nginx.conf')], { stdio: 'pipe' });
		nginx = spawn(NGINX, ['-p', dir.dir, '-c', path.join(dir.dir, 'nginx.conf')], { stdio: 'ignore' });
		await waitFor(
			'nginx to answer',
			async () => {
				try {
					return (await fetch(`http://127.0.0.1:${httpPort}/healthz`, { redirect: 'manual' })).status === 301;
				} catch {
					return false;
				}
			},
			10_000,
			100
		);

		const context = await browser.newContext({ ignoreHTTPSErrors: true });
		const page = await context.newPage();
		await page.goto(`${origin}/wall/default?token=${viewer}`);
		const root = page.locator('main[data-connection]');
		const waiting = page.locator(`[data-metric="waiting"][data-queue="${QUEUE}"]`);
		await expect(root).toHaveAttribute('data-connection', 'live');
		const calls = new Calls();
		await postEvents(webs[0]!.url, ingest, calls.queue(QUEUE, 2).events);
		await expect(waiting).toHaveText('2');

		// Quiet for a while: nginx must not cut the socket (its default read timeout is a minute; heartbeats
		// keep it busy anyway), and the screen stays live.
		await delay(15_000);
		await expect(root).toHaveAttribute('data-connection', 'live');

		// The instance holding the screen's socket stops (an upgrade, a crash): the screen comes back through the
		// other one, with the same figures, and follows new ones.
		const screensOn = async (web: VigieServer) => {
			const metrics = await (
				await fetch(`${web.url}/metrics`, { headers: { authorization: `Bearer ${viewer}` } })
			).text();
			return Number(/^vigie_screens_connected (\d+)$/m.exec(metrics)?.[1] ?? 0);
		};
		const holding = (await screensOn(webs[0]!)) > 0 ? webs[0]! : webs[1]!;
		expect(await screensOn(holding)).toBe(1);
		await holding.kill();
		await expect(root).toHaveAttribute('data-connection', 'live', { timeout: 30_000 });
		const other = webs.find((w) => w !== holding)!;
		await postEvents(other.url, ingest, calls.queue(QUEUE, 1).events);
		await expect(waiting).toHaveText('3');
	});
});
