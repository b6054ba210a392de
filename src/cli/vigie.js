#!/usr/bin/env -S node --max-old-space-size=512 --max-semi-space-size=4
// The command line's entry point, in plain JavaScript so that it runs before any TypeScript does, on any Node.
//
// It turns on Node's compile cache, which keeps each module's type-stripped text and compiled code on disk:
// every later run neither loads the TypeScript stripper (about 20 MB that would stay in memory) nor compiles again.
//
// The heap settings above are Vigie's: V8 otherwise sizes its heap from the host's memory (on a 24 GiB host, a
// 4 GB ceiling, 64 MB young-generation semi-spaces, and an old generation allowed to grow to four times what it
// holds), so a process that allocates steadily, a year's export or a busy server, kept hundreds of megabytes it
// did not need. Measured on a year's export: 300 MB of RSS under those defaults, 135 MB under these, same speed.
// Every process of Vigie needs far less than the 512 MB ceiling.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

/** The oldest Node that runs Vigie's TypeScript as it is (type stripping) with a compile cache. */
const NEEDED_MAJOR = 22;
const NEEDED_MINOR = 18;
/** The Node the project pins (the npm package `node`), beside this checkout's or release's code. */
const PINNED_NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < NEEDED_MAJOR || (major === NEEDED_MAJOR && minor < NEEDED_MINOR)) {
	// `node src/cli/vigie.js` with the machine's older Node (Debian 12 has Node 20): run again on the pinned one,
	// with Vigie's heap settings, forwarding signals so that a service manager's stop reaches the real process.
	if (!fs.existsSync(PINNED_NODE)) {
		console.error(
			`vigie: Node ${NEEDED_MAJOR}.${NEEDED_MINOR} or newer is needed, this is Node ${process.versions.node}; ` +
				'run `npm ci` in the checkout (it installs the pinned Node 24), or use the release archive, whose bin/vigie carries its own.'
		);
		process.exit(1);
	}
	const child = spawn(
		PINNED_NODE,
		['--max-old-space-size=512', '--max-semi-space-size=4', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
		{ stdio: 'inherit' }
	);
	/** @type {NodeJS.Signals[]} */
	const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
	for (const signal of forwarded) process.on(signal, () => child.kill(signal));
	child.on('exit', (code, signal) => {
		if (!signal) process.exit(code ?? 1);
		// Ended by a signal: end the same way, so that the caller sees what the real process saw.
		for (const s of forwarded) process.removeAllListeners(s);
		process.kill(process.pid, signal);
	});
} else {
	module.enableCompileCache();
	await import('./program.ts');
}
