import type { Config } from './config.ts';
import type { VigieDatabase } from './db/database.ts';
import type { AccessWatch } from './live/access-watch.ts';
import type { LiveHub } from './live/hub.ts';
import type { Logger } from './log.ts';
import type { VigieMetrics } from './metrics.ts';

/** What a web process shares between its HTTP handler, its WebSocket server and its background work. */
export interface VigieApp {
	config: Config;
	log: Logger;
	database: VigieDatabase;
	hub: LiveHub;
	/** Closes open screens whose credentials were revoked. */
	access: AccessWatch;
	metrics: VigieMetrics;
	/** The installed build (see build-version.ts); `null` in development. */
	build: string | null;
}

/**
 * NOTE: the custom server runs our modules directly while SvelteKit's handler carries its own bundled copies;
 * the one instance of each service crosses between them through this global symbol.
 */
const APP_KEY = Symbol.for('vigie.app');

export function publishApp(app: VigieApp | null): void {
	(globalThis as Record<symbol, unknown>)[APP_KEY] = app ?? undefined;
}

export function currentApp(): VigieApp {
	const app = (globalThis as Record<symbol, unknown>)[APP_KEY] as VigieApp | undefined;
	if (!app) throw new Error('Vigie is not started: run it with `vigie start` or `vigie web` (or `npm run dev`).');
	return app;
}
