import type { Config } from '../config.ts';
import type { VigieDatabase } from '../db/database.ts';
import { itemsFromValues } from '../ingest/decode.ts';
import { acceptEvents } from '../ingest/intake.ts';
import type { Logger } from '../log.ts';
import { DEMO_SOURCE, realEventsPresent, recordDemoRun } from './demo-guard.ts';
import { TrafficSimulator } from './traffic-simulator.ts';

export interface RunningDemo {
	stop(): Promise<void>;
}

const TICK_MS = 500;

/**
 * Feeds simulated traffic through the same intake as real events, so the demo exercises the whole pipeline:
 * validation, idempotency, the worker, the live fan-out.
 */
export async function startDemoTraffic(options: {
	database: VigieDatabase;
	log: Logger;
	config: Config;
}): Promise<RunningDemo> {
	const { database, log, config } = options;
	if (await realEventsPresent(database.db)) {
		log.warn(
			'demo: this database holds real events, so the simulator stays off (set VIGIE_DEMO=0 to say so and silence this)'
		);
		return { stop: async () => {} };
	}
	await recordDemoRun(database.db);
	const simulator = new TrafficSimulator({ seed: Date.now() % 2 ** 31, timezone: config.timezone });
	let inFlight: Promise<void> = Promise.resolve();
	const tick = () => {
		inFlight = inFlight.then(async () => {
			const events = simulator.advance(new Date());
			if (events.length === 0) return;
			try {
				const result = await acceptEvents(database.db, itemsFromValues(events), DEMO_SOURCE);
				if (result.rejected.length > 0)
					log.warn({ rejected: result.rejected.slice(0, 5) }, 'demo: simulator produced invalid events');
			} catch (error) {
				log.error({ err: error }, 'demo: could not post simulated events');
			}
		});
	};
	tick();
	const timer = setInterval(tick, TICK_MS);
	log.info('demo: simulated traffic started');
	return {
		async stop() {
			clearInterval(timer);
			await inFlight;
		}
	};
}
