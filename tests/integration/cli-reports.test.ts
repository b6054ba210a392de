import { execFile } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { CLI, ROOT, runVigie, vigieEnv } from '../support/vigie-process.ts';

/** `vigie export` and `vigie queue` as an operator types them, against a real PostgreSQL. */
describe('vigie export and vigie queue, from the command line', () => {
	let t: TestDatabase;
	let env: Record<string, string>;
	beforeAll(async () => {
		t = await createTestDatabase('postgres');
		env = { DATABASE_URL: t.url! };
		// Forty days of quarter-hours for one queue: far more than a pipe holds.
		await sql`INSERT INTO queues (name) VALUES ('Support N1')`.execute(t.database.db);
		await sql`
			INSERT INTO queue_intervals (queue, period_start, offered, answered, abandoned, short_abandoned, dequeued,
				answered_within_sl, abandoned_within_sl, answered_wait_ms, talk_ms, talked, max_wait_ms, sl_threshold_s)
			SELECT 'Support N1', p, 3, 2, 1, 0, 0, 2, 0, 9000, 60000, 2, 12000, 20
			FROM generate_series('2026-03-01T00:00:00+01:00'::timestamptz, '2026-04-09T23:45:00+02:00', '15 minutes') p
		`.execute(t.database.db);
	});
	afterAll(() => t?.dispose());

	it('stops quietly when the reader of its output goes away (| head)', async () => {
		const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve) =>
			execFile(
				'bash',
				['-o', 'pipefail', '-c', `"${CLI}" export queues --from 2026-03-01 --to 2026-04-09 | head -n 2`],
				{ cwd: ROOT, env: vigieEnv(env), timeout: 120_000 },
				(_, stdout, stderr) => resolve({ stdout: String(stdout), stderr: String(stderr) })
			)
		);
		expect(stdout.split('\r\n')[0]).toMatch(/^period_start,queue,offered/);
		expect(stderr).not.toMatch(/EPIPE/);
		// Nothing but the JSON log (the export's audit line): no error text.
		expect(stderr.split('\n').filter((line) => line !== '' && !line.startsWith('{"level":'))).toEqual([]);
	});

	it('says what to give when `queue set` has nothing to change', async () => {
		const result = await runVigie(['queue', 'set', 'Support N1'], env);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('nothing to change: give --sl-threshold, --short-abandon or --sl-variant');
		expect(result.stderr).not.toMatch(/syntax|SQL/i);
	});

	it('states one rule for the service-level threshold, in the help and in the refusal', async () => {
		const help = await runVigie(['queue', 'set', '--help'], env);
		const refusal = await runVigie(['queue', 'set', 'Support N1', '--sl-threshold', '0'], env);
		expect(refusal.code).not.toBe(0);
		expect(help.stdout).toMatch(/--sl-threshold <seconds>\s+service-level threshold, 1 to 3600 s/);
		expect(refusal.stderr).toContain('--sl-threshold must be whole seconds from 1 to 3600, not "0"');
	});

	it('recomputing the past is asked for, says how much, and is in the audit trail', async () => {
		await sql`INSERT INTO call_legs (call, queue, queued_at, answered_at)
			VALUES ('cli-1', 'Support N1', now() - interval '1 day', now() - interval '1 day' + interval '25 seconds')`.execute(
			t.database.db
		);
		const from = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
		const refused = await runVigie(['queue', 'set', 'Support N1', '--sl-threshold', '30', '--from', from], env);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/on \(1 quarter-hour\(s\)\), already reported, would be computed again/);
		expect(refused.stderr).toContain('Add --recompute-past to confirm');
		const done = await runVigie(
			['queue', 'set', 'Support N1', '--sl-threshold', '30', '--from', from, '--recompute-past'],
			env
		);
		expect(done.code).toBe(0);
		const trail = await sql<{ detail: string }>`
			SELECT detail::text FROM audit_log WHERE action = 'queue.settings'`.execute(t.database.db);
		expect(trail.rows.map((r) => JSON.parse(r.detail))).toEqual([
			expect.objectContaining({ recomputePast: true, recomputedPeriods: 1 })
		]);
		const history = await runVigie(['queue', 'history', 'Support N1'], env);
		expect(history.stdout).toMatch(/sl_threshold_s=30\tshort_abandon_s=5\tsl_variant=sl_abandon_negative_pct\tby cli:/);
	});

	it('vigie purge --dry-run counts what is past its period and changes nothing; vigie purge removes it', async () => {
		// The forty days of March and April 2026 are more than 30 days old: their agent figures would go.
		await sql`INSERT INTO agent_answer_intervals (agent, period_start, answered)
			VALUES ('alice', '2026-03-02T08:00:00Z', 3), ('alice', now(), 1)`.execute(t.database.db);
		const purgeEnv = { ...env, VIGIE_RETAIN_AGENT_DETAIL_DAYS: '30' };
		const dry = await runVigie(['purge', '--dry-run'], purgeEnv);
		expect(dry.code).toBe(0);
		expect(dry.stdout).toMatch(
			/^would purge \(dry run, nothing changed\): raw events before \d{4}-\d{2}-\d{2} \(365 days kept\)/
		);
		expect(dry.stdout).toMatch(/^\s+1 {2}agent answer counts per quarter hour$/m);
		const purged = await runVigie(['purge'], purgeEnv);
		expect(purged.code).toBe(0);
		expect(purged.stdout).toMatch(/^purged: /);
		expect(purged.stdout).toMatch(/^\s+1 {2}agent answer counts per quarter hour$/m);
		expect(purged.stderr).toMatch(/queue figures kept/);
		// The purge is in the audit trail, with what went; the dry run is not (it changed nothing).
		const trail = await sql<{ actor: string; detail: string }>`
			SELECT actor, detail::text FROM audit_log WHERE action = 'retention.purge'`.execute(t.database.db);
		expect(trail.rows).toHaveLength(1);
		expect(trail.rows[0]!.actor).toMatch(/^cli:/);
		expect(JSON.parse(trail.rows[0]!.detail).rows.agent_answer_intervals).toBe(1);
		const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM agent_answer_intervals`.execute(t.database.db);
		expect(left.rows[0]!.n).toBe(1);
		// The queue figures of those days stay.
		const queue = await sql<{ n: number }>`
			SELECT count(*)::int AS n FROM queue_intervals WHERE period_start < '2026-04-10'`.execute(t.database.db);
		expect(queue.rows[0]!.n).toBe(40 * 96 - 4);
	});
});
