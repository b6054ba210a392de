/**
 * npm run screenshots — each wall layout at 1920×1080 and 3840×2160, in French and English, against a real
 * server on the local PostgreSQL fed with today's demo traffic. PNGs go to test-results/screens/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { createBenchDatabase, startServer, vigieCli } from '../bench/support.ts';
import { feedDesk } from '../bench/desk-feed.ts';

const OUT = path.resolve('test-results/screens');
const SIZES = [
	{ name: '1080p', width: 1920, height: 1080 },
	{ name: '4k', width: 3840, height: 2160 }
];
const SCREENS = [
	{ name: 'default', layout: 'queues' },
	{ name: 'agents', layout: 'agents' },
	{ name: 'charts', layout: 'charts' }
];

const database = await createBenchDatabase();
const env = { DATABASE_URL: database.url };
vigieCli(['migrate'], env);
const ingest = vigieCli(['token', 'create', '--role', 'ingest', '--name', 'screens-feed'], env);
const viewer = vigieCli(['token', 'create', '--role', 'viewer', '--name', 'screens-kiosk'], env);
const server = await startServer('start', env);
const feed = await feedDesk(server.url, ingest);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
	const { default: pg } = await import('pg');
	const client = new pg.Client({ connectionString: database.url });
	await client.connect();
	await client.query(
		`INSERT INTO screens (name, layout) VALUES ('agents', 'agents'), ('charts', 'charts');
		 INSERT INTO queue_thresholds (queue, metric, warn, alarm) VALUES ('Support N1', 'waiting', 2, 4);
		 INSERT INTO ticker_messages (text) VALUES
			('Maintenance de la messagerie ce soir de 20 h à 22 h : prévenir les appelants.'),
			('Pic d’appels attendu demain matin après l’envoi des courriers.');
		 SELECT pg_notify('vigie_changes', 'config')`
	);
	await client.end();
	fs.mkdirSync(OUT, { recursive: true });
	await new Promise((r) => setTimeout(r, 5000));
	for (const size of SIZES) {
		for (const lang of ['fr', 'en']) {
			const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
			await page.goto(`${server.url}/wall/default?token=${viewer}&lang=${lang}`);
			for (const screen of SCREENS) {
				await page.goto(`${server.url}/wall/${screen.name}`);
				await page.locator('main[data-connection="live"]').waitFor();
				await page.waitForTimeout(1500);
				const file = path.join(OUT, `${screen.layout}-${size.name}-${lang}.png`);
				await page.screenshot({ path: file });
				console.log(file);
			}
			await page.close();
		}
	}
} finally {
	await browser.close();
	await feed.stop();
	await server.stop();
	await database.drop();
}
