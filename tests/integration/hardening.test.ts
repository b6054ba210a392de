/**
 * Issue #10's hostile-network findings (items 3, 4, 5, 8, 10, 11 and the body limit of item 1), tried against the
 * real built server on PostgreSQL, the way an attacker on the same network would.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUserWithCli, openLiveSocket, signInOverHttp } from '../support/sessions.ts';
import { startVigieOnPostgres, vigieEnv, VigieServer, type VigieOnPostgres } from '../support/vigie-process.ts';
import { delay, waitFor } from '../support/wait.ts';

const PASSWORD = 'un mot de passe solide';

describe('a Vigie server tried from the local network', () => {
	let vigie: VigieOnPostgres<'admin' | 'ingest' | 'viewer'>;
	let url: string;

	beforeAll(async () => {
		vigie = await startVigieOnPostgres(['admin', 'ingest', 'viewer']);
		url = vigie.server.url;
		await addUserWithCli(vigieEnv({ DATABASE_URL: vigie.database.url }), 'claire.martin', 'admin', PASSWORD);
	});
	afterAll(() => vigie?.stop());

	const bearer = (role: 'admin' | 'ingest' | 'viewer') => ({ authorization: `Bearer ${vigie.tokens[role]}` });

	it('forbids framing and sniffing on every page and API answer, and keeps authenticated answers out of caches', async () => {
		const session = await signInOverHttp(url, 'claire.martin', PASSWORD);
		const answers = {
			login: await fetch(`${url}/login`),
			healthz: await fetch(`${url}/healthz`),
			unauthenticatedApi: await fetch(`${url}/api/export/queues.csv?from=2026-01-01&to=2026-01-01`),
			home: await fetch(`${url}/`, { headers: { cookie: session } }),
			admin: await fetch(`${url}/admin/screens`, { headers: { cookie: session } }),
			export: await fetch(`${url}/api/export/queues.csv?from=2026-01-01&to=2026-01-01`, { headers: bearer('admin') })
		};
		for (const [what, response] of Object.entries(answers)) {
			await response.arrayBuffer();
			const headers = response.headers;
			expect(headers.get('content-security-policy'), what).toContain("frame-ancestors 'none'");
			expect(headers.get('x-frame-options'), what).toBe('DENY');
			expect(headers.get('x-content-type-options'), what).toBe('nosniff');
			expect(headers.get('referrer-policy'), what).toBe('same-origin');
			// Plain http: HSTS would be meaningless, and wrong if the site ever has to fall back to it.
			expect(headers.get('strict-transport-security'), what).toBeNull();
		}
		for (const what of ['home', 'admin', 'export'] as const) {
			expect(answers[what].status, what).toBe(200);
			expect(answers[what].headers.get('cache-control'), what).toContain('no-store');
		}
		// The page's scripts run only from this site: no inline script without the page's nonce or hash.
		const pageCsp = answers.admin.headers.get('content-security-policy')!;
		expect(pageCsp).toMatch(/script-src 'self' ('nonce-|'sha256-)/);
		expect(pageCsp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
	});

	it('sends no-sniff with the built assets too', async () => {
		const html = await (await fetch(`${url}/login`)).text();
		const asset = /\/_app\/immutable\/[^"]+\.js/.exec(html)![0];
		const response = await fetch(`${url}${asset}`);
		await response.arrayBuffer();
		expect(response.status).toBe(200);
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('refuses the live feed to a page of another intranet site, and keeps it for its own pages and for scripts', async () => {
		const session = await signInOverHttp(url, 'claire.martin', PASSWORD);
		const foreign = await openLiveSocket(url, 'default', { cookie: session, origin: 'http://annuaire.intranet' });
		expect(foreign.status).toBe(403);
		const lookalike = await openLiveSocket(url, 'default', { cookie: session, origin: `${url}.evil.intranet` });
		expect(lookalike.status).toBe(403);
		const own = await openLiveSocket(url, 'default', { cookie: session, origin: url });
		expect(own.open).toBeDefined();
		own.open!.close();
		// A kiosk script or a supervision probe sends no Origin: a browser always does.
		const script = await openLiveSocket(url, 'default', bearer('viewer'));
		expect(script.open).toBeDefined();
		script.open!.close();
	});

	it('refuses a large body on the sign-in form at once, and keeps the intake limit for events', async () => {
		const big = 'user=x&password=' + 'a'.repeat(512 * 1024);
		const started = performance.now();
		const login = await fetch(`${url}/login?/password`, {
			method: 'POST',
			headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
			body: big
		});
		expect(login.status).toBe(413);
		expect(await login.text()).toMatch(/too large|trop/i);
		expect(performance.now() - started).toBeLessThan(2000);

		// Streamed without a length, the body is counted as it comes: still refused.
		const chunked = await fetch(`${url}/login?/password`, {
			method: 'POST',
			headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
			body: new Blob([big]).stream(),
			duplex: 'half'
		} as RequestInit);
		expect([411, 413]).toContain(chunked.status);
		await chunked.arrayBuffer();

		const lines = Array.from({ length: 2000 }, (_, i) =>
			JSON.stringify({
				id: `big-${i}`,
				type: 'call.queued',
				at: '2026-01-05T09:00:00Z',
				call: `c${i}`,
				queue: 'Support'
			})
		).join('\n');
		expect(lines.length).toBeGreaterThan(128 * 1024);
		const events = await fetch(`${url}/api/events`, {
			method: 'POST',
			headers: { ...bearer('ingest'), 'content-type': 'application/x-ndjson' },
			body: lines
		});
		expect(events.status).toBe(200);
		expect((await events.json()).accepted).toBe(2000);
	});

	it('ignores a sign-out posted by another site, with or without a content type', async () => {
		const session = await signInOverHttp(url, 'claire.martin', PASSWORD);
		const forged: Record<string, string>[] = [
			{ origin: 'http://annuaire.intranet' },
			{ origin: 'http://annuaire.intranet', 'content-type': 'text/plain' },
			{ 'sec-fetch-site': 'same-site' },
			{ 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' }
		];
		for (const headers of forged) {
			const response = await fetch(`${url}/logout`, {
				method: 'POST',
				redirect: 'manual',
				headers: { cookie: session, ...headers }
			});
			expect(response.status, JSON.stringify(headers)).toBe(403);
			await response.arrayBuffer();
		}
		const still = await fetch(`${url}/`, { headers: { cookie: session }, redirect: 'manual' });
		expect(still.status).toBe(200);
		await still.arrayBuffer();
	});

	it('deletes the session and kiosk cookies with attributes a plain-http browser accepts', async () => {
		const session = await signInOverHttp(url, 'claire.martin', PASSWORD);
		const kiosk = await fetch(`${url}/wall/default?token=${vigie.tokens.viewer}`, { redirect: 'manual' });
		await kiosk.arrayBuffer();
		const tokenCookie = kiosk.headers.getSetCookie().find((c) => c.startsWith('vigie_token='));
		expect(tokenCookie).toBeDefined();
		expect(tokenCookie).not.toMatch(/;\s*secure/i);

		const out = await fetch(`${url}/logout`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: url, cookie: `${session}; ${tokenCookie!.split(';')[0]}` }
		});
		await out.arrayBuffer();
		expect(out.status).toBe(303);
		const deletions = out.headers.getSetCookie();
		for (const name of ['vigie_session', 'vigie_token']) {
			const deletion = deletions.find((c) => c.startsWith(`${name}=`));
			expect(deletion, name).toMatch(/Max-Age=0/i);
			expect(deletion, name).not.toMatch(/;\s*secure/i);
			expect(deletion, name).toMatch(/HttpOnly/i);
			expect(deletion, name).toMatch(/SameSite=Lax/i);
		}
	});

	it('answers deeply nested JSON with a clear 400', async () => {
		const nested = '['.repeat(100_000) + ']'.repeat(100_000);
		const response = await fetch(`${url}/api/events`, {
			method: 'POST',
			headers: { ...bearer('ingest'), 'content-type': 'application/json' },
			body: nested
		});
		expect(response.status).toBe(400);
		expect((await response.json()).error).toMatch(/nest/i);
	});

	it('tells a sender without a content type which one to send', async () => {
		const response = await fetch(`${url}/api/events`, {
			method: 'POST',
			// curl --data-binary sends this form type unless told otherwise.
			headers: { ...bearer('ingest'), 'content-type': 'application/x-www-form-urlencoded' },
			body: JSON.stringify({ id: 'x', type: 'call.queued', at: '2026-01-05T09:00:00Z', call: 'c', queue: 'q' })
		});
		expect(response.status).toBe(415);
		expect((await response.json()).error).toContain('Content-Type: application/x-ndjson');
	});

	it('answers a NUL byte in a filter with a clear 400 before any byte of the file', async () => {
		for (const path of [
			'/api/export/queues.csv?from=2026-01-01&to=2026-01-02&queue=Support%00x',
			'/api/export/agents.csv?from=2026-01-01&to=2026-01-02&agent=a%00b',
			'/reports/export/queues.csv?from=2026-01-01&to=2026-01-02&queue=Support%00x'
		]) {
			const response = await fetch(`${url}${path}`, { headers: bearer('admin') });
			expect(response.status, path).toBe(400);
			expect(await response.text(), path).not.toMatch(/^period_start/);
		}
	});

	it('logs an unexpected error as one JSON line, without colours or a bare stack', async () => {
		const before = vigie.server.output.length;
		// A sender that goes away in the middle of its body: the route's read fails unexpectedly.
		await new Promise<void>((resolve) => {
			const socket = net.connect(Number(new URL(url).port), '127.0.0.1', () => {
				socket.write(
					`POST /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${vigie.tokens.ingest}\r\n` +
						'Content-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n{"id":'
				);
				setTimeout(() => {
					socket.destroy();
					resolve();
				}, 300);
			});
		});
		const logged = await waitFor('the error in the log', () => {
			const text = vigie.server.output.slice(before);
			return /aborted/.test(text) && text;
		});
		await delay(200);
		const text = vigie.server.output.slice(before);
		expect(text).not.toContain('\u001b[');
		for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
			expect(() => JSON.parse(line), line).not.toThrow();
		}
		expect(logged).toMatch(/"method":"POST"/);
	});
});

describe('a Vigie server behind https', () => {
	let vigie: VigieOnPostgres<'viewer'>;
	beforeAll(async () => {
		vigie = await startVigieOnPostgres(['viewer'], { ORIGIN: 'https://vigie.intranet' });
	});
	afterAll(() => vigie?.stop());

	it('asks browsers to keep to https, and accepts the live feed from its public origin', async () => {
		const response = await fetch(`${vigie.server.url}/login`);
		await response.arrayBuffer();
		expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
		const socket = await openLiveSocket(vigie.server.url, 'default', {
			authorization: `Bearer ${vigie.tokens.viewer}`,
			origin: 'https://vigie.intranet'
		});
		expect(socket.open).toBeDefined();
		socket.open!.close();
		const foreign = await openLiveSocket(vigie.server.url, 'default', {
			authorization: `Bearer ${vigie.tokens.viewer}`,
			origin: 'https://autre.intranet'
		});
		expect(foreign.status).toBe(403);
	});
});
