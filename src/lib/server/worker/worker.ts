import type { VigieDatabase } from '../db/database.ts';
import { EVENTS_CHANNEL } from '../ingest/intake.ts';
import type { Logger } from '../log.ts';
import { applyPendingBatch } from './apply-batch.ts';

export interface WorkerOptions {
	database: VigieDatabase;
	log: Logger;
	batchSize?: number;
	/** A safety net: notifications can be lost (reconnection), so the worker also looks on its own now and then. */
	pollIntervalMs?: number;
	/** An agent state counts for at most this many hours (`VIGIE_MAX_STATE_H`). */
	maxStateHours?: number;
}

export interface RunningWorker {
	/** Finishes the batch in progress, then stops. */
	stop(): Promise<void>;
}

const MAX_RETRY_DELAY_MS = 10_000;

/**
 * Applies pending events as they arrive, batch after batch, until stopped. A database error (outage, restart)
 * is logged and retried with a growing delay; since a batch commits whole or not at all, nothing is lost.
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
	const { database, log, batchSize = 10_000, pollIntervalMs = 1000, maxStateHours } = options;
	let stopped = false;
	// A notification that arrives while a batch is being applied is remembered, not lost: the next sleep is skipped.
	let woken = false;
	let wake: (() => void) | null = null;
	const wakeUp = () => {
		woken = true;
		wake?.();
	};
	const unlisten = await database.listen(EVENTS_CHANNEL, wakeUp);

	const sleep = (ms: number) =>
		new Promise<void>((resolve) => {
			if (woken) return resolve();
			const timer = setTimeout(done, ms);
			function done() {
				clearTimeout(timer);
				wake = null;
				resolve();
			}
			wake = done;
		});

	const loop = async () => {
		let failures = 0;
		while (!stopped) {
			try {
				woken = false;
				const applied = await applyPendingBatch(database.db, batchSize, { maxStateHours });
				if (failures > 0) log.info('worker: database reachable again, resuming');
				failures = 0;
				if (applied > 0) log.debug({ applied }, 'worker: batch applied');
				if (applied < batchSize) await sleep(pollIntervalMs);
			} catch (error) {
				failures++;
				const delay = Math.min(250 * 2 ** failures, MAX_RETRY_DELAY_MS);
				log.error({ err: error, retryInMs: delay }, 'worker: could not apply a batch; retrying');
				await sleep(delay);
			}
		}
	};

	const running = loop();
	log.info({ batchSize }, 'worker: started');
	return {
		async stop() {
			stopped = true;
			wakeUp();
			await running;
			await unlisten();
			log.info('worker: stopped');
		}
	};
}
