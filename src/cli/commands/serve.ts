import type { Command } from 'commander';
import type { RunningHttpServer } from '../../server/http-server.ts';
import { setup, untilSignal, withDatabase } from '../context.ts';

async function serve(halves: { web: boolean; worker: boolean }): Promise<void> {
	const { config, log } = setup();
	// Loaded here rather than at the top: the other commands (an export, say) need none of the server's modules,
	// and every module loaded stays in the process's memory.
	const [{ startRuntime }, { serveHttp }, { announceDemoKiosk }] = await Promise.all([
		import('../../lib/server/runtime.ts'),
		import('../../server/http-server.ts'),
		import('../../lib/server/demo/demo-kiosk.ts')
	]);
	const runtime = await startRuntime(config, log, { ...halves, demo: halves.web && halves.worker && config.demo });
	let http: RunningHttpServer | null = null;
	try {
		if (runtime.app) {
			http = await serveHttp(runtime.app);
			if (config.demo) await announceDemoKiosk(runtime.app.database.db, http.url, config.dataDir);
		}
	} catch (error) {
		await runtime.stop();
		throw error;
	}
	await untilSignal(log);
	await http?.close();
	await runtime.stop();
}

export function registerServe(program: Command): void {
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
			await withDatabase(async () => {});
			console.error('database is up to date');
		});
}
