/**
 * Every route of src/routes (found from the file tree: a new route fails this test until it is placed in the
 * table below) and /ws, asked by nobody, by each role's token, by a kiosk's cookie and by people's sessions,
 * against one table of who may open what (contract §5). docs/security.md's matrix is this table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUserWithCli, openLiveSocket, signInOverHttp } from '../support/sessions.ts';
import { ROOT, startVigieOnPostgres, vigieEnv, type VigieOnPostgres } from '../support/vigie-process.ts';

type Least = 'public' | 'viewer' | 'supervisor' | 'manager' | 'admin';
const RANK = { viewer: 0, supervisor: 1, manager: 2, admin: 3 } as const;
type Caller = 'nobody' | 'ingest' | keyof typeof RANK;

/** Who may GET each route (the least role), and the address a test asks for a route with parameters. */
const ACCESS: Record<string, { least: Least; url?: string; methods?: 'POST' }> = {
	'/': { least: 'viewer' },
	'/login': { least: 'public' },
	'/logout': { least: 'public', methods: 'POST' },
	'/healthz': { least: 'public' },
	'/readyz': { least: 'viewer' },
	'/metrics': { least: 'viewer' },
	'/api/events': { least: 'admin', methods: 'POST' },
	'/api/export/[name].csv': { least: 'manager', url: '/api/export/queues.csv?from=2026-01-05&to=2026-01-05' },
	'/api/audit.csv': { least: 'admin' },
	'/wall/[screen]': { least: 'viewer', url: '/wall/default' },
	'/reports': { least: 'supervisor' },
	'/reports/queues/daily': { least: 'supervisor' },
	'/reports/queues/intervals': { least: 'supervisor' },
	'/reports/agents': { least: 'supervisor' },
	'/reports/not-ready': { least: 'supervisor' },
	'/reports/abandoned': { least: 'supervisor' },
	'/reports/export/[name].csv': {
		least: 'supervisor',
		url: '/reports/export/queues.csv?from=2026-01-05&to=2026-01-05'
	},
	'/admin/screens': { least: 'admin' },
	'/admin/screens/thresholds': { least: 'admin' },
	'/admin/screens/ticker': { least: 'supervisor' },
	'/admin/queues': { least: 'admin' },
	'/admin/people': { least: 'admin' },
	'/admin/tokens': { least: 'admin' },
	'/admin/audit': { least: 'admin' }
};

/** The routes as the file tree has them: every folder holding a page or an endpoint. */
function routesOnDisk(): string[] {
	const base = path.join(ROOT, 'src/routes');
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			if (entry.isDirectory()) walk(path.join(dir, entry.name));
			else if (/^\+(page\.svelte|server\.ts|page\.server\.ts)$/.test(entry.name)) {
				const route =
					'/' +
					path
						.relative(base, dir)
						.split(path.sep)
						.filter((s) => !/^\(.*\)$/.test(s))
						.join('/');
				if (!found.includes(route)) found.push(route);
			}
		}
	};
	walk(base);
	return found.sort();
}

const isMachine = (route: string) => route.startsWith('/api/') || route === '/readyz' || route === '/metrics';

function allowed(least: Least, caller: Caller): boolean {
	if (least === 'public') return true;
	if (caller === 'nobody' || caller === 'ingest') return false;
	return RANK[caller] >= RANK[least];
}

describe('who may open what', () => {
	let vigie: VigieOnPostgres<'viewer' | 'supervisor' | 'manager' | 'admin' | 'ingest'>;
	/** Each caller, in each way it can present itself: the headers of its requests. */
	const callers: { who: Caller; how: string; headers: Record<string, string> }[] = [];

	beforeAll(async () => {
		vigie = await startVigieOnPostgres(['viewer', 'supervisor', 'manager', 'admin', 'ingest']);
		const env = vigieEnv({ DATABASE_URL: vigie.database.url });
		const url = vigie.server.url;
		callers.push({ who: 'nobody', how: 'nothing', headers: {} });
		for (const role of ['viewer', 'supervisor', 'manager', 'admin', 'ingest'] as const) {
			callers.push({ who: role, how: 'bearer token', headers: { authorization: `Bearer ${vigie.tokens[role]}` } });
		}
		callers.push({ who: 'viewer', how: 'kiosk cookie', headers: { cookie: `vigie_token=${vigie.tokens.viewer}` } });
		callers.push({ who: 'ingest', how: 'token cookie', headers: { cookie: `vigie_token=${vigie.tokens.ingest}` } });
		for (const role of ['viewer', 'supervisor', 'manager', 'admin'] as const) {
			const password = `la phrase secrète du rôle ${role.length}`;
			await addUserWithCli(env, `personne-${role}`, role, password);
			callers.push({
				who: role,
				how: 'session',
				headers: { cookie: await signInOverHttp(url, `personne-${role}`, password) }
			});
		}
	});
	afterAll(() => vigie?.stop());

	it('knows every route of the file tree', () => {
		expect(routesOnDisk()).toEqual(Object.keys(ACCESS).sort());
	});

	it('answers every route as the table says, for every caller', async () => {
		const wrong: string[] = [];
		for (const [route, rule] of Object.entries(ACCESS)) {
			if (rule.methods === 'POST') continue; // below
			for (const caller of callers) {
				const response = await fetch(`${vigie.server.url}${rule.url ?? route}`, {
					headers: caller.headers,
					redirect: 'manual'
				});
				await response.arrayBuffer();
				const may = allowed(rule.least, caller.who);
				const expected = may ? [200] : caller.who === 'nobody' ? (isMachine(route) ? [401] : [303]) : [403];
				if (!expected.includes(response.status)) {
					wrong.push(`${caller.who} by ${caller.how}: GET ${route} → ${response.status}, expected ${expected}`);
				}
				if (!may && response.status === 303) expect(response.headers.get('location')).toMatch(/^\/login\?next=/);
			}
		}
		expect(wrong).toEqual([]);
	});

	it('lets only ingest and admin tokens post events', async () => {
		const wrong: string[] = [];
		for (const caller of callers) {
			const response = await fetch(`${vigie.server.url}/api/events`, {
				method: 'POST',
				headers: { ...caller.headers, 'content-type': 'application/x-ndjson' },
				body: JSON.stringify({
					id: `m-${caller.who}-${caller.how}`,
					type: 'call.queued',
					at: '2026-01-05T09:00:00Z',
					call: 'c',
					queue: 'q'
				})
			});
			await response.arrayBuffer();
			const may = caller.how === 'bearer token' && (caller.who === 'ingest' || caller.who === 'admin');
			const ok = may ? response.status === 200 : [401, 403].includes(response.status);
			if (!ok) wrong.push(`${caller.who} by ${caller.how}: POST /api/events → ${response.status}`);
		}
		expect(wrong).toEqual([]);
	});

	it('opens the live feed to viewers and above only', async () => {
		const wrong: string[] = [];
		for (const caller of callers) {
			const attempt = await openLiveSocket(vigie.server.url, 'default', {
				...caller.headers,
				origin: vigie.server.url
			});
			attempt.open?.close();
			const may = caller.who !== 'nobody' && caller.who !== 'ingest';
			if (may !== (attempt.open !== undefined))
				wrong.push(`${caller.who} by ${caller.how}: /ws → ${attempt.status ?? 'open'}`);
		}
		expect(wrong).toEqual([]);
	});
});
