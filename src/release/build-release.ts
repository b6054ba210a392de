/**
 * `npm run release`: one archive that installs and runs with no network (contract §6, issue #11 item 1).
 *
 *   release/vigie-<version>-linux-x64.tar.gz         the archive, one top directory vigie-<version>/
 *   release/vigie-<version>-linux-x64.tar.gz.sha256  its checksum, as `sha256sum -c` reads it
 *   release/vigie-<version>-linux-x64.cdx.json       the software bill of materials (CycloneDX, `npm sbom`)
 *
 * Inside: bin/vigie (every command, on the runtime it carries), runtime/node (the Node the project pins, from the
 * npm package `node`), the built web application, the production node_modules (native parts already built for
 * linux-x64), src/ (the server and CLI, TypeScript run as it is by Node), migrations/, deploy/ (systemd units,
 * nginx example, settings file), docs/ and the SBOM. Nothing is downloaded at install or at run time.
 *
 * It runs after `npm run build` (`npm run release` does both) in a checkout whose `npm ci` is done: the
 * production modules are this checkout's, pruned of the development ones, offline.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'release');

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const name = `vigie-${pkg.version}-linux-x64`;
const top = `vigie-${pkg.version}`;
const stageRoot = path.join(OUT, '.stage');
const stage = path.join(stageRoot, top);

function step(what: string): void {
	console.error(`release: ${what}`);
}

function sh(program: string, args: string[], cwd = ROOT): string {
	return execFileSync(program, args, {
		cwd,
		stdio: ['ignore', 'pipe', 'inherit'],
		maxBuffer: 256 * 1024 * 1024
	}).toString();
}

function copy(from: string, to = from, filter?: (source: string) => boolean): void {
	fs.cpSync(path.join(ROOT, from), path.join(stage, to), { recursive: true, filter });
}

const buildVersionFile = path.join(ROOT, 'build/client/_app/version.json');
if (!fs.existsSync(path.join(ROOT, 'build/handler.js')) || !fs.existsSync(buildVersionFile)) {
	throw new Error('the web application is not built: run `npm run release` (it builds first), or `npm run build`');
}
const runtime = path.join(ROOT, 'node_modules/node/bin/node');
if (!fs.existsSync(runtime)) throw new Error('the pinned Node runtime is missing: run `npm ci` first');

const started = performance.now();
fs.rmSync(stageRoot, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });

step('application (build/, src/, migrations/, docs/)');
copy('build');
copy('src', 'src', (source) => !source.endsWith('.spec.ts') && !source.includes(`${path.sep}release${path.sep}deploy`));
copy('migrations');
copy('docs');
for (const file of ['package.json', 'package-lock.json', 'README.md']) copy(file);
copy('src/release/deploy', 'deploy');

step('runtime (the pinned Node)');
fs.mkdirSync(path.join(stage, 'runtime'));
fs.copyFileSync(runtime, path.join(stage, 'runtime/node'));
fs.chmodSync(path.join(stage, 'runtime/node'), 0o755);
const nodeVersion = sh(path.join(stage, 'runtime/node'), ['--version']).trim();

step('production node_modules (pruned offline)');
// Hard links: instant and no extra space; pruning removes links, never edits a file in place.
sh('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules')]);
fs.rmSync(path.join(stage, 'node_modules/.package-lock.json'), { force: true });
fs.rmSync(path.join(stage, 'node_modules/.cache'), { recursive: true, force: true });
execFileSync('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
	cwd: stage,
	stdio: 'pipe' // npm's engine warnings (see the README) would only hide the steps
});
// Scopes whose every package was a development one stay behind empty.
sh('find', [path.join(stage, 'node_modules'), '-mindepth', '1', '-maxdepth', '1', '-type', 'd', '-empty', '-delete']);

step('bin/vigie');
fs.mkdirSync(path.join(stage, 'bin'));
fs.writeFileSync(
	path.join(stage, 'bin/vigie'),
	`#!/bin/sh
# Vigie's command line, on the Node runtime this release carries (${nodeVersion}); the machine's own Node is not used.
# The heap settings are Vigie's (see src/cli/vigie.js).
here=$(dirname "$(readlink -f "$0")")
root=$(dirname "$here")
exec "$root/runtime/node" --max-old-space-size=512 --max-semi-space-size=4 "$root/src/cli/vigie.js" "$@"
`,
	{ mode: 0o755 }
);

step('software bill of materials (npm sbom, CycloneDX)');
const sbomFile = `${name}.cdx.json`;
const sbom = execFileSync('npm', ['sbom', '--sbom-format', 'cyclonedx', '--omit', 'dev', '--offline'], {
	cwd: ROOT,
	stdio: ['ignore', 'pipe', 'pipe'],
	maxBuffer: 64 * 1024 * 1024
}).toString();
fs.writeFileSync(path.join(stage, 'sbom.cdx.json'), sbom);
fs.writeFileSync(path.join(OUT, sbomFile), sbom);

const commit = (() => {
	try {
		return sh('git', ['rev-parse', 'HEAD']).trim();
	} catch {
		return null; // not a git checkout: the release says so rather than invent one
	}
})();
const buildVersion = (JSON.parse(fs.readFileSync(buildVersionFile, 'utf8')) as { version: string }).version;
fs.writeFileSync(
	path.join(stage, 'release.json'),
	JSON.stringify({ name: 'vigie', version: pkg.version, build: buildVersion, node: nodeVersion, commit }, null, '\t') +
		'\n'
);

step(`archive ${name}.tar.gz`);
const archive = path.join(OUT, `${name}.tar.gz`);
fs.rmSync(archive, { force: true });
// gzip -1: a third faster than the default here for a few percent more bytes (most of it is the Node binary).
sh('tar', [
	'--create',
	'--use-compress-program=gzip -1',
	'--owner=0',
	'--group=0',
	'--file',
	archive,
	'-C',
	stageRoot,
	top
]);
fs.rmSync(stageRoot, { recursive: true, force: true });

const hash = createHash('sha256');
for (const chunk of [fs.readFileSync(archive)]) hash.update(chunk);
const sha256 = hash.digest('hex');
fs.writeFileSync(`${archive}.sha256`, `${sha256}  ${name}.tar.gz\n`);

const mb = (fs.statSync(archive).size / 1024 / 1024).toFixed(1);
console.log(
	`release/${name}.tar.gz ${mb} MB, sha256 ${sha256}, Node ${nodeVersion}, ${((performance.now() - started) / 1000).toFixed(0)} s`
);
