import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_THRESHOLDS, evaluateReadiness } from './check.ts';

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
