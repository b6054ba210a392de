import type { Config } from './config.ts';
import { openMigratedDatabase } from './db/migrate.ts';
import type { VigieApp } from './app.ts';
import { startAuditRetention } from './audit/audit.ts';
import { readBuildVersion } from './build-version.ts';
import { AccessWatch } from './live/access-watch.ts';
import { LiveHub } from './live/hub.ts';
import type { Logger } from './log.ts';
import { createMetrics } from './metrics.ts';
import { startWorker, type RunningWorker } from './worker/worker.ts';

export interface Runtime {
	/** Present when the web half runs. */
	app: VigieApp | null;
	stop(): Promise<void>;
}

/**
 * Starts the halves asked for on one database: the live hub (web), the worker, and the demo traffic.
 * Stops them in the reverse order, so that no batch or message is cut in the middle.
 */
export async function startRuntime(
	config: Config,
	log: Logger,
	halves: { web: boolean; worker: boolean; demo: boolean }
): Promise<Runtime> {
	// On the embedded database, this process holds it and serves it to the command line (embedded-channel.ts).
	const database = await openMigratedDatabase(config, log, { role: 'server', log });
	const stoppers: (() => Promise<void>)[] = [() => database.close()];
	const stop = async () => {
		// Last started, first stopped; the list is copied so that a second call stops in the same order.
		for (const stopOne of [...stoppers].reverse()) await stopOne();
	};
	try {
		let app: VigieApp | null = null;
		if (halves.worker) {
			const worker: RunningWorker = await startWorker({ database, log, maxStateHours: config.maxStateHours });
			stoppers.push(() => worker.stop());
			// The daily retention purge (docs/fr/donnees-personnelles.md), beside the worker's batches.
			const { startRetentionJob } = await import('./retention/job.ts');
			const retention = startRetentionJob({
				database,
				log,
				days: config.retention.days,
				zone: config.timezone,
				purgeAtMinutes: config.retention.purgeAtMinutes
			});
			stoppers.push(() => retention.stop());
			if (config.uccx) {
				// Loaded only when a UCCX source is configured: a site without UCCX carries none of it.
				const { startUccxConnector } = await import('./uccx/connector.ts');
				const connector = await startUccxConnector({ database, log, config: config.uccx });
				stoppers.push(() => connector.stop());
			}
		}
		if (halves.web) {
			// Cisco RTSS snapshots, when a UCCX connector (in this process or another) writes them, feed their CSQs.
			const { uccxSnapshotSource } = await import('./uccx/snapshot-source.ts');
			const build = readBuildVersion();
			const hub = new LiveHub(database, log, config, {
				snapshotSources: [uccxSnapshotSource(database, config)],
				build
			});
			await hub.start();
			stoppers.push(() => hub.stop());
			const access = new AccessWatch(log);
			stoppers.push(async () => access.stop());
			app = { config, log, database, hub, access, metrics: createMetrics(database, hub), build };
			stoppers.push(startAuditRetention(database.db, log, config.auditRetentionDays));
		}
		if (halves.demo) {
			// Loaded only when asked for: a production process carries no simulator.
			const demo =
				config.demoSource === 'uccx'
					? await (await import('./demo/uccx-demo.ts')).startUccxDemo({ database, log, config })
					: await (await import('./demo/demo-traffic.ts')).startDemoTraffic({ database, log, config });
			stoppers.push(() => demo.stop());
		}
		return { app, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
