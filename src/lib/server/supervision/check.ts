/** Nagios/Centreon plugin conventions: the exit code is the verdict, the one line says why. */
export const CHECK_STATUS = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;
export type CheckStatus = keyof typeof CHECK_STATUS;

export interface CheckThresholds {
	warnPending: number;
	critPending: number;
	warnLagS: number;
	critLagS: number;
	/** Dead letters kept (lines refused, `vigie dead-letters`); not judged unless given. */
	warnDeadLetters?: number;
	critDeadLetters?: number;
}

export const DEFAULT_CHECK_THRESHOLDS: CheckThresholds = {
	warnPending: 10_000,
	critPending: 100_000,
	warnLagS: 60,
	critLagS: 300
};

/** What `/readyz` answers. */
export interface ReadyzAnswer {
	database: string;
	pending_events: number;
	oldest_pending_age_s?: number;
	dead_letters?: number;
	/** Seconds since the daily retention purge last finished; null before a first one. */
	retention_last_purge_age_s?: number | null;
	uccx?: Record<string, { state: string; node: string | null; lag_s: number | null; error: string | null }>;
}

export interface UccxCheckThresholds {
	warnLagS: number;
	critLagS: number;
}

/** Historical reads every minute by default and RTSS every 5 s: a lag of 3 minutes is already a missed poll or two. */
export const DEFAULT_UCCX_THRESHOLDS: UccxCheckThresholds = { warnLagS: 180, critLagS: 600 };

/**
 * Judges the UCCX parts of a `/readyz` answer: a failing part is critical, a stale one (RTSS stopped) a warning,
 * and each part's lag against the thresholds; performance data per part after the `|`.
 */
export function evaluateUccx(answer: ReadyzAnswer, t: UccxCheckThresholds): CheckResult {
	if (answer.database !== 'ok') return { status: 'CRITICAL', line: 'VIGIE UCCX CRITICAL - database unreachable' };
	const parts = Object.entries(answer.uccx ?? {});
	if (parts.length === 0) {
		return {
			status: 'UNKNOWN',
			line: 'VIGIE UCCX UNKNOWN - no UCCX source has run (VIGIE_UCCX_* / VIGIE_FINESSE_* unset?)'
		};
	}
	let status: CheckStatus = 'OK';
	const said: string[] = [];
	const perfdata: string[] = [];
	for (const [part, health] of parts) {
		const lag = health.lag_s;
		const byState: CheckStatus = health.state === 'failing' ? 'CRITICAL' : health.state === 'stale' ? 'WARNING' : 'OK';
		const byLag: CheckStatus =
			lag === null ? (health.state === 'starting' ? 'OK' : 'WARNING') : level(lag, t.warnLagS, t.critLagS);
		const partStatus = worst(byState, byLag);
		status = worst(status, partStatus);
		said.push(
			`${part} ${health.state}${health.node ? ` on ${health.node}` : ''}${lag === null ? '' : `, ${Math.round(lag)} s`}` +
				(partStatus !== 'OK' && health.error ? ` (${health.error})` : '')
		);
		if (lag !== null) perfdata.push(`${part}_lag=${lag}s;${t.warnLagS};${t.critLagS};0`);
	}
	return {
		status,
		line: `VIGIE UCCX ${status} - ${said.join('; ')}${perfdata.length ? ` | ${perfdata.join(' ')}` : ''}`
	};
}

/** The purge runs daily: a day and two hours without one is a missed night, two days a failing job. */
export const RETENTION_THRESHOLDS = { warnAgeS: 26 * 3600, critAgeS: 50 * 3600 } as const;

/**
 * Judges the daily retention purge (docs/fr/donnees-personnelles.md): personal data kept past its period because
 * the purge stopped is what the data protection officer wants supervision to see.
 */
export function evaluateRetention(answer: ReadyzAnswer, t = RETENTION_THRESHOLDS): CheckResult {
	if (answer.database !== 'ok') return { status: 'CRITICAL', line: 'VIGIE RETENTION CRITICAL - database unreachable' };
	const age = answer.retention_last_purge_age_s;
	if (age === undefined || age === null) {
		return {
			status: 'UNKNOWN',
			line: 'VIGIE RETENTION UNKNOWN - no purge has finished yet (the worker purges daily at VIGIE_PURGE_AT; vigie purge runs one now)'
		};
	}
	const status = level(age, t.warnAgeS, t.critAgeS);
	const hours = Math.round((age / 3600) * 10) / 10;
	return {
		status,
		line:
			`VIGIE RETENTION ${status} - last purge finished ${hours} h ago` +
			(status === 'OK' ? '' : ' (is a worker running? see its log: retention: purge failed)') +
			` | last_purge_age=${age}s;${t.warnAgeS};${t.critAgeS};0`
	};
}

export interface CheckResult {
	status: CheckStatus;
	line: string;
}

const worst = (a: CheckStatus, b: CheckStatus): CheckStatus => (CHECK_STATUS[a] >= CHECK_STATUS[b] ? a : b);

function level(value: number, warn: number, crit: number): CheckStatus {
	return value >= crit ? 'CRITICAL' : value >= warn ? 'WARNING' : 'OK';
}

/** Judges a `/readyz` answer: the backlog and how old its oldest event is; performance data after the `|`. */
export function evaluateReadiness(answer: ReadyzAnswer, t: CheckThresholds): CheckResult {
	if (answer.database !== 'ok') return { status: 'CRITICAL', line: 'VIGIE CRITICAL - database unreachable' };
	const pending = answer.pending_events;
	const lag = answer.oldest_pending_age_s ?? 0;
	let status = worst(level(pending, t.warnPending, t.critPending), level(lag, t.warnLagS, t.critLagS));
	const judgeDeadLetters =
		answer.dead_letters !== undefined && (t.warnDeadLetters !== undefined || t.critDeadLetters !== undefined);
	const [warnDead, critDead] = [t.warnDeadLetters ?? Infinity, t.critDeadLetters ?? Infinity];
	if (judgeDeadLetters) status = worst(status, level(answer.dead_letters!, warnDead, critDead));
	const deadThresholds = judgeDeadLetters
		? `;${Number.isFinite(warnDead) ? warnDead : ''};${Number.isFinite(critDead) ? critDead : ''};0`
		: '';
	const perfdata = [
		`pending_events=${pending};${t.warnPending};${t.critPending};0`,
		`oldest_pending_age=${lag}s;${t.warnLagS};${t.critLagS};0`,
		...(answer.dead_letters === undefined ? [] : [`dead_letters=${answer.dead_letters}${deadThresholds}`])
	].join(' ');
	const dead = judgeDeadLetters ? `, ${answer.dead_letters} dead letters` : '';
	return {
		status,
		line: `VIGIE ${status} - ${pending} events waiting for the worker, oldest ${lag} s${dead} | ${perfdata}`
	};
}
