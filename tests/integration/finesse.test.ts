import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStateEvent, VigieEvent } from '../../src/lib/domain/event.ts';
import type { FinesseConfig } from '../../src/lib/server/config.ts';
import { itemsFromValues } from '../../src/lib/server/ingest/decode.ts';
import { acceptEvents } from '../../src/lib/server/ingest/intake.ts';
import { createLogger } from '../../src/lib/server/log.ts';
import {
	startEmulatedFinesse,
	startFakeFinesse,
	type FakeFinesse,
	type FinesseAgentChange
} from '../../src/lib/server/uccx/emulator/finesse.ts';
import { startProsody, type ProsodyServer } from '../../src/lib/server/uccx/emulator/prosody.ts';
import type { FinesseRejection } from '../../src/lib/server/uccx/finesse/agent-state.ts';
import { checkFinesse, finesseSelfTest } from '../../src/lib/server/uccx/finesse/check.ts';
import {
	startFinesseSource,
	type FinesseSource,
	type FinesseTimings
} from '../../src/lib/server/uccx/finesse/source.ts';
import type { UccxPartStatus } from '../../src/lib/server/uccx/status.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { createTempDir } from '../support/temp-dir.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The Finesse source against real parts: Debian's Prosody as the notification service, the fake Finesse's REST
 * API over HTTP, xmpp.js as the client, and the intake on a real PostgreSQL database.
 */

const log = createLogger(process.env.VIGIE_TEST_LOG ?? 'silent');
const PASSWORD = 'wallboard-secret';
/** Fast enough for a test: pings every 300 ms, retries from 100 ms. */
const FAST: Partial<FinesseTimings> = {
	pingIntervalMs: 300,
	pingTimeoutMs: 400,
	requestTimeoutMs: 3000,
	retryFirstMs: 100,
	retryMaxMs: 400
};
const T0 = Date.parse('2026-11-27T08:00:00Z');

function agent(loginId: string, teamId: number, state: string, at: number, reason?: string): FinesseAgentChange {
	return {
		loginId,
		firstName: loginId.toUpperCase(),
		lastName: 'Agent',
		teamId,
		teamName: `Team ${teamId}`,
		state,
		stateChangeTime: at,
		...(reason ? { reasonCode: { code: 12, label: reason, category: 'NOT_READY' as const, id: 3 } } : {})
	};
}

/** A source's outputs, collected. */
function recorder() {
	const events: { event: VigieEvent; receivedAt: number }[] = [];
	const statuses: UccxPartStatus[] = [];
	const rejections: FinesseRejection[] = [];
	return {
		events,
		statuses,
		rejections,
		onEvents: async (batch: VigieEvent[]) => {
			const receivedAt = Date.now();
			for (const event of batch) events.push({ event, receivedAt });
		},
		onStatus: (status: UccxPartStatus) => statuses.push(status),
		onRejected: (batch: FinesseRejection[]) => void rejections.push(...batch),
		last: () => statuses[statuses.length - 1],
		/** The agent's last state event received. */
		stateOf: (login: string): AgentStateEvent | undefined =>
			events
				.map((e) => e.event)
				.filter((e): e is AgentStateEvent => e.type === 'agent.state' && e.agent === login)
				.at(-1)
	};
}

async function closedPort(): Promise<number> {
	const server = createNetServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	await new Promise((resolve) => server.close(resolve));
	return typeof address === 'object' && address ? address.port : 1;
}

describe('Finesse source and check', () => {
	let prosody: ProsodyServer;
	let finesse: FakeFinesse;
	const sources: FinesseSource[] = [];

	const config = (overrides: Partial<FinesseConfig> = {}): FinesseConfig => ({
		urls: [finesse.urls[0]!],
		user: 'wallboard',
		password: PASSWORD,
		teams: ['7', '8'],
		xmppUrl: prosody.xmppUrl,
		xmppDomain: null,
		...overrides
	});

	async function start(rec: ReturnType<typeof recorder>, overrides: Partial<FinesseConfig> = {}) {
		const source = await startFinesseSource({
			config: config(overrides),
			log,
			onEvents: rec.onEvents,
			onStatus: rec.onStatus,
			onRejected: rec.onRejected,
			timings: FAST,
			resource: `test-${sources.length}`
		});
		sources.push(source);
		return source;
	}

	beforeAll(async () => {
		prosody = await startProsody();
		finesse = await startFakeFinesse({
			xmpp: prosody,
			accounts: [
				{ user: 'wallboard', password: PASSWORD },
				{ user: 'restonly', password: PASSWORD, xmpp: false }
			],
			teams: [
				{ id: 7, name: 'Accueil' },
				{ id: 8, name: 'Support' },
				{ id: 9, name: 'Direction', closed: true }
			],
			nodes: 2
		});
		finesse.setAgents([
			agent('alice', 7, 'READY', T0),
			agent('bruno', 7, 'NOT_READY', T0 + 1000, 'Pause'),
			agent('chloe', 8, 'TALKING', T0 + 2000),
			agent('david', 8, 'LOGOUT', T0 - 3_600_000)
		]);
	});

	afterEach(async () => {
		for (const source of sources.splice(0)) await source.stop();
	});

	afterAll(async () => {
		await finesse?.stop();
		await prosody?.stop();
	});

	it('takes the REST picture of every team at start, then hands each notification on within a second', async () => {
		const rec = recorder();
		await start(rec);
		await waitFor('live', async () => rec.last()?.state === 'live');
		expect(rec.events.map((e) => e.event).sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ agent: 'alice', state: 'ready', at: '2026-11-27T08:00:00.000Z' }),
				expect.objectContaining({ agent: 'bruno', state: 'not_ready', reason: 'Pause' }),
				expect.objectContaining({ agent: 'chloe', state: 'talking' }),
				expect.objectContaining({ agent: 'david', state: 'logged_out' })
			])
		);
		expect(rec.last()).toMatchObject({
			part: 'finesse',
			node: new URL(finesse.urls[0]!).host,
			error: null,
			lastRowAt: T0 + 2000
		});

		for (const [i, change] of [
			agent('alice', 7, 'RESERVED', T0 + 60_000),
			agent('alice', 7, 'TALKING', T0 + 62_000),
			agent('chloe', 8, 'WORK', T0 + 63_000),
			agent('chloe', 8, 'NOT_READY', T0 + 64_000, 'Réunion & point')
		].entries()) {
			const sentAt = Date.now();
			await finesse.agentChanged(change);
			const seen = await waitFor(`change ${i}`, async () =>
				rec.events.find(
					(e) => e.event.type === 'agent.state' && e.event.at === new Date(change.stateChangeTime).toISOString()
				)
			);
			expect(seen.receivedAt - sentAt).toBeLessThan(1000);
		}
		expect(rec.stateOf('chloe')).toMatchObject({ state: 'not_ready', reason: 'Réunion & point' });
		// The next status (at each ping) carries the newest change.
		await waitFor('lastRowAt', async () => rec.last()?.lastRowAt === T0 + 64_000);
		expect(rec.rejections).toEqual([]);
	});

	it('rejects a user it cannot read, with the reason, and goes on', async () => {
		const rec = recorder();
		await start(rec);
		await waitFor('live', async () => rec.last()?.state === 'live');
		await finesse.agentChanged(agent('emile', 7, 'ON_BREAK', T0 + 70_000));
		await finesse.agentChanged(agent('emile', 7, 'READY', T0 + 71_000));
		await waitFor('the good change', async () => rec.stateOf('emile')?.state === 'ready');
		expect(rec.rejections).toEqual([
			expect.objectContaining({
				source: '/finesse/api/Team/7/Users',
				key: 'loginId=emile',
				error: expect.stringContaining('unknown state "ON_BREAK"')
			})
		]);
		expect(rec.last()?.state).toBe('live');
	});

	it('tries the second Finesse node when the first is down', async () => {
		const rec = recorder();
		const down = `http://127.0.0.1:${await closedPort()}`;
		await start(rec, { urls: [down, finesse.urls[1]!] });
		await waitFor('live on the second node', async () => rec.last()?.state === 'live', 5000);
		expect(rec.last()?.node).toBe(new URL(finesse.urls[1]!).host);
		expect(rec.statuses).toContainEqual(
			expect.objectContaining({
				state: 'failing',
				node: new URL(down).host,
				error: expect.stringMatching(`^Finesse unreachable at ${down}: `)
			})
		);
	});

	it('follows the node in service, over WebSocket too', async () => {
		finesse.setNodeStatus(0, 'OUT_OF_SERVICE');
		try {
			const overrides = { urls: finesse.urls, xmppUrl: prosody.websocketUrl };
			const check = await checkFinesse(config(overrides), { timeoutMs: 2000 });
			expect(check.problems).toEqual([]);
			expect(check.summary).toContain(`Finesse at ${finesse.urls[0]} is not in service (OUT_OF_SERVICE): standby`);
			expect(check.summary).toContain(`notifications through ${prosody.websocketUrl} (2/2 teams)`);

			const rec = recorder();
			await start(rec, overrides);
			await waitFor('live on the node in service', async () => rec.last()?.state === 'live');
			expect(rec.last()?.node).toBe(new URL(finesse.urls[1]!).host);
			const sentAt = Date.now();
			await finesse.agentChanged(agent('bruno', 7, 'READY', T0 + 80_000));
			await waitFor('the change over WebSocket', async () => rec.stateOf('bruno')?.state === 'ready');
			expect(Date.now() - sentAt).toBeLessThan(1000);
		} finally {
			finesse.setNodeStatus(0, 'IN_SERVICE');
		}
	});

	it('says what is wrong in its status: unreachable, account refused, unknown team', async () => {
		const port = await closedPort();
		const cases: [Partial<FinesseConfig>, string][] = [
			[{ urls: [`http://127.0.0.1:${port}`] }, `Finesse unreachable at http://127.0.0.1:${port}: connect ECONNREFUSED`],
			[{ password: 'wrong' }, 'Finesse refused the account wallboard (401)'],
			[{ teams: ['7', '99'] }, 'team 99 does not exist or the account may not read it (404)']
		];
		for (const [overrides, words] of cases) {
			const rec = recorder();
			const source = await start(rec, overrides);
			const status = await waitFor(words, async () => rec.statuses.find((s) => s.state === 'failing'));
			expect(status.error).toContain(words);
			expect(JSON.stringify(rec.statuses)).not.toContain(overrides.password ?? PASSWORD);
			await source.stop();
		}
	});

	it('checkFinesse names each misconfiguration in its own words', async () => {
		const ok = await checkFinesse(config({ urls: finesse.urls }), { timeoutMs: 2000 });
		expect(ok.problems).toEqual([]);
		expect(ok.ok).toBe(true);
		expect(ok.summary).toContain('teams 7 (');

		const port = await closedPort();
		const tls = await selfSignedServer();
		try {
			const cases: [Partial<FinesseConfig>, string][] = [
				[{ urls: [`http://127.0.0.1:${port}`] }, `Finesse unreachable at http://127.0.0.1:${port}`],
				[{ urls: [tls.url] }, `TLS refused with Finesse at ${tls.url}`],
				[{ password: 'wrong' }, 'Finesse refused the account wallboard (401)'],
				[{ teams: ['7', '99'] }, 'team 99 does not exist or the account may not read it (404)'],
				[{ user: 'restonly' }, 'the Finesse notification service refused the login of restonly (not-authorized)'],
				[
					{ xmppUrl: `xmpp://127.0.0.1:${port}` },
					`the Finesse notification service unreachable at xmpp://127.0.0.1:${port}`
				],
				[
					{ teams: ['7', '9'] },
					"the Finesse notification service refused the subscription to team 9's notifications (/finesse/api/Team/9/Users): forbidden"
				]
			];
			for (const [overrides, words] of cases) {
				const check = await checkFinesse(config(overrides), { timeoutMs: 2000 });
				expect(check.ok, words).toBe(false);
				expect(check.problems, words).toEqual([expect.stringContaining(words)]);
			}
		} finally {
			await tls.close();
		}
	});
});

/** An HTTPS server whose certificate Node does not trust (self-signed, made with openssl). */
async function selfSignedServer(): Promise<{ url: string; close(): Promise<void> }> {
	const { dir, remove } = await createTempDir('vigie-tls-');
	execFileSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:prime256v1',
			'-nodes',
			'-days',
			'1',
			'-subj',
			'/CN=127.0.0.1',
			'-keyout',
			join(dir, 'key.pem'),
			'-out',
			join(dir, 'cert.pem')
		],
		{ stdio: 'ignore' }
	);
	const server: HttpsServer = createHttpsServer(
		{ key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) },
		(_, response) => response.end('<SystemInfo/>')
	);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `https://127.0.0.1:${port}`,
		async close() {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
			await remove();
		}
	};
}

describe('Finesse source across a lost notification service', () => {
	let dir: Awaited<ReturnType<typeof createTempDir>>;
	let prosody: ProsodyServer;
	let finesse: FakeFinesse;
	let t: TestDatabase;

	beforeAll(async () => {
		dir = await createTempDir('vigie-prosody-it-');
		prosody = await startProsody({ dir: dir.dir });
		finesse = await startFakeFinesse({
			xmpp: prosody,
			accounts: [{ user: 'wallboard', password: PASSWORD }],
			teams: [{ id: 7, name: 'Accueil' }]
		});
		finesse.setAgents([agent('alice', 7, 'READY', T0), agent('bruno', 7, 'NOT_READY', T0 + 1000, 'Pause')]);
		t = await createTestDatabase('postgres');
	});

	afterAll(async () => {
		await finesse?.stop();
		await prosody?.stop();
		await t?.dispose();
		await dir?.remove();
	});

	it('reconnects, subscribes and takes the picture again: nothing lost, nothing counted twice', async () => {
		const rec = recorder();
		const intake: { accepted: number; duplicates: number } = { accepted: 0, duplicates: 0 };
		const source = await startFinesseSource({
			config: {
				urls: finesse.urls,
				user: 'wallboard',
				password: PASSWORD,
				teams: ['7'],
				xmppUrl: prosody.xmppUrl,
				xmppDomain: null
			},
			log,
			// As the connector does: into the intake, whose ids make a second sighting a duplicate.
			onEvents: async (events) => {
				const result = await acceptEvents(t.database.db, itemsFromValues(events), 'finesse');
				intake.accepted += result.accepted;
				intake.duplicates += result.duplicates;
				await rec.onEvents(events); // once stored: what the test sees is in the database
			},
			onStatus: rec.onStatus,
			onRejected: rec.onRejected,
			timings: FAST
		});
		try {
			await waitFor('live', async () => rec.last()?.state === 'live');
			await finesse.agentChanged(agent('alice', 7, 'RESERVED', T0 + 10_000));
			await waitFor('the first change', async () => rec.stateOf('alice')?.state === 'reserved');

			// The server dies; a change is made while the source is away; the server comes back where it was.
			process.kill(prosody.pid, 'SIGKILL');
			await waitFor('failing', async () => rec.last()?.state === 'failing');
			expect(rec.last()?.error).toContain('the Finesse notification service');
			await finesse.agentChanged(agent('bruno', 7, 'READY', T0 + 20_000));
			await prosody.stop();
			prosody = await startProsody({ dir: dir.dir, c2sPort: prosody.c2sPort, httpPort: prosody.httpPort });

			await waitFor('live again', async () => rec.last()?.state === 'live', 10_000);
			// The change made while away comes from the new picture.
			await waitFor('the missed change', async () => rec.stateOf('bruno')?.state === 'ready');

			// And notifications flow again on the new subscription.
			await waitFor('the publisher back', async () => {
				await finesse.agentChanged(agent('alice', 7, 'TALKING', T0 + 30_000));
				return rec.stateOf('alice')?.state === 'talking';
			});

			const distinct = new Set(rec.events.map((e) => e.event.id));
			// alice READY, RESERVED, TALKING; bruno NOT_READY, READY: five changes, each stored once.
			expect(distinct.size).toBe(5);
			expect(rec.events.length).toBeGreaterThan(5); // the second picture saw alice and bruno again
			const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM events WHERE source = 'finesse'`.execute(
				t.database.db
			);
			expect(stored.rows[0]!.n).toBe(5);
			expect(intake.accepted).toBe(5);
			expect(intake.duplicates).toBe(rec.events.length - 5);
			expect(rec.rejections).toEqual([]);
		} finally {
			await source.stop();
		}
	});

	it('finds a dead connection with its pings and comes back', async () => {
		const rec = recorder();
		const source = await startFinesseSource({
			config: {
				urls: finesse.urls,
				user: 'wallboard',
				password: PASSWORD,
				teams: ['7'],
				xmppUrl: prosody.xmppUrl,
				xmppDomain: null
			},
			log,
			onEvents: rec.onEvents,
			onStatus: rec.onStatus,
			timings: FAST
		});
		try {
			await waitFor('live', async () => rec.last()?.state === 'live');
			// A frozen server keeps its sockets open: only the unanswered ping shows the connection is dead.
			process.kill(prosody.pid, 'SIGSTOP');
			let failing: UccxPartStatus | undefined;
			try {
				failing = await waitFor('failing', async () => rec.statuses.find((s) => s.state === 'failing'), 3000);
			} finally {
				process.kill(prosody.pid, 'SIGCONT');
			}
			expect(failing.error).toContain('no answer to a ping');
			await waitFor('live again', async () => rec.last()?.state === 'live', 10_000);
		} finally {
			await source.stop();
		}
	});
});

describe("the demo's emulated Finesse", () => {
	it('feeds the real source, and vigie uccx test finds nothing wrong with it', async () => {
		const emulated = await startEmulatedFinesse({ teams: [{ id: 1, name: 'Accueil' }] });
		const rec = recorder();
		const source = await startFinesseSource({
			config: emulated.config,
			log,
			onEvents: rec.onEvents,
			onStatus: rec.onStatus,
			timings: FAST
		});
		try {
			expect(await finesseSelfTest(emulated.config)).toEqual([
				{ ok: true, part: 'finesse', text: expect.stringContaining('teams 1 (0 agents)') }
			]);
			await waitFor('live', async () => rec.last()?.state === 'live');
			await emulated.finesse.agentChanged(agent('zoe', 1, 'READY', T0));
			await waitFor('the change', async () => rec.stateOf('zoe')?.state === 'ready');
		} finally {
			await source.stop();
			await emulated.stop();
		}
	});
});
