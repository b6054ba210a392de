import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

if (!fs.existsSync(path.join(root, 'build/handler.js'))) {
	throw new Error('build/handler.js is missing: the e2e tests run the built server, run `npm run build` first.');
}

/**
 * End-to-end tests: the real built server (started per spec file by tests/support/vigie-process.ts), a real
 * PostgreSQL or the embedded one, and Debian's Chromium. Run with `npx playwright test -c tests/e2e`.
 */
export default defineConfig({
	testDir: '.',
	testMatch: '**/*.spec.ts',
	outputDir: path.join(root, 'test-results/e2e'),
	fullyParallel: false,
	workers: 1,
	retries: 0,
	forbidOnly: !!process.env.CI,
	timeout: 90_000,
	expect: { timeout: 5_000 },
	reporter: 'list',
	use: {
		viewport: { width: 1920, height: 1080 },
		actionTimeout: 10_000,
		navigationTimeout: 20_000,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				viewport: { width: 1920, height: 1080 },
				launchOptions: {
					executablePath: '/usr/bin/chromium',
					args: [
						'--headless',
						'--no-sandbox',
						'--disable-gpu',
						'--disable-background-networking',
						'--disable-component-update',
						'--disable-sync',
						'--no-first-run',
						'--disable-quic'
					]
				}
			}
		}
	]
});
