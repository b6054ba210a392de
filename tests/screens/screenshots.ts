/**
 * npm run screenshots — the wall at the ministry's scale, as issue 12 asks: the queue overview and the agent board
 * at 13 queues and 120 agents, and the overview at 40 queues, at 1920×1080 and 3840×2160 (French), plus the
 * intraday charts of the demo desk. A real server on the local PostgreSQL; PNGs go to docs/screens/ (the ones the
 * documentation shows) and the English ones to test-results/screens/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { createBenchDatabase, startServer, vigieCli } from '../bench/support.ts';
import { feedDesk } from '../bench/desk-feed.ts';
import { postEvents } from '../support/events.ts';
import { ministryFloor } from '../support/floor.ts';

const DOCS = path.resolve('docs/screens');
const OUT = path.resolve('test-results/screens');
const SIZES = [
	{ name: '1080p', width: 1920, height: 1080 },
	{ name: '4k', width: 3840, height: 2160 }
];

/** One server per picture of the floor: a fresh database holding exactly that floor. */
async function shoot(
	setup: (url: string, ingest: string) => Promise<() => Promise<void>>,
	shots: { screen: string; file: string; langs: string[] }[],
	sql = ''
): Promise<void> {
	const database = await createBenchDatabase();
	const env = { DATABASE_URL: database.url };
	vigieCli(['migrate'], env);
	const ingest = vigieCli(['token', 'create', '--role', 'ingest', '--name', 'screens-feed'], env);
	const viewer = vigieCli(['token', 'create', '--role', 'viewer', '--name', 'screens-kiosk'], env);
	const server = await startServer('start', env);
	const stop = await setup(server.url, ingest);
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu']
	});
	try {
		if (sql) {
			const { default: pg } = await import('pg');
			const client = new pg.Client({ connectionString: database.url });
			await client.connect();
			await client.query(`${sql}; SELECT pg_notify('vigie_changes', 'config')`);
			await client.end();
		}
		await new Promise((r) => setTimeout(r, 3000));
		for (const size of SIZES)
			for (const lang of ['fr', 'en']) {
				const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
				await page.goto(`${server.url}/wall/default?token=${viewer}&lang=${lang}`);
				for (const shot of shots.filter((s) => s.langs.includes(lang))) {
					await page.goto(`${server.url}/wall/${shot.screen}`);
					await page.locator('main[data-connection="live"]').waitFor();
					await page.waitForTimeout(1500);
					const file = path.join(lang === 'fr' ? DOCS : OUT, `${shot.file}-${size.name}-${lang}.png`);
					await page.screenshot({ path: file });
					console.log(file);
				}
				await page.close();
			}
	} finally {
		await browser.close();
		await stop();
		await server.stop();
		await database.drop();
	}
}

fs.mkdirSync(DOCS, { recursive: true });
fs.mkdirSync(OUT, { recursive: true });
const postFloor = (queues: number) => async (url: string, ingest: string) => {
	const floor = ministryFloor({ run: `shots${queues}`, now: new Date(), queues });
	for (let i = 0; i < floor.events.length; i += 2000) await postEvents(url, ingest, floor.events.slice(i, i + 2000));
	return async () => {};
};
const TICKER = `INSERT INTO ticker_messages (text) VALUES
	('Maintenance de la messagerie ce soir de 20 h à 22 h : prévenir les appelants.')`;
await shoot(
	postFloor(13),
	[
		{ screen: 'default', file: 'queues-13', langs: ['fr', 'en'] },
		{ screen: 'agents', file: 'agents-120', langs: ['fr', 'en'] }
	],
	TICKER
);
await shoot(postFloor(40), [{ screen: 'default', file: 'queues-40', langs: ['fr'] }]);
await shoot(
	async (url, ingest) => {
		const feed = await feedDesk(url, ingest);
		return () => feed.stop();
	},
	[{ screen: 'charts', file: 'charts', langs: ['fr', 'en'] }],
	`INSERT INTO screens (name, layout) VALUES ('charts', 'charts')`
);
