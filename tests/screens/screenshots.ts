/**
 * npm run screenshots — each wall layout at 1920×1080 and 3840×2160, in French and English, against a real
 * server on the local PostgreSQL fed with today's demo traffic. PNGs go to test-results/screens/.
 * It also takes the French guides' pictures (docs/fr/images/): the wall, reports and administration pages as an
 * administrator sees them, so that the guides show the product as it is, never a hand-made picture.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { createBenchDatabase, startServer, vigieCli } from '../bench/support.ts';
import { feedDesk } from '../bench/desk-feed.ts';

const OUT = path.resolve('test-results/screens');
const GUIDES = path.resolve('docs/fr/images');
/** The guides' pictures: page, file, and what must be on screen before it is taken. */
const GUIDE_PAGES = [
	{ path: '/wall/default', file: 'mur-files.png', ready: 'main[data-connection="live"]' },
	{ path: '/wall/agents', file: 'mur-agents.png', ready: 'main[data-connection="live"]' },
	{ path: '/reports/queues/daily', file: 'rapport-resume-files.png', ready: 'main' },
	{ path: '/reports/queues/intervals?interval=60', file: 'rapport-files-intervalles.png', ready: 'canvas' },
	{ path: '/reports/agents', file: 'rapport-agents.png', ready: 'main' },
	{ path: '/reports/abandoned', file: 'rapport-abandons.png', ready: 'main' },
	{ path: '/admin/screens', file: 'admin-ecrans.png', ready: 'main' },
	{ path: '/admin/screens/thresholds', file: 'admin-seuils.png', ready: 'main' },
	{ path: '/admin/people', file: 'admin-personnes.png', ready: 'main' },
	{ path: '/admin/tokens', file: 'admin-jetons.png', ready: 'main' }
];
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
const admin = vigieCli(['token', 'create', '--role', 'admin', '--name', 'guides-admin'], env);
const server = await startServer('start', env);
const feed = await feedDesk(server.url, ingest);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
	const { default: pg } = await import('pg');
	const client = new pg.Client({ connectionString: database.url });
	await client.connect();
	try {
		await client.query(
			`INSERT INTO screens (name, layout) VALUES ('agents', 'agents'), ('charts', 'charts') ON CONFLICT (name) DO NOTHING;
			 INSERT INTO queue_thresholds (queue, metric, warn, alarm) VALUES ('Support N1', 'waiting', 2, 4);
			 INSERT INTO ticker_messages (text) VALUES
				('Maintenance de la messagerie ce soir de 20 h à 22 h : prévenir les appelants.'),
				('Pic d’appels attendu demain matin après l’envoi des courriers.');
			 SELECT pg_notify('vigie_changes', 'config')`
		);
	} finally {
		await client.end();
	}
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
	fs.mkdirSync(GUIDES, { recursive: true });
	const guides = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
	await guides.goto(`${server.url}/reports?token=${admin}&lang=fr`);
	for (const shot of GUIDE_PAGES) {
		await guides.goto(`${server.url}${shot.path}`);
		await guides.locator(shot.ready).first().waitFor();
		await guides.waitForTimeout(1000); // charts animate in
		const file = path.join(GUIDES, shot.file);
		await guides.screenshot({ path: file });
		console.log(file);
	}
	await guides.close();
} finally {
	await browser.close();
	await feed.stop();
	await server.stop();
	await database.drop();
}
