/**
 * The machine's own Node (Debian 12: Node 20) runs npm and may run the CLI's entry point; Vigie runs on the Node
 * the project pins. Two things an operator meets first: `node src/cli/vigie.js` must work as the README says, and
 * every warning `npm ci` prints must be explained there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../support/vigie-process.ts';

/** The PATH without the project's `node_modules/.bin`, which npm and npx put first. */
const machinePath = (process.env.PATH ?? '')
	.split(':')
	.filter((dir) => !dir.includes('node_modules'))
	.join(':');
/** The machine's `node`, as an operator's shell finds it. */
const machineNode = execFileSync('sh', ['-c', 'command -v node'], { env: { PATH: machinePath } })
	.toString()
	.trim();

describe("the machine's own Node", () => {
	it('runs `node src/cli/vigie.js` (on the pinned Node when its own is too old)', () => {
		const version = execFileSync(machineNode, ['--version']).toString().trim();
		const run = spawnSync(machineNode, [CLI, '--help'], { cwd: ROOT, env: { PATH: machinePath } });
		expect(run.stderr.toString(), `with ${machineNode} ${version}`).toBe('');
		expect(run.status).toBe(0);
		expect(run.stdout.toString()).toContain('Usage: vigie');
	});

	it('ends a command run through the older Node with the command’s own exit code', () => {
		const run = spawnSync(
			machineNode,
			[CLI, 'check', '--url', 'http://127.0.0.1:9', '--token', 't', '--timeout', '2'],
			{
				cwd: ROOT,
				env: { PATH: machinePath }
			}
		);
		expect(run.status).toBe(2);
		expect(run.stdout.toString()).toMatch(/^VIGIE CRITICAL/);
	});

	it('every EBADENGINE warning of `npm ci` is explained in the README', () => {
		const npm = spawnSync('npm', ['ci', '--dry-run', '--no-audit', '--no-fund'], {
			cwd: ROOT,
			env: { ...process.env, PATH: machinePath },
			timeout: 60_000
		});
		const warned = [...npm.stderr.toString().matchAll(/EBADENGINE\s+package: '(@?[^@']+)@/g)].map((m) => m[1]!);
		const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
		const explanation = readme.split('\n\n').find((paragraph) => paragraph.includes('EBADENGINE')) ?? '';
		for (const name of warned) expect(explanation, `README explains ${name}'s warning`).toContain(`\`${name}\``);
	});
});
