import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { Config, UccxConfig } from '../config.ts';
import type { VigieDatabase } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { startUccxConnector, type RunningConnector } from '../uccx/connector.ts';
import { postgresOdbcConnectionString } from '../uccx/emulator/connection.ts';
import type { EmulatedFinesse } from '../uccx/emulator/finesse.ts';
import { PROSODY_BIN } from '../uccx/emulator/prosody.ts';
import { EmulatedSite } from '../uccx/emulator/site.ts';

export interface RunningUccxDemo {
	stop(): Promise<void>;
}

const TICK_MS = 1000;

/**
 * `VIGIE_DEMO=uccx`: the demo floor as a Cisco UCCX site would show it. The traffic simulator drives an emulated
 * site that writes `db_cra` rows into a PostgreSQL database (config.uccxDemoDatabaseUrl), and Vigie reads them back
 * through its real UCCX connector, ODBC included: the whole UCCX path on one machine.
 */
export async function startUccxDemo(options: {
	database: VigieDatabase;
	log: Logger;
	config: Config;
}): Promise<RunningUccxDemo> {
	const { database, log, config } = options;
	const address = config.uccxDemoDatabaseUrl;
	if (!address) throw new Error('VIGIE_DEMO=uccx needs DATABASE_URL or VIGIE_UCCX_DEMO_DATABASE_URL');
	await ensureDatabase(address);
	let finesse: EmulatedFinesse | null = null;
	const site = await EmulatedSite.start({
		nodeDatabaseUrls: [address],
		fresh: true,
		seed: Date.now() % 2 ** 31,
		timezone: config.timezone,
		snapshotSeconds: 5,
		log,
		onFinesse: (changes) => {
			for (const change of changes) void finesse?.finesse.agentChanged(change);
		}
	});
	// Agent states through Finesse's notifications when an XMPP server is at hand (Debian's prosody), else from
	// AgentStateDetail, as on a site without Finesse.
	if (existsSync(PROSODY_BIN)) {
		try {
			const { startEmulatedFinesse } = await import('../uccx/emulator/finesse.ts');
			const teams = site.model.teams();
			finesse = await startEmulatedFinesse({ teams: teams.map(({ id, name }) => ({ id, name })), log });
			finesse.finesse.setAgents(teams.flatMap((team) => team.members));
		} catch (error) {
			log.warn({ err: error }, 'uccx demo: no emulated Finesse (agent states come from AgentStateDetail)');
			finesse = null;
		}
	} else {
		log.info(`uccx demo: ${PROSODY_BIN} is not installed: agent states come from AgentStateDetail, not Finesse`);
	}
	const http: Server = createServer((request, response) => {
		if (!site.handle(request, response)) response.writeHead(404).end();
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const { port } = http.address() as AddressInfo;

	let ticking: Promise<void> = Promise.resolve();
	const tick = () => {
		ticking = ticking
			.then(() => site.advance(new Date()))
			.catch((error: unknown) => log.error({ err: error }, 'uccx demo: the emulated site could not write'));
	};
	tick();
	const timer = setInterval(tick, TICK_MS);

	const odbc = postgresOdbcConnectionString(address);
	const uccx: UccxConfig = {
		historical: { odbc: [odbc], pollSeconds: 10, overlapSeconds: 7200 },
		realtime: { odbc: [odbc], pollSeconds: 5 },
		nodes: [`http://127.0.0.1:${port}/node1`],
		finesse: finesse?.config ?? null
	};
	let connector: RunningConnector;
	try {
		connector = await startUccxConnector({ database, log, config: uccx });
	} catch (error) {
		clearInterval(timer);
		http.close();
		await finesse?.stop();
		await site.close();
		throw error;
	}
	log.info({ database: new URL(address).pathname.slice(1) }, 'uccx demo: emulated UCCX site started');
	return {
		async stop() {
			clearInterval(timer);
			await ticking;
			await connector.stop();
			await new Promise((resolve) => http.close(resolve));
			await finesse?.stop();
			await site.close();
		}
	};
}

/** Creates the emulated site's database when it does not exist yet (its tables are the site's business). */
async function ensureDatabase(address: string): Promise<void> {
	const url = new URL(address);
	const name = decodeURIComponent(url.pathname.slice(1));
	const admin = new URL(address);
	admin.pathname = '/postgres';
	const client = new pg.Client({ connectionString: admin.href });
	await client.connect();
	try {
		const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
		if (found.rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
	} finally {
		await client.end();
	}
}
