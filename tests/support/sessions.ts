/**
 * People and screens reaching a running Vigie the way browsers and kiosks do: a password sign-in over HTTP that
 * yields the session cookie, and `/ws` connections with chosen headers (an `Origin`, a cookie, a token).
 */
import WebSocket from 'ws';
import { runVigie, type Env } from './vigie-process.ts';

/** `vigie user add`, the password on standard input as a script would give it. */
export async function addUserWithCli(env: Env, name: string, role: string, password: string): Promise<void> {
	const added = await runVigie(['user', 'add', name, '--role', role], env, `${password}\n`);
	if (added.code !== 0) throw new Error(`vigie user add failed: ${added.stderr}`);
}

/** What a sign-in form post got back: its status, where it sends the browser, and the cookies it set. */
export interface SignInAnswer {
	status: number;
	location: string | null;
	setCookies: string[];
	/** `name=value` of the session cookie, ready for a `Cookie` header; `null` when none was set. */
	session: string | null;
}

/** Posts the sign-in form as a same-origin browser would (with its `Origin`), following no redirect. */
export async function postSignIn(url: string, user: string, password: string, headers: Record<string, string> = {}) {
	const response = await fetch(`${url}/login?/password`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams({ user, password, next: '/' })
	});
	await response.arrayBuffer();
	const setCookies = response.headers.getSetCookie();
	const session = setCookies.find((c) => c.startsWith('vigie_session='))?.split(';')[0] ?? null;
	return { status: response.status, location: response.headers.get('location'), setCookies, session };
}

/** A session cookie for that person, or an error saying why not. */
export async function signInOverHttp(url: string, user: string, password: string): Promise<string> {
	const answer = await postSignIn(url, user, password);
	if (!answer.session) throw new Error(`sign-in of ${user} failed: ${answer.status}`);
	return answer.session;
}

/** The outcome of a `/ws` upgrade: the open socket, or the HTTP status it was refused with. */
export type SocketAttempt = { open: WebSocket; status?: undefined } | { open?: undefined; status: number };

/** `/ws` for `screen`, with more parameters if given (e.g. a replay's). */
export function openLiveSocket(
	url: string,
	screen: string,
	headers: Record<string, string>,
	parameters: Record<string, string> = {}
): Promise<SocketAttempt> {
	return new Promise((resolve, reject) => {
		const query = new URLSearchParams({ screen, ...parameters });
		const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws?${query}`, { headers });
		ws.once('open', () => resolve({ open: ws }));
		ws.once('unexpected-response', (_request, response) => {
			resolve({ status: response.statusCode ?? 0 });
			ws.terminate();
		});
		ws.once('error', reject);
	});
}

/** Resolves with the close code once the server closes `socket`. */
export function closed(socket: WebSocket): Promise<number> {
	return new Promise((resolve) => {
		if (socket.readyState === WebSocket.CLOSED) return resolve(-1);
		socket.once('close', (code) => resolve(code));
	});
}
