import type { UccxConfig } from '../config.ts';
import type { VigieDatabase } from '../db/database.ts';
import type { VigieEvent } from '../../domain/event.ts';
import { itemsFromValues } from '../ingest/decode.ts';
import { acceptEvents } from '../ingest/intake.ts';
import type { Logger } from '../log.ts';
import { createHistoricalReader } from './historical.ts';
import { nodeOf } from './odbc.ts';
import { createRealtimeReader } from './realtime.ts';
import type { FinesseRejection } from './finesse/agent-state.ts';
import type { StatusSink, UccxPartStatus } from './status.ts';
import { saveStatus } from './store.ts';

/**
 * The live Cisco UCCX connector (contract §7, docs/uccx.md): the parts the configuration names, each reading on
 * its own and retrying on its own. It runs in the worker process (`vigie worker`, `vigie start`) and hands what
 * it reads to the intake like any other source; its parts' states go to the database for supervision.
 */

export interface FinesseStarter {
	(options: {
		config: NonNullable<UccxConfig['finesse']>;
		log: Logger;
		onEvents(events: VigieEvent[]): Promise<void>;
		onRejected?(rejections: FinesseRejection[]): void | Promise<void>;
		onStatus: StatusSink;
	}): Promise<{ stop(): Promise<void> }>;
}

export interface RunningConnector {
	stop(): Promise<void>;
}

export async function startUccxConnector(options: {
	database: VigieDatabase;
	log: Logger;
	config: UccxConfig;
	/** Finesse's part (its own module, loaded only when Finesse is configured). */
	startFinesse?: FinesseStarter;
}): Promise<RunningConnector> {
	const { database, log, config } = options;
	const stoppers: (() => Promise<void>)[] = [];
	const onStatus = statusSink(database, log);
	const nodeNames = (connectionStrings: string[]) =>
		connectionStrings.map((connection, i) => hostOf(config.nodes[i]) ?? nodeOf(connection));

	const stopAll = async () => {
		for (const stop of stoppers.reverse()) await stop();
	};
	try {
		await startParts();
	} catch (error) {
		// A part that cannot start stops the ones already reading: nothing keeps running behind a failed start.
		await stopAll();
		throw error;
	}
	log.info(
		{
			historical: config.historical !== null,
			realtime: config.realtime !== null,
			finesse: config.finesse !== null,
			nodes: config.nodes.map(hostOf)
		},
		'uccx: connector started'
	);
	return {
		async stop() {
			await stopAll();
			log.info('uccx: connector stopped');
		}
	};

	async function startParts(): Promise<void> {
		let agentQueues: () => ReadonlyMap<string, readonly string[]> = () => new Map();
		if (config.historical) {
			const reader = createHistoricalReader({
				database,
				log,
				connectionStrings: config.historical.odbc,
				nodeNames: nodeNames(config.historical.odbc),
				pollSeconds: config.historical.pollSeconds,
				overlapSeconds: config.historical.overlapSeconds,
				readAgentStates: config.finesse === null,
				onStatus
			});
			reader.start();
			agentQueues = reader.agentQueues;
			stoppers.push(() => reader.stop());
		}
		if (config.realtime) {
			const reader = createRealtimeReader({
				database,
				log,
				connectionStrings: config.realtime.odbc,
				nodeNames: nodeNames(config.realtime.odbc),
				nodeUrls: config.nodes,
				pollSeconds: config.realtime.pollSeconds,
				onStatus
			});
			reader.start();
			stoppers.push(() => reader.stop());
		}
		if (config.finesse) {
			const start = options.startFinesse ?? (await loadFinesse());
			const finesse = await start({
				config: config.finesse,
				log,
				onEvents: async (events) => {
					// Finesse does not say which CSQs an agent serves: the historical tables' skills do.
					const queues = agentQueues();
					const withQueues = events.map((event) =>
						event.type === 'agent.state' && !event.queues && queues.has(event.agent)
							? { ...event, queues: [...queues.get(event.agent)!] }
							: event
					);
					const result = await acceptEvents(database.db, itemsFromValues(withQueues), 'finesse');
					if (result.rejected.length > 0)
						log.warn({ rejected: result.rejected.slice(0, 5) }, 'uccx finesse: events refused');
				},
				// A user Finesse describes in a way Vigie cannot read is a dead letter, with its reason.
				onRejected: async (rejections) => {
					const { finesseDeadLetters } = await import('./finesse/agent-state.ts');
					await acceptEvents(database.db, finesseDeadLetters(rejections), 'finesse');
				},
				onStatus
			});
			stoppers.push(() => finesse.stop());
		}
	}
}

async function loadFinesse(): Promise<FinesseStarter> {
	return (await import('./finesse/source.ts')).startFinesseSource;
}

function hostOf(url: string | undefined): string | undefined {
	if (url === undefined) return undefined;
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

/** Each part's state into the database (for every process's supervision) and, when it changes, the log. */
function statusSink(database: VigieDatabase, log: Logger): StatusSink {
	const last = new Map<string, string>();
	let writing: Promise<void> = Promise.resolve();
	return (status: UccxPartStatus) => {
		const said = `${status.state}|${status.node}|${status.error}`;
		if (last.get(status.part) !== said) {
			last.set(status.part, said);
			const fields = { part: status.part, state: status.state, node: status.node, error: status.error ?? undefined };
			if (status.state === 'failing' || status.state === 'stale') log.warn(fields, 'uccx: source state');
			else log.info(fields, 'uccx: source state');
		}
		writing = writing
			.then(() => saveStatus(database.db, status))
			.catch((error: unknown) => log.error({ err: error }, 'uccx: could not save a source state'));
	};
}
