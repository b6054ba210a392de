import type { Command } from 'commander';
import { readConfig } from '../../lib/server/config.ts';
import {
	CHECK_STATUS,
	DEFAULT_CHECK_THRESHOLDS,
	DEFAULT_UCCX_THRESHOLDS,
	evaluateReadiness,
	evaluateRetention,
	evaluateUccx,
	type CheckResult,
	type ReadyzAnswer
} from '../../lib/server/supervision/check.ts';

interface CheckOptions {
	url?: string;
	token?: string;
	warnPending: string;
	critPending: string;
	warnLag?: string;
	critLag?: string;
	warnDeadLetters?: string;
	critDeadLetters?: string;
	timeout: string;
}

/** Asks a running Vigie's /readyz (over HTTP, so it works whatever the database and whoever holds it). */
async function check(part: string, options: CheckOptions): Promise<CheckResult> {
	const lagDefaults = part === 'uccx' ? DEFAULT_UCCX_THRESHOLDS : DEFAULT_CHECK_THRESHOLDS;
	const numbers = [
		options.warnPending,
		options.critPending,
		options.warnLag ?? lagDefaults.warnLagS,
		options.critLag ?? lagDefaults.critLagS,
		options.timeout
	].map(Number);
	if (numbers.some((n) => !Number.isFinite(n) || n < 0)) {
		return { status: 'UNKNOWN', line: 'VIGIE UNKNOWN - thresholds and timeout must be non-negative numbers' };
	}
	const [warnPending, critPending, warnLagS, critLagS, timeoutS] = numbers as [number, number, number, number, number];
	const deadLetters = [options.warnDeadLetters, options.critDeadLetters].map((v) =>
		v === undefined ? undefined : Number(v)
	);
	if (deadLetters.some((n) => n !== undefined && (!Number.isFinite(n) || n < 0))) {
		return { status: 'UNKNOWN', line: 'VIGIE UNKNOWN - thresholds and timeout must be non-negative numbers' };
	}
	const [warnDeadLetters, critDeadLetters] = deadLetters;
	const token = options.token ?? process.env.VIGIE_CHECK_TOKEN;
	if (!token) return { status: 'UNKNOWN', line: 'VIGIE UNKNOWN - no token: pass --token or set VIGIE_CHECK_TOKEN' };
	const base = options.url ?? `http://127.0.0.1:${readConfig().port}`;
	let response: Response;
	try {
		response = await fetch(new URL('/readyz', base), {
			headers: { authorization: `Bearer ${token}` },
			signal: AbortSignal.timeout(timeoutS * 1000)
		});
	} catch (error) {
		return { status: 'CRITICAL', line: `VIGIE CRITICAL - no answer from ${base}: ${(error as Error).message}` };
	}
	if (response.status === 401) {
		return {
			status: 'UNKNOWN',
			line: `VIGIE UNKNOWN - ${base} refused the token (401): it is mistyped, revoked or expired (vigie token list)`
		};
	}
	if (response.status === 403) {
		return {
			status: 'UNKNOWN',
			line: `VIGIE UNKNOWN - ${base} refused the token (403): vigie check needs a token of role viewer or above; an ingest token may only post events`
		};
	}
	if (response.status !== 200 && response.status !== 503) {
		return { status: 'CRITICAL', line: `VIGIE CRITICAL - ${base}/readyz answered ${response.status}` };
	}
	const answer = (await response.json()) as ReadyzAnswer;
	if (part === 'uccx') return evaluateUccx(answer, { warnLagS, critLagS });
	if (part === 'retention') return evaluateRetention(answer);
	return evaluateReadiness(answer, {
		warnPending,
		critPending,
		warnLagS,
		critLagS,
		...(warnDeadLetters !== undefined && { warnDeadLetters }),
		...(critDeadLetters !== undefined && { critDeadLetters })
	});
}

export function registerCheck(program: Command): void {
	const t = DEFAULT_CHECK_THRESHOLDS;
	program
		.command('check')
		.description('one Nagios/Centreon line about a running Vigie; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN')
		.argument(
			'[part]',
			'all (the database and the worker backlog), uccx (each UCCX source and its lag) or retention (the daily purge of old data: warning past 26 h, critical past 50 h)',
			'all'
		)
		.option('--url <url>', 'the Vigie to ask (default http://127.0.0.1:$PORT)')
		.option('--token <token>', 'a token of any role (default $VIGIE_CHECK_TOKEN)')
		.option('--warn-pending <n>', 'events waiting for the worker', String(t.warnPending))
		.option('--crit-pending <n>', '', String(t.critPending))
		.option(
			'--warn-lag <seconds>',
			`age of the oldest waiting event (default ${t.warnLagS}); for uccx, a source's lag (default ${DEFAULT_UCCX_THRESHOLDS.warnLagS})`
		)
		.option('--crit-lag <seconds>', `default ${t.critLagS}; for uccx ${DEFAULT_UCCX_THRESHOLDS.critLagS}`)
		.option('--warn-dead-letters <n>', 'refused lines kept (vigie dead-letters); not judged unless given')
		.option('--crit-dead-letters <n>', '')
		.option('--timeout <seconds>', '', '10')
		.action(async (part: string, options: CheckOptions) => {
			let result: CheckResult;
			try {
				if (part !== 'all' && part !== 'uccx' && part !== 'retention')
					throw new Error(`unknown part "${part}": all, uccx or retention`);
				result = await check(part, options);
			} catch (error) {
				result = { status: 'UNKNOWN', line: `VIGIE UNKNOWN - ${(error as Error).message.split('\n')[0]}` };
			}
			console.log(result.line);
			process.exitCode = CHECK_STATUS[result.status];
		});
}
