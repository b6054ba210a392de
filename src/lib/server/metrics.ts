import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { VigieDatabase } from './db/database.ts';
import { readReadiness } from './health.ts';
import type { IntakeResult } from './ingest/intake.ts';
import type { LiveHub } from './live/hub.ts';
import { readUccxHealth } from './uccx/supervision.ts';
import { UCCX_PARTS } from './uccx/status.ts';

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

	// The UCCX connector's parts, as every process reads them from the database.
	const uccxLag = new Gauge({
		name: 'vigie_uccx_lag_seconds',
		help: 'Seconds since a UCCX part last got fresh data (historical and Finesse: a read; RTSS: a snapshot that moved).',
		labelNames: ['part'] as const,
		registers: [registry]
	});
	new Gauge({
		name: 'vigie_uccx_up',
		help: 'Whether a UCCX part is live (1) or starting, stale or failing (0); absent for parts not configured.',
		labelNames: ['part', 'node'] as const,
		registers: [registry],
		async collect() {
			this.reset();
			uccxLag.reset();
			const health = await readUccxHealth(database.db);
			for (const part of UCCX_PARTS) {
				const state = health?.[part];
				if (!state) continue;
				this.set({ part, node: state.node ?? '' }, state.state === 'live' ? 1 : 0);
				if (state.lag_s !== null) uccxLag.set({ part }, state.lag_s);
			}
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
