import { nextPurgeAt, type RetentionDays } from '../../domain/retention.ts';
import type { VigieDatabase } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { audit } from '../audit/audit.ts';
import { purgeExpired } from './purge.ts';

export interface RetentionJobOptions {
	database: VigieDatabase;
	log: Logger;
	days: RetentionDays;
	zone: string;
	/** Minutes after local midnight (`VIGIE_PURGE_AT`). */
	purgeAtMinutes: number;
}

/**
 * The worker's daily purge, at `VIGIE_PURGE_AT` local time. It runs in small batches beside the worker's own
 * (see `purgeExpired`), so the screens never wait for it; a failure is logged and tried again the next day (or by
 * `vigie purge`). Several workers may each run it: the second finds nothing left to do.
 */
export function startRetentionJob(options: RetentionJobOptions): { stop(): Promise<void> } {
	const { database, log, days, zone, purgeAtMinutes } = options;
	let timer: NodeJS.Timeout | null = null;
	let running: Promise<void> | null = null;
	let stopped = false;

	const schedule = () => {
		if (stopped) return;
		const at = nextPurgeAt(new Date(), purgeAtMinutes, zone);
		timer = setTimeout(() => {
			running = run().finally(() => {
				running = null;
				schedule();
			});
		}, at.getTime() - Date.now());
		log.debug({ at }, 'retention: next purge');
	};

	const run = async () => {
		try {
			const report = await purgeExpired(database.db, { days, zone });
			// The daily job acts for no person: the worker process, on this host.
			await audit(
				{ database, log },
				{ name: 'worker', kind: 'cli', address: 'local' },
				{
					action: 'retention.purge',
					detail: { rows: report.rows, horizons: report.horizons, days }
				}
			);
			log.info(
				{
					rows: report.rows,
					batches: report.batches,
					longestBatchMs: Math.round(report.longestBatchMs),
					ms: Math.round(report.ms)
				},
				'retention: purge done'
			);
		} catch (error) {
			log.error({ err: error }, 'retention: purge failed; next try at the next daily run, or run `vigie purge`');
		}
	};

	schedule();
	return {
		async stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			await running;
		}
	};
}
