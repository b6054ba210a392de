import { InvalidArgumentError, type Command } from 'commander';
import { DateTime } from 'luxon';
import { SL_VARIANTS, type SlVariant } from '../../lib/domain/metrics.ts';
import { localInstant } from '../../lib/domain/periods.ts';
import {
	changeQueueSettings,
	isSlVariant,
	listQueueSettings,
	periodsToRecompute,
	QueueSettingsError,
	readSettingsHistory,
	SETTING_LIMITS
} from '../../lib/server/aggregates/queue-settings.ts';
import { audit, cliActor } from '../../lib/server/audit/audit.ts';
import { setup, withDatabase } from '../context.ts';

/** A parser for whole seconds within a setting's one rule, whose refusal repeats that rule. */
function seconds(option: string, { min, max }: { min: number; max: number }) {
	return (value: string): number => {
		const n = Number(value);
		if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
			throw new InvalidArgumentError(`${option} must be whole seconds from ${min} to ${max}, not "${value}"`);
		}
		return n;
	};
}

/** A local time as the site reads it, e.g. `2026-11-26 00:00 (Europe/Paris)`. */
const local = (instant: Date, zone: string) =>
	`${DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm')} (${zone})`;

interface SetOptions {
	slThreshold?: number;
	shortAbandon?: number;
	slVariant?: SlVariant;
	from?: string;
	recomputePast?: boolean;
}

export function registerQueue(program: Command): void {
	const queue = program.command('queue').description('queues (CSQs) and their service-level settings');
	queue
		.command('list')
		.description('list the known queues and their settings')
		.action(() =>
			withDatabase(async ({ db }) => {
				const rows = await listQueueSettings(db);
				if (rows.length === 0) console.error('no queue yet: queues appear with their first events');
				for (const r of rows) {
					console.log(
						`${r.queue}\tsl_threshold_s=${r.slThresholdS}\tshort_abandon_s=${r.shortAbandonS}\tsl_variant=${r.slVariant}`
					);
				}
			})
		);
	queue
		.command('history')
		.description("a queue's settings over time: each line holds from its date until the next")
		.argument('<name>', 'the queue, as events name it')
		.action((name: string) =>
			withDatabase(async ({ db }, config) => {
				const rows = await readSettingsHistory(db, [name]);
				if (rows.length === 0) console.error(`"${name}" has kept the settings it started with (see queue list)`);
				for (const r of rows) {
					const from = r.effectiveFrom ? local(r.effectiveFrom, config.timezone) : 'since it appeared';
					const by = r.changedBy ? `\tby ${r.changedBy}` : '';
					console.log(
						`${from}\tsl_threshold_s=${r.slThresholdS}\tshort_abandon_s=${r.shortAbandonS}\tsl_variant=${r.slVariant}${by}`
					);
				}
			})
		);
	queue
		.command('set')
		.description(
			"change a queue's settings from now on (or from --from); figures already reported keep the settings " +
				'they were computed with unless --recompute-past'
		)
		.argument('<name>', 'the queue, as events name it')
		.option(
			'--sl-threshold <seconds>',
			'service-level threshold, 1 to 3600 s (default 20)',
			seconds('--sl-threshold', SETTING_LIMITS.slThresholdS)
		)
		.option(
			'--short-abandon <seconds>',
			'abandons quicker than this are short, 0 to 3600 s (default 5; 0: none)',
			seconds('--short-abandon', SETTING_LIMITS.shortAbandonS)
		)
		.option('--sl-variant <variant>', `what its screens show: ${SL_VARIANTS.join(', ')}`, (value: string) => {
			if (!isSlVariant(value)) throw new InvalidArgumentError(`must be one of ${SL_VARIANTS.join(', ')}`);
			return value;
		})
		.option('--from <date>', 'local date (YYYY-MM-DD) or date and time (YYYY-MM-DD HH:MM) it takes effect; default now')
		.option('--recompute-past', 'confirm that figures from --from on, already reported, are computed again')
		.action(async (name: string, options: SetOptions) => {
			const zone = setup().config.timezone;
			const effectiveFrom = options.from === undefined ? undefined : localInstant(options.from, zone);
			if (effectiveFrom === null) {
				throw new InvalidArgumentError(
					`--from must be a local date, 2026-11-26, or date and time, "2026-11-26 14:30"; not "${options.from}"`
				);
			}
			await withDatabase(async (database, _config, log) => {
				const db = database.db;
				try {
					const result = await changeQueueSettings(db, {
						queue: name,
						changes: {
							slThresholdS: options.slThreshold,
							shortAbandonS: options.shortAbandon,
							slVariant: options.slVariant
						},
						effectiveFrom,
						recomputePast: options.recomputePast,
						changedBy: cliActor().name
					});
					await audit({ database, log }, cliActor(), {
						action: 'queue.settings',
						target: name,
						detail: {
							effectiveFrom: result.effectiveFrom.toISOString(),
							before: result.before,
							after: result.after,
							// Recomputing the past rewrites figures already reported: the trail says so, and how much.
							recomputePast: options.recomputePast ?? false,
							recomputedPeriods: result.recomputedPeriods
						}
					});
					console.error(
						`queue "${name}" changed from ${local(result.effectiveFrom, zone)}: ` +
							`sl_threshold_s ${result.before.slThresholdS} → ${result.after.slThresholdS}, ` +
							`short_abandon_s ${result.before.shortAbandonS} → ${result.after.shortAbandonS}, ` +
							`sl_variant ${result.before.slVariant} → ${result.after.slVariant}; ` +
							`${result.recomputedPeriods} quarter-hour(s) computed again, earlier figures unchanged`
					);
				} catch (error) {
					if (error instanceof QueueSettingsError && error.code === 'pastNeedsConfirmation') {
						const periods = await periodsToRecompute(database.db, name, error.effectiveFrom!);
						throw new Error(
							`--from ${options.from} is in the past: the figures of "${name}" from ` +
								`${local(error.effectiveFrom!, zone)} on (${periods} quarter-hour(s)), already reported, would be ` +
								'computed again with the new settings. Add --recompute-past to confirm'
						);
					}
					if (error instanceof QueueSettingsError && error.code === 'beforeRetention') {
						throw new Error(
							`the calls of "${name}" before ${local(error.effectiveFrom!, zone)} are purged (retention, ` +
								'VIGIE_RETAIN_EVENTS_DAYS): their figures can no longer be computed again; give a later --from'
						);
					}
					throw error;
				}
			});
		});
}
