import { describe, expect, it } from 'vitest';
import {
	DEFAULT_CHECK_THRESHOLDS,
	DEFAULT_UCCX_THRESHOLDS,
	evaluateReadiness,
	evaluateRetention,
	evaluateUccx
} from './check.ts';

describe('evaluateReadiness', () => {
	const t = DEFAULT_CHECK_THRESHOLDS;

	it('is OK with a small, fresh backlog, with performance data', () => {
		expect(
			evaluateReadiness({ database: 'ok', pending_events: 12, oldest_pending_age_s: 0.4, dead_letters: 3 }, t)
		).toEqual({
			status: 'OK',
			line: 'VIGIE OK - 12 events waiting for the worker, oldest 0.4 s | pending_events=12;10000;100000;0 oldest_pending_age=0.4s;60;300;0 dead_letters=3'
		});
	});

	it('judges the dead letters only when given thresholds for them', () => {
		const answer = { database: 'ok', pending_events: 0, oldest_pending_age_s: 0, dead_letters: 40 };
		expect(evaluateReadiness(answer, t).status).toBe('OK');
		expect(evaluateReadiness(answer, { ...t, warnDeadLetters: 10, critDeadLetters: 100 })).toEqual({
			status: 'WARNING',
			line: 'VIGIE WARNING - 0 events waiting for the worker, oldest 0 s, 40 dead letters | pending_events=0;10000;100000;0 oldest_pending_age=0s;60;300;0 dead_letters=40;10;100;0'
		});
		expect(evaluateReadiness(answer, { ...t, critDeadLetters: 40 }).status).toBe('CRITICAL');
	});

	it('warns, then is critical, on the backlog or on its age, whichever is worse', () => {
		expect(evaluateReadiness({ database: 'ok', pending_events: 10_000, oldest_pending_age_s: 1 }, t).status).toBe(
			'WARNING'
		);
		expect(evaluateReadiness({ database: 'ok', pending_events: 5, oldest_pending_age_s: 61 }, t).status).toBe(
			'WARNING'
		);
		expect(evaluateReadiness({ database: 'ok', pending_events: 5, oldest_pending_age_s: 300 }, t).status).toBe(
			'CRITICAL'
		);
		expect(evaluateReadiness({ database: 'ok', pending_events: 200_000, oldest_pending_age_s: 61 }, t).status).toBe(
			'CRITICAL'
		);
	});

	it('is critical when the database is unreachable', () => {
		expect(evaluateReadiness({ database: 'unreachable', pending_events: 0 }, t).status).toBe('CRITICAL');
	});
});

describe('evaluateUccx', () => {
	const base = { database: 'ok', pending_events: 0 };
	const part = (state: string, lag: number | null, error: string | null = null) => ({
		state,
		node: 'uccx-pub',
		lag_s: lag,
		error
	});

	it('is OK while every UCCX part reads, with each part, its node and its lag', () => {
		const result = evaluateUccx(
			{ ...base, uccx: { historical: part('live', 12), realtime: part('live', 3) } },
			DEFAULT_UCCX_THRESHOLDS
		);
		expect(result).toEqual({
			status: 'OK',
			line: 'VIGIE UCCX OK - historical live on uccx-pub, 12 s; realtime live on uccx-pub, 3 s | historical_lag=12s;180;600;0 realtime_lag=3s;180;600;0'
		});
	});

	it('warns on a stale RTSS and on lag, is critical on a failing part, and says why', () => {
		const stale = evaluateUccx(
			{ ...base, uccx: { realtime: part('stale', 200, 'the snapshots have not moved since …') } },
			DEFAULT_UCCX_THRESHOLDS
		);
		expect(stale.status).toBe('WARNING');
		expect(stale.line).toContain('the snapshots have not moved');
		const failing = evaluateUccx(
			{ ...base, uccx: { historical: part('failing', 30, 'cannot connect …'), realtime: part('live', 2) } },
			DEFAULT_UCCX_THRESHOLDS
		);
		expect(failing.status).toBe('CRITICAL');
		expect(evaluateUccx({ ...base, uccx: { historical: part('live', 700) } }, DEFAULT_UCCX_THRESHOLDS).status).toBe(
			'CRITICAL'
		);
	});

	it('is UNKNOWN when no UCCX source has run, and CRITICAL without the database', () => {
		expect(evaluateUccx(base, DEFAULT_UCCX_THRESHOLDS).status).toBe('UNKNOWN');
		expect(evaluateUccx({ database: 'unreachable', pending_events: 0 }, DEFAULT_UCCX_THRESHOLDS).status).toBe(
			'CRITICAL'
		);
	});
});

describe('evaluateRetention', () => {
	const answer = (age: number | null) => ({ database: 'ok', pending_events: 0, retention_last_purge_age_s: age });

	it('is OK within a day of the last purge, with performance data', () => {
		expect(evaluateRetention(answer(3 * 3600))).toEqual({
			status: 'OK',
			line: 'VIGIE RETENTION OK - last purge finished 3 h ago | last_purge_age=10800s;93600;180000;0'
		});
	});

	it('warns after a missed night and is critical after two, saying where to look', () => {
		expect(evaluateRetention(answer(27 * 3600)).status).toBe('WARNING');
		const critical = evaluateRetention(answer(51 * 3600));
		expect(critical.status).toBe('CRITICAL');
		expect(critical.line).toContain('retention: purge failed');
	});

	it('is UNKNOWN before a first purge, and CRITICAL without a database', () => {
		expect(evaluateRetention(answer(null)).status).toBe('UNKNOWN');
		expect(evaluateRetention({ database: 'unreachable', pending_events: 0 }).status).toBe('CRITICAL');
	});
});
