import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { parseExportRequest } from '../../lib/server/reports/export-request.ts';
import { resolveNames } from '../../lib/server/reports/known-names.ts';
import { EXPORTS, exportCsv, isExportName } from '../../lib/server/reports/exports.ts';
import { audit, cliActor } from '../../lib/server/audit/audit.ts';
import { setup, withDatabase } from '../context.ts';

interface ExportOptions {
	from: string;
	to: string;
	interval: string;
	queue?: string[];
	agent?: string[];
	format: string;
	out?: string;
}

export function registerExport(program: Command): void {
	program
		.command('export')
		.description('write a CSV export (the same bytes as GET /api/export/<name>.csv)')
		.argument('<name>', Object.keys(EXPORTS).join(' | '))
		.requiredOption('--from <date>', 'first local day, YYYY-MM-DD')
		.requiredOption('--to <date>', 'last local day, included, YYYY-MM-DD')
		.option('--interval <interval>', '15, 30, 60 (minutes), day, week (ISO, from Monday) or month', '15')
		.option('--queue <queue...>', 'only these queues (queues export)')
		.option('--agent <agent...>', 'only these agents (agent exports)')
		.option('--format <format>', 'rfc4180, or excel-fr for a French Excel', 'rfc4180')
		.option('--out <file>', 'write to this file instead of standard output')
		.action(async (name: string, options: ExportOptions) => {
			if (!isExportName(name)) throw new Error(`there is no export named ${name}: ${Object.keys(EXPORTS).join(', ')}`);
			const params = new URLSearchParams({
				from: options.from,
				to: options.to,
				interval: options.interval,
				format: options.format
			});
			for (const q of options.queue ?? []) params.append('queue', q);
			for (const a of options.agent ?? []) params.append('agent', a);
			// Checked before the database opens: a typo answers at once.
			const asked = parseExportRequest(params, setup().config.timezone);
			await withDatabase(async (database, _config, log) => {
				const db = database.db;
				const request = await resolveNames(db, asked);
				await audit({ database, log }, cliActor(), {
					action: 'export',
					target: name,
					detail: Object.fromEntries(params)
				});
				const out = options.out ? fs.createWriteStream(options.out) : process.stdout;
				try {
					await pipeline(exportCsv(db, name, request), out);
				} catch (error) {
					// `vigie export … | head`: the reader has all it wanted; stop as quietly as any Unix filter.
					if (!options.out && (error as NodeJS.ErrnoException).code === 'EPIPE') return;
					throw error;
				}
				if (options.out) console.error(`wrote ${options.out}`);
			});
		});
}
