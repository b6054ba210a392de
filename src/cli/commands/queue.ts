import { InvalidArgumentError, type Command } from 'commander';
import { SL_VARIANTS } from '../../lib/domain/metrics.ts';
import { isSlVariant, listQueueSettings, updateQueueSettings } from '../../lib/server/aggregates/queue-settings.ts';
import { withDatabase } from '../context.ts';

function seconds(value: string): number {
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0 || n > 3600) throw new InvalidArgumentError('must be whole seconds, 0 to 3600');
	return n;
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
		.command('set')
		.description("change a queue's settings; its figures are recomputed with them")
		.argument('<name>', 'the queue, as events name it')
		.option('--sl-threshold <seconds>', 'service-level threshold (default 20)', seconds)
		.option('--short-abandon <seconds>', 'abandons quicker than this are short (default 5)', seconds)
		.option('--sl-variant <variant>', `what its screens show: ${SL_VARIANTS.join(', ')}`, (value: string) => {
			if (!isSlVariant(value)) throw new InvalidArgumentError(`must be one of ${SL_VARIANTS.join(', ')}`);
			return value;
		})
		.action(
			(
				name: string,
				options: { slThreshold?: number; shortAbandon?: number; slVariant?: (typeof SL_VARIANTS)[number] }
			) => {
				if (options.slThreshold === 0) throw new InvalidArgumentError('--sl-threshold must be at least 1 second');
				return withDatabase(async ({ db }) => {
					await updateQueueSettings(db, name, {
						slThresholdS: options.slThreshold,
						shortAbandonS: options.shortAbandon,
						slVariant: options.slVariant
					});
					console.error(`queue "${name}" updated; its figures were recomputed`);
				});
			}
		);
}
