/**
 * The systemd units the release ships (src/release/deploy/), checked by systemd itself: `systemd-analyze verify`
 * finds no error, and `systemd-analyze security` rates their hardening (issue #11 item 2: ProtectSystem,
 * NoNewPrivileges, a dedicated user) at most "OK". Only the installed paths are pointed at this checkout.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir } from '../support/temp-dir.ts';
import { CLI, ROOT } from '../support/vigie-process.ts';

const UNITS = { 'vigie-web@3000.service': 'vigie-web@.service', 'vigie-worker.service': 'vigie-worker.service' };

describe('the shipped systemd units', () => {
	let dir: Awaited<ReturnType<typeof createTempDir>>;
	beforeAll(async () => {
		dir = await createTempDir('vigie-units-');
		const envFile = path.join(dir.dir, 'vigie.env');
		fs.copyFileSync(path.join(ROOT, 'src/release/deploy/vigie.env.example'), envFile);
		for (const [installed, shipped] of Object.entries(UNITS)) {
			const text = fs
				.readFileSync(path.join(ROOT, 'src/release/deploy', shipped), 'utf8')
				.replaceAll('/opt/vigie/current/bin/vigie', CLI)
				.replaceAll('/opt/vigie/current', ROOT)
				.replaceAll('/etc/vigie/vigie.env', envFile);
			fs.writeFileSync(path.join(dir.dir, installed), text);
		}
	});
	afterAll(() => dir?.remove());

	for (const unit of Object.keys(UNITS)) {
		it(`${unit}: systemd finds no error and rates its hardening OK or better`, () => {
			const file = path.join(dir.dir, unit);
			const verify = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
			expect(verify.stderr).toBe('');
			expect(verify.status).toBe(0);
			const text = fs.readFileSync(file, 'utf8');
			for (const line of [
				'User=vigie',
				'NoNewPrivileges=yes',
				'ProtectSystem=strict',
				'EnvironmentFile=',
				'StandardError=journal'
			])
				expect(text).toContain(line);
			const security = execFileSync('systemd-analyze', ['security', '--offline=true', file], { encoding: 'utf8' });
			const exposure = Number(/Overall exposure level for .*: ([\d.]+)/.exec(security)?.[1]);
			expect(exposure).toBeLessThanOrEqual(4);
		});
	}
});
