import { readConfig, type Config } from '../lib/server/config.ts';
import type { VigieDatabase } from '../lib/server/db/database.ts';
import { createLogger, type Logger } from '../lib/server/log.ts';
import { openMigratedDatabase } from '../lib/server/db/migrate.ts';

/** The configuration and logger every command starts from; a bad configuration stops it here. */
export function setup(): { config: Config; log: Logger } {
	const config = readConfig();
	return { config, log: createLogger(config.logLevel) };
}

/** Runs `work` on the migrated database and closes it afterwards, whatever happens. */
export async function withDatabase<T>(
	work: (database: VigieDatabase, config: Config, log: Logger) => Promise<T>
): Promise<T> {
	const { config, log } = setup();
	const database = await openMigratedDatabase(config, log);
	try {
		return await work(database, config, log);
	} catch (error) {
		throw database.explainFailure?.(error) ?? error;
	} finally {
		await database.close();
	}
}

/** Resolves at the first SIGINT or SIGTERM; a second one exits at once. */
export function untilSignal(log: Logger): Promise<void> {
	return new Promise<void>((resolve) => {
		const onSignal = (signal: NodeJS.Signals) => {
			log.info({ signal }, 'stopping');
			process.once(signal, () => process.exit(130));
			resolve();
		};
		process.once('SIGINT', onSignal);
		process.once('SIGTERM', onSignal);
	});
}
