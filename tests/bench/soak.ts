/**
 * npm run soak — a wall left running: Chromium on /wall/default (rotating through the three layouts), plus an
 * agent board and a chart screen each in a page of its own, against a real server on the local PostgreSQL, fed
 * with the demo desk's traffic sped up. Prints, every minute, each page's JS heap after a forced garbage
 * collection, the server's resident memory, the event-to-screen latency of a probe call and the database's size;
 * the memories must stay flat. At the end it writes the samples (test-results/soak/soak.csv), prints the
 * analysis' figures (soak-summary.ts) and draws the samples as PNG charts into docs/soak/ (issue #11 item 8).
 * SOAK_MINUTES (default 30) real minutes, SOAK_SPEED (default 20 × real time). Each sample also records the
 * machine's 1-minute load average and the simulated local time, so that a slow minute reads against what else ran.
 *
 * NOTE: a sped-up feed runs ahead of the wall clock, (SPEED − 1) minutes a minute, and the intake refuses events
 * more than a day ahead (src/lib/domain/event.ts): a run can last at most 1440 / (SPEED − 1) real minutes, 75 at
 * 20×. One whole simulated day and night at 20× is SOAK_MINUTES=72 (72 × 20 = 1,440 simulated minutes); 24 real
 * hours of soak need SOAK_SPEED=1. The script refuses a longer run rather than feed the intake refused events,
 * and samples on the minute marks of the wall clock (not a minute after the previous sample ended), so that 72
 * samples take 72 minutes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import pg from 'pg';
import { feedDesk, post } from './desk-feed.ts';
import { summarise } from './soak-summary.ts';
import { createBenchDatabase, fmt, rssMiB, startServer, vigieCli } from './support.ts';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const SPEED = Number(process.env.SOAK_SPEED ?? 20);
/** Real minutes the feed may run ahead of: the intake's day, less a margin for the set-up before minute 0. */
if ((MINUTES + 2) * (SPEED - 1) > 24 * 60) {
	console.error(
		`soak: SOAK_MINUTES=${MINUTES} at SOAK_SPEED=${SPEED} would post events more than a day ahead, which the intake refuses; ` +
			`at ${SPEED}× run at most ${Math.floor((24 * 60) / (SPEED - 1)) - 2} minutes (72 = one simulated day), or SOAK_SPEED=1 for real hours`
	);
	process.exit(1);
}

const database = await createBenchDatabase();
const env = { DATABASE_URL: database.url };
vigieCli(['migrate'], env);
const ingest = vigieCli(['token', 'create', '--role', 'ingest', '--name', 'soak-feed'], env);
const viewer = vigieCli(['token', 'create', '--role', 'viewer', '--name', 'soak-kiosk'], env);
const client = new pg.Client({ connectionString: database.url });
await client.connect();
await client.query(`INSERT INTO screens (name, layout) VALUES ('soak-agents', 'agents'), ('soak-charts', 'charts'),
		('soak-queues', 'queues');
	UPDATE screens SET rotation = '{soak-agents,soak-charts}', rotate_every_s = 10 WHERE name = 'default'`);
await client.end();

const server = await startServer('start', env);
const feed = await feedDesk(server.url, ingest, { speed: SPEED, agents: 120 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const kiosk = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
const page = await kiosk.newPage();
const cdp = await page.context().newCDPSession(page);
await page.goto(`${server.url}/wall/default?token=${viewer}`);
await page.locator('main[data-connection="live"]').waitFor();
/** The agent board and the chart screen, each in a page of its own (same browser, same kiosk cookie). */
const others: Page[] = [];
for (const screen of ['soak-agents', 'soak-charts']) {
	const other = await kiosk.newPage();
	await other.goto(`${server.url}/wall/${screen}`);
	await other.locator('main[data-connection="live"]').waitFor();
	others.push(other);
}

/**
 * Event-to-screen latency: a probe call queued (then abandoned, then queued again…) in a queue of its own, timed
 * from its post to the rotating wall's figure changing. The wall rotates, so the probe is read on the agent-free
 * queue overview only when shown: the time is measured on a page fixed on the queue overview.
 */
const probePage = await kiosk.newPage();
await probePage.goto(`${server.url}/wall/soak-queues`);
await probePage.locator('main[data-connection="live"]').waitFor();
let probeCount = 0;
async function probeLatencyMs(): Promise<number | null> {
	const call = `soak-probe-${Math.floor(probeCount / 2)}`;
	const queued = probeCount % 2 === 0;
	probeCount++;
	const started = Date.now();
	const at = new Date().toISOString();
	await post(server.url, ingest, [
		queued
			? { id: `${call}/q`, type: 'call.queued', at, call, queue: 'Sonde' }
			: { id: `${call}/a`, type: 'call.abandoned', at, call, queue: 'Sonde' }
	]);
	try {
		await probePage
			.locator('[data-metric="waiting"][data-queue="Sonde"]')
			.filter({ hasText: new RegExp(`^\\s*${queued ? 1 : 0}\\s*$`) })
			.waitFor({ timeout: 30_000 });
		return Date.now() - started;
	} catch {
		return null; // not seen within 30 s: printed as a gap, not a number
	}
}

async function databaseMiB(): Promise<number> {
	const c = new pg.Client({ connectionString: database.url });
	await c.connect();
	try {
		const { rows } = await c.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
		return Number(rows[0]!.bytes) / 2 ** 20;
	} finally {
		await c.end();
	}
}

async function heapMiB(of: Page = page): Promise<number> {
	const session = of === page ? cdp : await of.context().newCDPSession(of);
	await session.send('HeapProfiler.collectGarbage');
	const { usedSize } = await session.send('Runtime.getHeapUsage');
	if (session !== cdp) await session.detach();
	return usedSize / 2 ** 20;
}

interface Sample {
	minute: number;
	heap: number;
	agentsHeap: number;
	chartsHeap: number;
	rss: number;
	dom: number;
	latencyMs: number | null;
	databaseMiB: number;
	/** The host's 1-minute load average (os.loadavg), the context of the latency. */
	load: number;
	/** The feed's simulated local time (HH:MM, Europe/Paris) at the sample. */
	simulated: string;
}
const soakStarted = Date.now();
const simulatedClock = new Intl.DateTimeFormat('fr-FR', {
	timeZone: 'Europe/Paris',
	hour: '2-digit',
	minute: '2-digit'
});
const samples: Sample[] = [];
try {
	for (let minute = 0; minute <= MINUTES; minute++) {
		if (minute > 0) await new Promise((r) => setTimeout(r, Math.max(0, soakStarted + minute * 60_000 - Date.now())));
		const heap = await heapMiB();
		const [agentsHeap, chartsHeap] = [await heapMiB(others[0]), await heapMiB(others[1])];
		const rss = rssMiB(server.pid);
		const dom = await page.evaluate(() => document.getElementsByTagName('*').length);
		const connection = await page.locator('main').getAttribute('data-connection');
		const latencyMs = await probeLatencyMs();
		const size = await databaseMiB();
		const load = os.loadavg()[0]!;
		const simulated = simulatedClock.format(new Date(soakStarted + (Date.now() - soakStarted) * SPEED));
		samples.push({ minute, heap, agentsHeap, chartsHeap, rss, dom, latencyMs, databaseMiB: size, load, simulated });
		console.log(
			`soak: minute ${minute} (simulated ${simulated}, load ${fmt(load, 1)}): page JS heap ${fmt(heap, 1)} MiB (agents ${fmt(agentsHeap, 1)}, charts ${fmt(chartsHeap, 1)}), DOM ${dom} nodes, server RSS ${fmt(rss, 0)} MiB, latency ${latencyMs ?? '–'} ms, database ${fmt(size, 0)} MiB, ${connection}`
		);
	}
	for (const line of summarise(samples, SPEED)) console.log(`soak: ${line}`);
	await drawCharts(samples);
} finally {
	await browser.close();
	await feed.stop();
	await server.stop();
	await database.drop();
}

/** The samples as CSV, and as PNG charts drawn by Chart.js in the same Chromium (docs/soak/). */
async function drawCharts(rows: Sample[]): Promise<void> {
	const csvDir = path.resolve('test-results/soak');
	fs.mkdirSync(csvDir, { recursive: true });
	const columns = Object.keys(rows[0]!) as (keyof Sample)[];
	fs.writeFileSync(
		path.join(csvDir, 'soak.csv'),
		[columns.join(','), ...rows.map((r) => columns.map((c) => r[c] ?? '').join(','))].join('\n') + '\n'
	);
	const out = path.resolve('docs/soak');
	fs.mkdirSync(out, { recursive: true });
	const charts: { file: string; title: string; series: { label: string; key: keyof Sample }[] }[] = [
		{
			file: 'page-heap.png',
			title: `Tas JS des pages (Mio), ${MINUTES} min à ${SPEED}×`,
			series: [
				{ label: 'mur (rotation)', key: 'heap' },
				{ label: 'agents', key: 'agentsHeap' },
				{ label: 'graphiques', key: 'chartsHeap' }
			]
		},
		{
			file: 'server-rss.png',
			title: 'Mémoire résidente du serveur (Mio)',
			series: [{ label: 'vigie start', key: 'rss' }]
		},
		{
			file: 'latency.png',
			title: 'Latence événement → écran (ms)',
			series: [{ label: 'appel sonde', key: 'latencyMs' }]
		},
		{
			file: 'database-size.png',
			title: 'Taille de la base (Mio)',
			series: [{ label: 'pg_database_size', key: 'databaseMiB' }]
		}
	];
	const canvasPage = await browser.newPage({ viewport: { width: 1200, height: 500 } });
	await canvasPage.setContent('<canvas id="c" width="1200" height="500"></canvas>');
	await canvasPage.addScriptTag({ path: path.resolve('node_modules/chart.js/dist/chart.umd.js') });
	for (const chart of charts) {
		await canvasPage.evaluate(
			({ chart, rows }) => {
				const w = window as unknown as { Chart: any; current?: { destroy(): void } };
				w.current?.destroy();
				w.current = new w.Chart(document.getElementById('c'), {
					type: 'line',
					data: {
						labels: rows.map((r) => `${r.minute} (${r.simulated})`),
						datasets: chart.series.map((s) => ({ label: s.label, data: rows.map((r) => r[s.key]), pointRadius: 0 }))
					},
					options: {
						animation: false,
						responsive: false,
						plugins: { title: { display: true, text: chart.title } },
						scales: {
							x: { title: { display: true, text: 'minutes réelles (heure simulée)' } },
							y: { beginAtZero: true }
						}
					}
				});
			},
			{ chart, rows: rows as unknown as Record<string, number | string | null>[] }
		);
		await canvasPage.locator('#c').screenshot({ path: path.join(out, chart.file) });
		console.log(`soak: ${path.join(out, chart.file)}`);
	}
	await canvasPage.close();
}
