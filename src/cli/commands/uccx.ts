import { InvalidArgumentError, type Command } from 'commander';
import { DateTime } from 'luxon';
import { setup, withDatabase } from '../context.ts';

/** `vigie uccx …`: the live Cisco UCCX source (docs/uccx.md). */
export function registerUccx(program: Command): void {
	const uccx = program.command('uccx').description('the live Cisco UCCX source (docs/uccx.md)');

	uccx
		.command('test')
		.description('try each configured UCCX part and say what is wrong; exit 0 when every part answers')
		.option('--quick', 'do not wait for a new real-time snapshot (RTSS is then only checked for rows)')
		.action(async (options: { quick?: boolean }) => {
			const { config } = setup();
			if (!config.uccx) {
				console.log(
					'no UCCX source is configured: set VIGIE_UCCX_HISTORICAL_ODBC, VIGIE_UCCX_REALTIME_ODBC or VIGIE_FINESSE_* (docs/uccx.md)'
				);
				process.exitCode = 1;
				return;
			}
			const [{ testUccx }, { finesseSelfTest }] = await Promise.all([
				import('../../lib/server/uccx/self-test.ts'),
				import('../../lib/server/uccx/finesse/check.ts')
			]);
			const lines = await testUccx(config.uccx, {
				checkFinesse: finesseSelfTest,
				...(options.quick ? { snapshotWaitMs: 0 } : {})
			});
			const width = Math.max(...lines.map((line) => line.part.length));
			for (const line of lines) console.log(`${line.ok ? 'OK  ' : 'FAIL'}  ${line.part.padEnd(width)}  ${line.text}`);
			process.exitCode = lines.every((line) => line.ok) ? 0 : 1;
		});

	uccx
		.command('history')
		.description("import UCCX's historical tables over a range of days (a site's first import), then exit")
		.requiredOption('--from <date>', 'first day, YYYY-MM-DD (local, VIGIE_TIMEZONE)', parseDay)
		.option('--to <date>', 'last day, included (default: today)', parseDay)
		.action((options: { from: string; to?: string }) =>
			withDatabase(async (database, config, log) => {
				if (!config.uccx?.historical) throw new Error('VIGIE_UCCX_HISTORICAL_ODBC is not set (docs/uccx.md)');
				const zone = config.timezone;
				const from = DateTime.fromISO(options.from, { zone }).startOf('day').toMillis();
				const to = DateTime.fromISO(options.to ?? DateTime.now().setZone(zone).toISODate()!, { zone })
					.plus({ days: 1 })
					.startOf('day')
					.toMillis();
				if (to <= from) throw new InvalidArgumentError(`--to ${options.to} is before --from ${options.from}`);
				const { createHistoricalReader } = await import('../../lib/server/uccx/historical.ts');
				const reader = createHistoricalReader({
					database,
					log,
					connectionStrings: config.uccx.historical.odbc,
					nodeNames: config.uccx.historical.odbc.map((_, i) => `node ${i + 1}`),
					pollSeconds: config.uccx.historical.pollSeconds,
					overlapSeconds: config.uccx.historical.overlapSeconds,
					readAgentStates: config.uccx.finesse === null,
					onStatus: () => {}
				});
				const started = Date.now();
				try {
					const total = await reader.readRange(from, to, (reached, t) => {
						const day = DateTime.fromMillis(reached, { zone }).toISODate();
						process.stderr.write(
							`\r  up to ${day}: ${t.accepted} events accepted, ${t.duplicates} already there, ${t.rejected} rejected   `
						);
					});
					process.stderr.write('\n');
					console.log(
						`accepted ${total.accepted}, duplicates ${total.duplicates}, rejected ${total.rejected} in ${Math.round((Date.now() - started) / 1000)} s`
					);
					console.error('accepted events are applied by the worker (`vigie start` or `vigie worker`)');
					if (total.rejected > 0) process.exitCode = 2;
				} finally {
					await reader.stop();
				}
			})
		);

	uccx
		.command('status')
		.description("each UCCX part's state, node, newest row and error, as the running connector saved them")
		.action(() =>
			withDatabase(async ({ db }) => {
				const { readUccxHealth } = await import('../../lib/server/uccx/supervision.ts');
				const health = await readUccxHealth(db);
				if (!health) {
					console.log('no UCCX part has run against this database');
					return;
				}
				for (const [part, h] of Object.entries(health)) {
					console.log(
						`${part.padEnd(10)}  ${h.state.padEnd(8)}  ${h.node ?? '-'}  newest ${h.last_row_at ?? '-'}  lag ${h.lag_s ?? '-'} s${h.error ? `  ${h.error}` : ''}`
					);
				}
			})
		);
}

function parseDay(value: string): string {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value).isValid) {
		throw new InvalidArgumentError(`"${value}" is not a day like 2026-03-02`);
	}
	return value;
}
