/**
 * The release archive (contract §6, issue #11 item 1): `npm run release` writes one archive with its checksum and
 * SBOM; unpacked into an empty directory with no network at all (a network namespace of its own: no route, no
 * registry, no DNS), its bin/vigie migrates, makes a token and serves. Upgrading from the previous release runs
 * the migrations and the screens reload by themselves; rolling back (docs/fr/guide-exploitation.md) is the
 * previous release on the backup taken before the upgrade.
 *
 * The archive is built once from this checkout's build (the e2e phase builds first). The "previous release" is
 * the same archive unpacked with another build name, the next one with one migration more: what an upgrade
 * changes, without building the application twice.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type TestInfo } from '@playwright/test';
import pg from 'pg';
import { Calls, postEvents } from '../support/events.ts';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.ts';
import { createTempDir } from '../support/temp-dir.ts';
import { NODE, ROOT, vigieEnv, VigieServer, type Env } from '../support/vigie-process.ts';

const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const NAME = `vigie-${version}-linux-x64`;
const ARCHIVE = path.join(ROOT, 'release', `${NAME}.tar.gz`);
const QUEUE = 'Mise à jour';

/** Unpacks the archive into `dir` (which it leaves holding `vigie-<version>/`) and returns the release's root. */
function unpack(dir: string): string {
	fs.mkdirSync(dir, { recursive: true });
	execFileSync('tar', ['--extract', '--gzip', '--file', ARCHIVE, '--directory', dir]);
	return path.join(dir, `vigie-${version}`);
}

/** A release's own command, as an operator runs it. */
function vigie(release: string, args: string[], env: Env): string {
	return execFileSync(path.join(release, 'bin/vigie'), args, { env: vigieEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
		.toString()
		.trim();
}

test.describe.configure({ mode: 'serial' });

test.describe('the release archive', () => {
	let dir: Awaited<ReturnType<typeof createTempDir>>;
	let servers: VigieServer[] = [];
	const databases: PostgresDatabase[] = [];

	test.beforeAll(async () => {
		test.setTimeout(300_000);
		dir = await createTempDir('vigie-release-');
		execFileSync(NODE, ['src/release/build-release.ts'], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
			timeout: 280_000
		});
	});
	test.afterEach(async ({}, testInfo: TestInfo) => {
		if (testInfo.status !== testInfo.expectedStatus)
			for (const s of servers) console.error(`${s.options.executable} output:\n${s.output.slice(-2500)}`);
		for (const s of servers) await s.kill();
		servers = [];
	});
	test.afterAll(async () => {
		for (const database of databases) await database.drop();
		await dir?.remove();
	});

	test('comes with its checksum and a CycloneDX bill of materials of the production modules', () => {
		execFileSync('sha256sum', ['--check', '--status', `${NAME}.tar.gz.sha256`], { cwd: path.dirname(ARCHIVE) });
		const sbom = JSON.parse(fs.readFileSync(path.join(ROOT, 'release', `${NAME}.cdx.json`), 'utf8'));
		expect(sbom.bomFormat).toBe('CycloneDX');
		const names = new Set((sbom.components as { name: string }[]).map((c) => c.name));
		for (const name of ['kysely', 'pg', 'ws', '@electric-sql/pglite']) expect(names).toContain(name);
		expect(names).not.toContain('vitest');
	});

	test('installs into an empty directory and runs with no network at all', () => {
		// Everything below runs in a network namespace of its own: only a loopback, no route anywhere.
		const script = `
			set -e
			ip link set lo up
			tar --extract --gzip --file "$ARCHIVE" --directory "$TARGET"
			cd "$TARGET/vigie-${version}"
			export VIGIE_DATA_DIR="$TARGET/data" PORT=3999 HOST=127.0.0.1 VIGIE_LOG_LEVEL=warn VIGIE_DEMO=0
			bin/vigie migrate 2>/dev/null
			token=$(bin/vigie token create --role viewer --name kiosk)
			bin/vigie start > "$TARGET/start.log" 2>&1 &
			pid=$!
			for i in $(seq 1 240); do curl -fs http://127.0.0.1:3999/healthz >/dev/null && break; sleep 0.25; done
			echo "readyz $(curl -s -H "Authorization: Bearer $token" http://127.0.0.1:3999/readyz)"
			echo "wall $(curl -s -o /dev/null -w '%{http_code}' -b "vigie_token=$token" "http://127.0.0.1:3999/wall/default?token=$token")"
			echo "registry $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 https://registry.npmjs.org/ || true)"
			kill $pid; wait $pid || true
		`;
		const target = path.join(dir.dir, 'offline');
		fs.mkdirSync(target);
		const out = execFileSync('unshare', ['--net', 'sh', '-c', script], {
			env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ARCHIVE, TARGET: target },
			timeout: 120_000
		}).toString();
		expect(out).toMatch(/readyz \{"database":"ok","pending_events":0/);
		expect(out).toMatch(/wall 303/); // the token moves into a cookie: the page answers
		expect(out).toMatch(/registry 000/); // nothing reachable: the proof that nothing above needed the network
	});

	test('upgrades from the previous release: migrations run, the screen reloads by itself; the rollback restores', async ({
		browser
	}) => {
		// The previous release has another build; the next one a migration more.
		const previous = unpack(path.join(dir.dir, 'previous'));
		fs.writeFileSync(path.join(previous, 'build/client/_app/version.json'), JSON.stringify({ version: 'previous' }));
		const next = unpack(path.join(dir.dir, 'next'));
		const newest = '999999_release_upgrade_probe.sql';
		fs.writeFileSync(
			path.join(next, 'migrations', newest),
			'-- Added by the release test: the next release brings a migration.\nCREATE TABLE release_upgrade_probe (id int);\n'
		);

		const database = await createPostgresDatabase('ops_release');
		databases.push(database);
		const env: Env = { DATABASE_URL: database.url, VIGIE_DEMO: '0' };
		const ingest = vigie(previous, ['token', 'create', '--role', 'ingest', '--name', 'connector'], env);
		const viewer = vigie(previous, ['token', 'create', '--role', 'viewer', '--name', 'kiosk'], env);
		const old = await VigieServer.start({
			command: 'start',
			env: vigieEnv(env),
			executable: path.join(previous, 'bin/vigie')
		});
		servers.push(old);

		const page = await browser.newPage();
		await page.goto(`${old.url}/wall/default?token=${viewer}`);
		const waiting = page.locator(`[data-metric="waiting"][data-queue="${QUEUE}"]`);
		const calls = new Calls();
		await postEvents(old.url, ingest, calls.queue(QUEUE, 3).events);
		await expect(waiting).toHaveText('3');
		await page.evaluate(() => ((window as unknown as { beforeUpgrade: boolean }).beforeUpgrade = true));

		// The upgrade, as the operations guide says: back up, stop, start the new release in its place.
		const backup = path.join(dir.dir, 'before-upgrade.dump');
		expect(vigie(previous, ['backup', '--out', backup], env)).toMatch(/^VIGIE BACKUP OK/);
		await old.stop();
		const upgraded = await VigieServer.start({ ...old.options, executable: path.join(next, 'bin/vigie') });
		servers.push(upgraded);

		const client = new pg.Client({ connectionString: database.url });
		await client.connect();
		const applied = await client.query('SELECT name FROM kysely_migration WHERE name = $1', [
			newest.replace(/\.sql$/, '')
		]);
		await client.end();
		expect(applied.rowCount, `${newest} applied by the upgrade`).toBe(1);

		// The screen reconnects, learns the build changed, and reloads itself: the page's state is gone.
		await expect
			.poll(
				() =>
					page
						.evaluate(() => (window as unknown as { beforeUpgrade?: boolean }).beforeUpgrade ?? false)
						.catch(() => true), // caught in the middle of the reload: look again
				{ timeout: 30_000 }
			)
			.toBe(false);
		await expect(page.locator('main[data-connection]')).toHaveAttribute('data-connection', 'live');
		await expect(waiting).toHaveText('3');
		await postEvents(upgraded.url, ingest, calls.queue(QUEUE, 2).events);
		await expect(waiting).toHaveText('5');

		// Rollback: the previous release on the backup taken before the upgrade, in a new database.
		await upgraded.stop();
		const rolledBack = await createPostgresDatabase('ops_rollback');
		databases.push(rolledBack);
		const rollbackEnv: Env = { DATABASE_URL: rolledBack.url, VIGIE_DEMO: '0' };
		expect(vigie(previous, ['restore', backup], rollbackEnv)).toMatch(/^VIGIE RESTORE OK/);
		const back = await VigieServer.start({ ...old.options, env: vigieEnv(rollbackEnv) });
		servers.push(back);
		const after = await browser.newPage();
		await after.goto(`${back.url}/wall/default?token=${viewer}`);
		await expect(after.locator(`[data-metric="waiting"][data-queue="${QUEUE}"]`)).toHaveText('3');
	});
});
