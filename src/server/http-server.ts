import fs from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { publishApp, type VigieApp } from '../lib/server/app.ts';
import { BASELINE_HEADERS, bodySizeRefusal } from '../lib/server/http/security-headers.ts';
import { handleUpgrade } from '../lib/server/live/upgrade.ts';

const HANDLER = new URL('../../build/handler.js', import.meta.url);
/** Requests still running at shutdown get this long to finish before their connections are cut. */
const DRAIN_MS = 5000;
/** Screens send nothing; a larger frame is a foreign client. */
const MAX_CLIENT_FRAME_BYTES = 4096;
const PROTOCOL_HEADER = 'x-vigie-protocol';

function pathOf(requestUrl: string | undefined): string {
	try {
		return new URL(requestUrl ?? '/', 'http://localhost').pathname;
	} catch {
		return '/';
	}
}

function headerValue(value: string | string[] | undefined): string | null {
	return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

export interface RunningHttpServer {
	url: string;
	close(): Promise<void>;
}

/**
 * The production server: SvelteKit's adapter-node handler for HTTP, and the live screens on `/ws`,
 * on one port.
 */
export async function serveHttp(app: VigieApp): Promise<RunningHttpServer> {
	if (!fs.existsSync(fileURLToPath(HANDLER))) {
		throw new Error('the web application is not built: run `npm run build` first (`npm start` does it).');
	}
	// Every route's body is capped by adapter-node. The event intake checks its own, lower limit first, to answer
	// the contract's 413 with a reason; the other routes are held to a form's size before that (below).
	process.env.BODY_SIZE_LIMIT ??= String(2 * app.config.ingestMaxBytes);
	// NOTE: without ORIGIN, adapter-node assumes https, and form posts over plain http would fail its CSRF
	// check. This server knows the real protocol; it says so in a header of its own that clients cannot forge.
	// Behind a TLS-terminating proxy, set ORIGIN (adapter-node's own variable) instead.
	process.env.PROTOCOL_HEADER ??= PROTOCOL_HEADER;
	publishApp(app);
	const { handler } = (await import(HANDLER.href)) as { handler: http.RequestListener };

	const server = http.createServer((request, response) => {
		request.headers[PROTOCOL_HEADER] = 'http';
		// The built assets never pass through SvelteKit's hooks: they get the baseline headers here.
		for (const [name, value] of Object.entries(BASELINE_HEADERS)) response.setHeader(name, value);
		// A body too large for its route is refused before it is read (hooks.server.ts checks a declared length
		// too, for `vite dev`; a body of unknown length can only be judged here, before adapter-node reads it).
		const refusal = bodySizeRefusal(request.method ?? 'GET', pathOf(request.url), {
			get: (name) => headerValue(request.headers[name])
		});
		if (refusal) {
			response.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
			response.end(refusal.message);
			return;
		}
		handler(request, response);
	});
	const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
	server.on('upgrade', (request, socket, head) => void handleUpgrade(app, wss, request, socket, head));

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(app.config.port, app.config.host, () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : app.config.port;
	const url = `http://${app.config.host === '0.0.0.0' ? 'localhost' : app.config.host}:${port}`;
	app.log.info({ url }, 'web: listening');

	return {
		url,
		async close() {
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			for (const screen of wss.clients) screen.close(1001, 'server shutting down');
			server.closeIdleConnections();
			const force = setTimeout(() => {
				server.closeAllConnections();
				for (const screen of wss.clients) screen.terminate();
			}, DRAIN_MS);
			await closed;
			clearTimeout(force);
			wss.close();
			publishApp(null);
		}
	};
}
