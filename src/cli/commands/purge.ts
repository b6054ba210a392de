import { InvalidArgumentError, type Command } from 'commander';
import { DateTime } from 'luxon';
import type { PurgeStep } from '../../lib/server/retention/purge.ts';
import { audit, cliActor } from '../../lib/server/audit/audit.ts';
import { withDatabase } from '../context.ts';

/** What each step removes, as the operator reads it. */
const STEP_WORDS: Record<PurgeStep, string> = {
	events: 'events in the ledger',
	call_legs: 'calls (per queue)',
	agent_states: 'agent state changes',
	agent_state_intervals: 'agent figures per quarter hour',
	agent_answer_intervals: 'agent answer counts per quarter hour',
	call_agents: 'agents named on calls (name removed)',
	agent_directory: 'agents in the directory with nothing newer (left)',
	callers: "callers' numbers (number removed)",
	dead_letters: 'dead letters'
};

export function registerPurge(program: Command): void {
	program
		.command('purge')
		.description(
			"purge what is past its retention period now (the worker does it daily at VIGIE_PURGE_AT): raw events and dead letters (VIGIE_RETAIN_EVENTS_DAYS), agent detail (VIGIE_RETAIN_AGENT_DETAIL_DAYS), callers' numbers (VIGIE_RETAIN_CALLERS_DAYS); queue figures are kept"
		)
		.option('--dry-run', 'count what would go, change nothing')
		.option('--batch <rows>', 'rows per transaction (default 5000)', (value: string) => {
			const n = Number(value);
			if (!Number.isInteger(n) || n < 100 || n > 100_000) {
				throw new InvalidArgumentError(`--batch must be a whole number from 100 to 100000, not "${value}"`);
			}
			return n;
		})
		.action((options: { dryRun?: boolean; batch?: number }) =>
			withDatabase(async (database, config, log) => {
				const { db } = database;
				const { purgeExpired, PURGE_STEPS } = await import('../../lib/server/retention/purge.ts');
				const report = await purgeExpired(db, {
					days: config.retention.days,
					zone: config.timezone,
					dryRun: options.dryRun,
					batchSize: options.batch
				});
				if (!report.dryRun) {
					await audit({ database, log }, cliActor(), {
						action: 'retention.purge',
						detail: { rows: report.rows, horizons: report.horizons, days: config.retention.days }
					});
				}
				const day = (instant: Date) => DateTime.fromJSDate(instant, { zone: config.timezone }).toFormat('yyyy-MM-dd');
				const { days } = config.retention;
				console.log(
					`${report.dryRun ? 'would purge (dry run, nothing changed)' : 'purged'}: ` +
						`raw events before ${day(report.horizons.events)} (${days.events} days kept), ` +
						`agent detail before ${day(report.horizons.agent_detail)} (${days.agent_detail} days), ` +
						`callers' numbers before ${day(report.horizons.callers)} (${days.callers} days), ` +
						`dead letters before ${day(report.horizons.dead_letters)}`
				);
				for (const step of PURGE_STEPS) console.log(`  ${String(report.rows[step]).padStart(10)}  ${STEP_WORDS[step]}`);
				console.error(
					report.dryRun
						? `counted in ${(report.ms / 1000).toFixed(1)} s`
						: `${report.batches} batch(es) in ${(report.ms / 1000).toFixed(1)} s, the longest ${Math.round(report.longestBatchMs)} ms; queue figures kept`
				);
			})
		);
}
