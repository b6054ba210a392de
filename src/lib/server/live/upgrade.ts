import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { parse as parseCookies } from 'cookie';
import type { WebSocketServer } from 'ws';
import type { VigieApp } from '../app.ts';
import { hasRole } from '../auth/principal.ts';
import { identify } from '../auth/identify.ts';
import { TOKEN_COOKIE } from '../auth/tokens.ts';
import { isOwnSocketOrigin } from '../http/security-headers.ts';
import { SESSION_COOKIE } from '../auth/users.ts';
import { screenExists } from '../wall-config/screens.ts';
import { mayShowScreen } from '../auth/screen-access.ts';
import { parseReplayRequest } from '../../domain/replay.ts';

export const WS_PATH = '/ws';

/**
 * Routes an HTTP upgrade: `/ws?screen=…` with a viewer (or better) token becomes a live screen; anything else
 * gets a real HTTP status before any WebSocket exists. Other paths are left to `otherwise` (Vite's HMR in dev).
 */
export async function handleUpgrade(
	app: VigieApp,
	wss: WebSocketServer,
	request: IncomingMessage,
	socket: Duplex,
	head: Buffer,
	otherwise: () => void = () => refuse(socket, 404, 'Not Found')
): Promise<void> {
	const url = new URL(request.url ?? '/', 'http://localhost');
	if (url.pathname !== WS_PATH) return otherwise();
	socket.on('error', () => socket.destroy());
	// A page of another site, opened by a signed-in person, would otherwise read the feed with their cookies.
	if (!isOwnSocketOrigin(request.headers.origin, request.headers.host, app.config.origin)) {
		return refuse(socket, 403, 'Forbidden');
	}
	const screen = url.searchParams.get('screen') ?? '';
	const replay = parseReplayRequest(
		url.searchParams.get('replay'),
		url.searchParams.get('speed'),
		app.config.timezone,
		Date.now()
	);
	// The page has refused these already, in words; a socket asked for them directly gets the status.
	if (replay.kind === 'bad') return refuse(socket, 400, 'Bad Request');
	const cookies = parseCookies(request.headers.cookie ?? '');
	const credentials = {
		authorization: request.headers.authorization,
		sessionCookie: cookies[SESSION_COOKIE],
		tokenCookie: cookies[TOKEN_COOKIE],
		address: request.socket.remoteAddress ?? null
	};
	const db = app.database.db;
	const allowed = async () => {
		const principal = await identify(db, credentials);
		return principal !== null && hasRole(principal, 'viewer') && (await mayShowScreen(db, principal, screen));
	};
	try {
		if (!(await allowed())) return refuse(socket, 401, 'Unauthorized');
		if (!(await screenExists(db, screen))) return refuse(socket, 404, 'Not Found');
	} catch (error) {
		app.log.error({ err: error }, 'live: could not check a screen connection');
		return refuse(socket, 503, 'Service Unavailable');
	}
	// The same credentials are checked again while the screen stays open: revoking them closes it.
	const key = [credentials.sessionCookie, credentials.authorization, credentials.tokenCookie].join('\u0000');
	wss.handleUpgrade(request, socket, head, (ws) => {
		app.access.watch(ws, key, allowed);
		app.hub.attach(ws, screen, replay.kind === 'replay' ? { at: replay.at, speed: replay.speed } : null);
	});
}

function refuse(socket: Duplex, status: number, reason: string): void {
	socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
