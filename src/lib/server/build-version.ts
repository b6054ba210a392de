import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const VERSION_FILE = fileURLToPath(new URL('../../../build/client/_app/version.json', import.meta.url));

/**
 * The installed web application's build (SvelteKit's version, a new one at each build): the pages a screen was
 * served carry it, and the live socket's greeting says which one serves now, so that a screen reloads itself after
 * an upgrade. NOTE: read from the installed build's file rather than compiled into the server, so that the
 * greeting and the pages always name the same build, whatever was installed; `null` before any build (dev).
 */
export function readBuildVersion(): string | null {
	try {
		const { version } = JSON.parse(fs.readFileSync(VERSION_FILE, 'utf8')) as { version?: unknown };
		return typeof version === 'string' ? version : null;
	} catch {
		return null; // not built yet: `npm run dev`, where Vite reloads the pages itself
	}
}
