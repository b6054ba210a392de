import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { VigieDatabase } from './db/database.ts';
import { readReadiness } from './health.ts';
import type { IntakeResult } from './ingest/intake.ts';
import type { LiveHub } from './live/hub.ts';

/** The Prometheus metrics of one web process (`GET /metrics`). */
export interface VigieMetrics {
	registry: Registry;
	recordIntake(result: IntakeResult): void;
}

export function createMetrics(database: VigieDatabase, hub: LiveHub): VigieMetrics {
	const registry = new Registry();
	collectDefaultMetrics({ register: registry, prefix: 'vigie_' });

	const lines = new Counter({
		name: 'vigie_intake_lines_total',
		help: 'Lines received on POST /api/events by this process, by outcome.',
		labelNames: ['outcome'] as const,
		registers: [registry]
	});
	new Gauge({
		name: 'vigie_screens_connected',
		help: 'Wall screens connected to this process over /ws.',
		registers: [registry],
		collect() {
			this.set(hub.clientCount);
		}
	});
	// Read from the database at each scrape, so every web process reports the same backlog.
	const pending = new Gauge({
		name: 'vigie_pending_events',
		help: 'Events accepted, not yet in the figures.',
		registers: [registry]
	});
	const lag = new Gauge({
		name: 'vigie_oldest_pending_age_seconds',
		help: 'Age of the oldest event not yet in the figures.',
		registers: [registry]
	});
	new Gauge({
		name: 'vigie_dead_letters',
		help: 'Lines rejected since the beginning (see `vigie dead-letters`).',
		registers: [registry],
		async collect() {
			const readiness = await readReadiness(database.db);
			pending.set(readiness.pendingEvents);
			lag.set(readiness.oldestPendingAgeS);
			this.set(readiness.deadLetters);
		}
	});

	return {
		registry,
		recordIntake(result) {
			lines.inc({ outcome: 'accepted' }, result.accepted);
			lines.inc({ outcome: 'duplicate' }, result.duplicates);
			lines.inc({ outcome: 'rejected' }, result.rejected.length);
		}
	};
}
