#!/usr/bin/env node
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, readConfig, type Config } from '../lib/server/config.ts';
import { createLogger, type Logger } from '../lib/server/log.ts';
import { TOKEN_ROLES, type Role } from '../lib/server/auth/principal.ts';
import { createToken, isTokenRole } from '../lib/server/auth/tokens.ts';
import { openMigratedDatabase, startRuntime } from '../lib/server/runtime.ts';
import { serveHttp } from '../server/http-server.ts';
import { announceDemoKiosk } from '../lib/server/demo/demo-kiosk.ts';
import { checkQueuesExist, parseExportRequest } from '../lib/server/reports/export-request.ts';
import { EXPORTS, exportCsv, isExportName } from '../lib/server/reports/exports.ts';

const program = new Command('vigie').description('Vigie — real-time call-center wallboard').showHelpAfterError();

function setup(): { config: Config; log: Logger } {
	const config = readConfig();
	return { config, log: createLogger(config.logLevel) };
}

/** Runs until SIGINT/SIGTERM, then stops everything in order; a second signal stops at once. */
async function runUntilSignal(stop: () => Promise<void>, log: Logger): Promise<void> {
	await new Promise<void>((resolve) => {
		const onSignal = (signal: NodeJS.Signals) => {
			log.info({ signal }, 'stopping');
			process.once(signal, () => process.exit(130));
			resolve();
		};
		process.once('SIGINT', onSignal);
		process.once('SIGTERM', onSignal);
	});
	await stop();
}

async function serve(halves: { web: boolean; worker: boolean }): Promise<void> {
	const { config, log } = setup();
	const runtime = await startRuntime(config, log, { ...halves, demo: halves.web && halves.worker && config.demo });
	let http: Awaited<ReturnType<typeof serveHttp>> | null = null;
	try {
		if (runtime.app) {
			http = await serveHttp(runtime.app);
			if (config.demo) await announceDemoKiosk(runtime.app.database.db, http.url);
		}
	} catch (error) {
		await runtime.stop();
		throw error;
	}
	await runUntilSignal(async () => {
		await http?.close();
		await runtime.stop();
	}, log);
}

program
	.command('start')
	.description('run the web server and the ingestion worker together (migrates first)')
	.action(() => serve({ web: true, worker: true }));

program
	.command('web')
	.description('run the web server only (screens, API, reports)')
	.action(() => serve({ web: true, worker: false }));

program
	.command('worker')
	.description('run the ingestion worker only')
	.action(() => serve({ web: false, worker: true }));

program
	.command('migrate')
	.description('bring the database schema up to date')
	.action(async () => {
		const { config, log } = setup();
		const database = await openMigratedDatabase(config, log);
		await database.close();
		console.error('database is up to date');
	});

const token = program.command('token').description('manage API and kiosk tokens');
token
	.command('create')
	.description('create a token and print it, once, on standard output')
	.requiredOption('--role <role>', `one of ${TOKEN_ROLES.join(', ')}`, (value: string): Role => {
		if (!isTokenRole(value)) throw new InvalidArgumentError(`must be one of ${TOKEN_ROLES.join(', ')}`);
		return value;
	})
	.requiredOption('--name <name>', 'who or what uses it (e.g. "wall-floor-2", "uccx-connector")')
	.action(async (options: { role: Role; name: string }) => {
		const { config, log } = setup();
		const database = await openMigratedDatabase(config, log);
		try {
			const created = await createToken(database.db, options.name.trim() || options.role, options.role);
			process.stdout.write(`${created}\n`);
			console.error(`token "${options.name}" created with role ${options.role}; it is not shown again`);
		} finally {
			await database.close();
		}
	});

program
	.command('export')
	.description('write a CSV export (the same bytes as GET /api/export/<name>.csv)')
	.argument('<name>', Object.keys(EXPORTS).join(' | '))
	.requiredOption('--from <date>', 'first local day, YYYY-MM-DD')
	.requiredOption('--to <date>', 'last local day, included, YYYY-MM-DD')
	.option('--interval <interval>', '15, 30, 60 or day', '15')
	.option('--queue <queue...>', 'only these queues (queues export)')
	.option('--agent <agent...>', 'only these agents (agent exports)')
	.option('--format <format>', 'rfc4180, or excel-fr for a French Excel', 'rfc4180')
	.option('--out <file>', 'write to this file instead of standard output')
	.action(async (name: string, options: ExportOptions) => {
		if (!isExportName(name)) throw new Error(`there is no export named ${name}: ${Object.keys(EXPORTS).join(', ')}`);
		const { config, log } = setup();
		const params = new URLSearchParams({
			from: options.from,
			to: options.to,
			interval: options.interval,
			format: options.format
		});
		for (const q of options.queue ?? []) params.append('queue', q);
		for (const a of options.agent ?? []) params.append('agent', a);
		const request = parseExportRequest(params, config.timezone);
		const database = await openMigratedDatabase(config, log);
		try {
			await checkQueuesExist(database.db, request);
			const out = options.out ? fs.createWriteStream(options.out) : process.stdout;
			await pipeline(exportCsv(database.db, name, request), out);
			if (options.out) console.error(`wrote ${options.out}`);
		} finally {
			await database.close();
		}
	});

interface ExportOptions {
	from: string;
	to: string;
	interval: string;
	queue?: string[];
	agent?: string[];
	format: string;
	out?: string;
}

try {
	await program.parseAsync();
} catch (error) {
	console.error(`vigie: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}`);
	process.exitCode = 1;
}
