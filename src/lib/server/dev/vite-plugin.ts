import type { Plugin } from 'vite';
import { WebSocketServer } from 'ws';
import { publishApp } from '../app.ts';
import { readConfig } from '../config.ts';
import { announceDemoKiosk } from '../demo/demo-kiosk.ts';
import { handleUpgrade } from '../live/upgrade.ts';
import { createLogger } from '../log.ts';
import { startRuntime, type Runtime } from '../runtime.ts';

/**
 * NOTE: Vite restarts its server (and calls this plugin again) whenever a file it bundled into the config changes.
 * The runtime lives once per process across those restarts: a second embedded database on the same directory
 * would corrupt it.
 */
const DEV_RUNTIME_KEY = Symbol.for('vigie.dev-runtime');
type WithDevRuntime = { [DEV_RUNTIME_KEY]?: Promise<Runtime> };

/**
 * `vite dev` gets what the production server has: the worker, the live hub and `/ws` on Vite's own HTTP server.
 * Every other upgrade (Vite's hot reload) is left to Vite.
 */
export function vigieDevServer(): Plugin {
	return {
		name: 'vigie-dev-server',
		apply: 'serve',
		async configureServer(server) {
			// Vitest runs Vite in serve mode too; its tests start what they need themselves.
			if (process.env.VITEST || !server.httpServer) return;
			const config = readConfig();
			const log = createLogger(config.logLevel);
			const holder = globalThis as WithDevRuntime;
			holder[DEV_RUNTIME_KEY] ??= startRuntime(config, log, { web: true, worker: true, demo: config.demo });
			const app = (await holder[DEV_RUNTIME_KEY]).app!;
			publishApp(app);
			const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
			server.httpServer.on('upgrade', (request, socket, head) => {
				void handleUpgrade(app, wss, request, socket, head, () => {});
			});
			server.httpServer.once('listening', () => {
				const address = server.httpServer?.address();
				const port = typeof address === 'object' && address ? address.port : config.port;
				if (config.demo) void announceDemoKiosk(app.database.db, `http://localhost:${port}`, config.dataDir);
			});
		}
	};
}
