/**
 * npm run soak — a wall left running: Chromium on /wall/default (rotating through the three layouts) against a
 * real server on the local PostgreSQL, fed with the demo desk's traffic sped up. Prints, every minute, the page's
 * JS heap after a forced garbage collection and the server's resident memory; both must stay flat.
 * SOAK_MINUTES (default 30), SOAK_SPEED (default 20 × real time).
 */
import { chromium } from '@playwright/test';
import pg from 'pg';
import { feedDesk } from './desk-feed.ts';
import { createBenchDatabase, fmt, rssMiB, startServer, vigieCli } from './support.ts';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const SPEED = Number(process.env.SOAK_SPEED ?? 20);

const database = await createBenchDatabase();
const env = { DATABASE_URL: database.url };
vigieCli(['migrate'], env);
const ingest = vigieCli(['token', 'create', '--role', 'ingest', '--name', 'soak-feed'], env);
const viewer = vigieCli(['token', 'create', '--role', 'viewer', '--name', 'soak-kiosk'], env);
const client = new pg.Client({ connectionString: database.url });
await client.connect();
await client.query(`INSERT INTO screens (name, layout) VALUES ('soak-agents', 'agents'), ('soak-charts', 'charts');
	UPDATE screens SET rotation = '{soak-agents,soak-charts}', rotate_every_s = 10 WHERE name = 'default'`);
await client.end();

const server = await startServer('start', env);
const feed = await feedDesk(server.url, ingest, { speed: SPEED, agents: 120 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
const cdp = await page.context().newCDPSession(page);
await page.goto(`${server.url}/wall/default?token=${viewer}`);
await page.locator('main[data-connection="live"]').waitFor();

async function heapMiB(): Promise<number> {
	await cdp.send('HeapProfiler.collectGarbage');
	const { usedSize } = await cdp.send('Runtime.getHeapUsage');
	return usedSize / 2 ** 20;
}

const samples: { minute: number; heap: number; rss: number; dom: number }[] = [];
try {
	for (let minute = 0; minute <= MINUTES; minute++) {
		if (minute > 0) await new Promise((r) => setTimeout(r, 60_000));
		const heap = await heapMiB();
		const rss = rssMiB(server.pid);
		const dom = await page.evaluate(() => document.getElementsByTagName('*').length);
		const connection = await page.locator('main').getAttribute('data-connection');
		samples.push({ minute, heap, rss, dom });
		console.log(
			`soak: minute ${minute}: page JS heap ${fmt(heap, 1)} MiB, DOM ${dom} nodes, server RSS ${fmt(rss, 0)} MiB, ${connection}`
		);
	}
	const early = samples.slice(1, 4);
	const late = samples.slice(-3);
	const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
	console.log(
		`soak: ${MINUTES} min at ${SPEED}× traffic: page heap ${fmt(mean(early.map((s) => s.heap)), 1)} → ${fmt(mean(late.map((s) => s.heap)), 1)} MiB, server RSS ${fmt(mean(early.map((s) => s.rss)))} → ${fmt(mean(late.map((s) => s.rss)))} MiB`
	);
} finally {
	await browser.close();
	await feed.stop();
	await server.stop();
	await database.drop();
}
