/**
 * Issue #10 item 13: on the embedded database (PGlite, the default), the command line works while `vigie start`
 * runs, through the running server's local channel (a Unix socket in the data directory that only the service's
 * user, or root, can open), and says in French words why not when it cannot.
 *
 * A real `vigie start` process, a real socket, the `vigie` command as an operator types it.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOverHttp } from '../support/sessions.ts';
import { createTempDir } from '../support/temp-dir.ts';
import {
	CLI,
	NODE,
	ROOT,
	runVigie,
	vigieEnv,
	VigieServer,
	type CliResult,
	type Env
} from '../support/vigie-process.ts';
import { waitFor } from '../support/wait.ts';

const DAY = '2026-03-02';
const QUEUE = 'Support N1';
const line = (event: Record<string, unknown>) => JSON.stringify(event);
const EVENTS = [
	line({ id: 'b1', type: 'call.queued', at: `${DAY}T08:15:00+01:00`, call: 'c1', queue: QUEUE }),
	line({ id: 'b2', type: 'call.answered', at: `${DAY}T08:15:12+01:00`, call: 'c1', queue: QUEUE, agent: 'jdupont' }),
	line({ id: 'b3', type: 'call.ended', at: `${DAY}T08:19:00+01:00`, call: 'c1', queue: QUEUE, agent: 'jdupont' }),
	'not json at all'
].join('\n');

/** What the channel's socket is, where the server makes it (a directory only the service's user may enter). */
const channelDir = (dataDir: string) => path.join(dataDir, 'run');
const channelSocket = (dataDir: string) => path.join(channelDir(dataDir), '.s.PGSQL.5432');

/** The rows of a CSV export over HTTP, as a manager's spreadsheet gets them. */
async function queueRows(server: VigieServer, token: string): Promise<string[]> {
	const response = await fetch(`${server.url}/api/export/queues.csv?from=${DAY}&to=${DAY}&interval=day`, {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(response.status).toBe(200);
	return (await response.text()).split('\r\n').filter((row) => row.includes(QUEUE));
}

/** A command's failure as an operator reads it: one French sentence, no stack. */
function expectPlainFrench(result: CliResult, words: RegExp): void {
	expect(result.code, result.stdout).not.toBe(0);
	expect(result.stderr).toMatch(words);
	expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('the command line beside a running server on the embedded database', () => {
	let data: Awaited<ReturnType<typeof createTempDir>>;
	let env: Env;
	let server: VigieServer;
	const cli = (args: string[], input?: string) => runVigie(args, env, input);

	beforeAll(async () => {
		data = await createTempDir('vigie-beside-');
		env = vigieEnv({ VIGIE_DATA_DIR: data.dir, VIGIE_DEMO: '0' });
		server = await VigieServer.start({ command: 'start', env });
	});
	afterAll(async () => {
		await server?.stop();
		await data?.remove();
	});

	it('runs every verb of the README and the issue while the server runs', { timeout: 600_000 }, async () => {
		// token create, then the token works over HTTP at once.
		const created = await cli(['token', 'create', '--role', 'manager', '--name', 'tableur']);
		expect(created.code, created.stderr).toBe(0);
		const manager = created.stdout.trim();
		expect(manager).toMatch(/^vgi_\S+$/);
		expect(await queueRows(server, manager)).toEqual([]);

		// user add, then that person signs in.
		const added = await cli(['user', 'add', 'mmartin', '--role', 'supervisor'], 'correct horse battery staple\n');
		expect(added.code, added.stderr).toBe(0);
		const session = await signInOverHttp(server.url, 'mmartin', 'correct horse battery staple');
		expect((await fetch(`${server.url}/reports`, { headers: { cookie: session }, redirect: 'manual' })).status).toBe(
			200
		);

		// ingest, then the running worker applies the events and the figures change on /api.
		const ingested = await cli(['ingest', '-'], `${EVENTS}\n`);
		expect(ingested.code, ingested.stderr).toBe(2); // one line refused, kept as a dead letter
		expect(ingested.stdout + ingested.stderr).toContain('accepted 3');
		const [row] = await waitFor(
			'the ingested call in the export',
			async () => {
				const rows = await queueRows(server, manager);
				return rows.length > 0 && rows;
			},
			30_000,
			200
		);
		expect(row).toMatch(new RegExp(`^${DAY}T00:00:00\\+01:00,${QUEUE},1,1,0,`));

		// queue list / set, and the change shows in the running server's export.
		const listed = await cli(['queue', 'list']);
		expect(listed.code, listed.stderr).toBe(0);
		expect(listed.stdout).toContain(`${QUEUE}\tsl_threshold_s=20`);
		const set = await cli(['queue', 'set', QUEUE, '--sl-threshold', '30']);
		expect(set.code, set.stderr).toBe(0);
		expect((await cli(['queue', 'list'])).stdout).toContain(`${QUEUE}\tsl_threshold_s=30`);
		expect((await cli(['queue', 'history', QUEUE])).stdout).toContain('sl_threshold_s=30');

		// export: the same figures as over HTTP.
		const exported = await cli(['export', 'queues', '--from', DAY, '--to', DAY, '--interval', 'day']);
		expect(exported.code, exported.stderr).toBe(0);
		expect(exported.stdout.split('\r\n').filter((r) => r.includes(QUEUE))).toEqual([row]);

		// dead-letters: the refused line, its source matched by a prefix, its time in local time.
		const letters = await cli(['dead-letters', '--source', 'ndjson']);
		expect(letters.code, letters.stderr).toBe(0);
		expect(letters.stdout).toMatch(
			/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d\tndjson:stdin\tline 4\t.*not json at all$/m
		);

		expect((await cli(['dead-letters', '--source', 'uccx'])).stdout).toBe('');
		const replayed = await cli(['dead-letters', 'replay', '--source', 'nd']);
		expect(replayed.code, replayed.stderr).toBe(0);
		const purged = await cli(['dead-letters', 'purge', '--source', 'ndjson:']);
		expect(purged.code, purged.stderr).toBe(0);
		expect((await cli(['dead-letters'])).stderr).toContain('no dead letters');

		// token list / revoke: the revoked token is refused at once.
		const tokens = await cli(['token', 'list']);
		expect(tokens.stdout).toContain('tableur');
		expect((await cli(['token', 'revoke', 'tableur'])).code).toBe(0);
		const refused = await fetch(`${server.url}/api/export/queues.csv?from=${DAY}&to=${DAY}`, {
			headers: { authorization: `Bearer ${manager}` }
		});
		expect(refused.status).toBe(401);

		// user list / disable: the session ends.
		expect((await cli(['user', 'list'])).stdout).toContain('mmartin');
		expect((await cli(['user', 'disable', 'mmartin'])).code).toBe(0);
		const after = await fetch(`${server.url}/reports`, { headers: { cookie: session }, redirect: 'manual' });
		expect(after.status).toBe(303);

		// audit: each of those actions, from the command line.
		const trail = await cli(['audit']);
		expect(trail.code, trail.stderr).toBe(0);
		for (const action of ['token.create', 'user.create', 'queue.settings', 'export', 'token.revoke', 'user.disable']) {
			expect(trail.stdout).toContain(action);
		}

		// purge (a dry run) and migrate go through the same channel.
		expect((await cli(['purge', '--dry-run'])).code).toBe(0);
		expect((await cli(['migrate'])).code).toBe(0);

		// The server went on serving, and logged no error.
		expect(server.alive).toBe(true);
		expect(
			(await fetch(`${server.url}/readyz`, { headers: { authorization: `Bearer ${created.stdout.trim()}` } })).status
		).not.toBe(500);
		expect(server.output).not.toMatch(/"level":(50|60)/);
	});

	it(
		'backs up the embedded database while the server runs; the backup restores to the same figures',
		{ timeout: 300_000 },
		async () => {
			const copy = await createTempDir('vigie-beside-restored-');
			try {
				const file = path.join(copy.dir, 'vigie.tar.gz');
				const backup = await cli(['backup', '--out', file]);
				expect(backup.code, backup.stdout + backup.stderr).toBe(0);
				expect(backup.stdout).toMatch(
					/^VIGIE BACKUP OK - embedded database \(tar\.gz\), .* in \d+\.\d s, sha256 [0-9a-f]{64} - /
				);
				expect(server.alive).toBe(true);
				const restoredDir = path.join(copy.dir, 'data');
				const restoredEnv = { ...env, VIGIE_DATA_DIR: restoredDir };
				const restore = await runVigie(['restore', file], restoredEnv);
				expect(restore.code, restore.stdout + restore.stderr).toBe(0);
				const exportArgs = ['export', 'queues', '--from', DAY, '--to', DAY, '--interval', 'day'];
				const running = await cli(exportArgs);
				const restored = await runVigie(exportArgs, restoredEnv);
				expect(restored.code, restored.stderr).toBe(0);
				expect(restored.stdout).toContain(QUEUE);
				expect(restored.stdout).toBe(running.stdout);
			} finally {
				await copy.remove();
			}
		}
	);

	it('keeps the channel to the service user: a socket of its own, in a directory of its own', async () => {
		const dir = await fs.lstat(channelDir(data.dir));
		const socket = await fs.lstat(channelSocket(data.dir));
		expect(dir.isDirectory()).toBe(true);
		expect(dir.mode & 0o777).toBe(0o700);
		expect(socket.isSocket()).toBe(true);
		expect(socket.mode & 0o077).toBe(0);
		expect(socket.uid).toBe(process.getuid!());
	});

	it.runIf(process.getuid?.() === 0)('refuses another user’s process', async () => {
		// The data directory readable by all, as a plain `mkdir` leaves it: the channel alone keeps others out.
		await fs.chmod(data.dir, 0o755);
		try {
			const nobody = await new Promise<CliResult>((resolve) => {
				execFile(
					CLI,
					['token', 'list'],
					{
						cwd: ROOT,
						env: vigieEnv({ VIGIE_DATA_DIR: data.dir, VIGIE_DEMO: '0', HOME: '/nonexistent' }),
						uid: 65534,
						gid: 65534
					},
					(error, stdout, stderr) =>
						resolve({ code: error ? Number(error.code) || 1 : 0, stdout: String(stdout), stderr: String(stderr) })
				);
			});
			expectPlainFrench(nobody, /canal local.*(droit|permission)/i);
			expect(nobody.stdout).not.toContain('tableur');
			// The socket itself, opened by hand as that user: refused by the system.
			const probe = spawn(
				NODE,
				[
					'-e',
					`require('net').connect(${JSON.stringify(channelSocket(data.dir))}).on('error', e => { console.log(e.code); process.exit(0) }).on('connect', () => { console.log('CONNECTED'); process.exit(0) })`
				],
				{ uid: 65534, gid: 65534 }
			);
			let said = '';
			probe.stdout.on('data', (chunk) => (said += chunk));
			await new Promise((resolve) => probe.on('exit', resolve));
			expect(said.trim()).toBe('EACCES');
		} finally {
			await fs.chmod(data.dir, 0o700);
		}
	});

	it('refuses a channel that others could reach, and says so', async () => {
		await fs.chmod(channelDir(data.dir), 0o755);
		try {
			expectPlainFrench(await cli(['token', 'list']), /canal local.*(autres utilisateurs|droits 0755)/i);
		} finally {
			await fs.chmod(channelDir(data.dir), 0o700);
		}
		expect((await cli(['token', 'list'])).code).toBe(0);
	});

	it('says in French that the server’s channel is missing, without a stack', async () => {
		// Last: the socket's file removed under the running server, as a careless cleanup would.
		await fs.rm(channelSocket(data.dir));
		expectPlainFrench(
			await cli(['queue', 'list']),
			new RegExp(`processus ${server.pid}.*canal local.*(absent|n'existe pas)`, 'is')
		);
		// A socket there that hangs up on everybody (a server stopping, a stranger's program): refused, said so.
		const hangUp = net.createServer((connection) => connection.destroy());
		await new Promise<void>((resolve) => hangUp.listen(channelSocket(data.dir), resolve));
		await fs.chmod(channelSocket(data.dir), 0o600);
		try {
			expectPlainFrench(
				await cli(['queue', 'list']),
				new RegExp(`processus ${server.pid}.*canal local.*refuse la connexion`, 'is')
			);
		} finally {
			await new Promise((resolve) => hangUp.close(resolve));
		}
		expect(server.alive).toBe(true);
	});
});

describe('a command whose server stops under it', () => {
	let data: Awaited<ReturnType<typeof createTempDir>>;
	beforeAll(async () => {
		data = await createTempDir('vigie-stopped-under-');
	});
	afterAll(async () => {
		await data?.remove();
	});

	it('says in French that the channel broke and the command did not go through', { timeout: 300_000 }, async () => {
		const env = vigieEnv({ VIGIE_DATA_DIR: data.dir, VIGIE_DEMO: '0', VIGIE_LOG_LEVEL: 'debug' });
		const server = await VigieServer.start({ command: 'start', env });
		// `vigie ingest -` opens the database first, then reads standard input, kept open here.
		const ingest = spawn(CLI, ['ingest', '-'], { cwd: ROOT, env: { ...env, VIGIE_LOG_LEVEL: 'warn' } });
		let stderr = '';
		ingest.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const exited = new Promise<number>((resolve) => ingest.once('exit', (code) => resolve(code ?? 1)));
		try {
			await server.waitForOutput(/local channel: a command connected/);
			await server.stop();
			ingest.stdin.end(`${EVENTS}\n`);
			expect(await exited).toBe(1);
			expect(stderr).toMatch(/canal local s'est rompue pendant la commande.*relancez-la/s);
			expect(stderr).not.toMatch(/^\s+at /m);
		} finally {
			ingest.kill('SIGKILL');
			await server.stop();
		}
	});
});

describe('the README’s "Sending events" example on the default setup', () => {
	let data: Awaited<ReturnType<typeof createTempDir>>;
	beforeAll(async () => {
		data = await createTempDir('vigie-readme-');
	});
	afterAll(async () => {
		await data?.remove();
	});

	it('works as written while the server runs on the embedded database', { timeout: 300_000 }, async () => {
		const readme = await fs.readFile(path.join(ROOT, 'README.md'), 'utf8');
		const section = readme.slice(readme.indexOf('## Sending events'));
		const block = section.match(/```sh\n([\s\S]*?)```/)![1]!;
		expect(block).toContain('token create --role ingest');
		// The README's server: the embedded database (no DATABASE_URL), real events only, as it says to start it.
		const start = block.match(/^#.*`(VIGIE_DEMO=0 )?npm start`/m);
		expect(start, 'the example says how the server runs').not.toBeNull();
		const env = vigieEnv({ VIGIE_DATA_DIR: data.dir, ...(start![1] ? { VIGIE_DEMO: '0' } : {}) });
		const server = await VigieServer.start({ command: 'start', env });
		try {
			const events = path.join(data.dir, 'events.ndjson');
			await fs.writeFile(events, `${EVENTS}\n`);
			const script = block.replaceAll('http://localhost:3000', server.url).replaceAll('@events.ndjson', `@${events}`);
			const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
				cwd: ROOT,
				env: { ...env, PORT: new URL(server.url).port },
				timeout: 120_000
			});
			const answer = JSON.parse(stdout.trim().split('\n').at(-1)!);
			expect(answer).toMatchObject({ accepted: 3, duplicates: 0, rejected: [{ line: 4 }] });
		} finally {
			await server.stop();
		}
	});
});
