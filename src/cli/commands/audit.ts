import type { Command } from 'commander';
import { audit as record, cliActor, readAudit } from '../../lib/server/audit/audit.ts';
import { localTime, readAuditFilters } from '../../lib/server/audit/audit-query.ts';
import { withDatabase } from '../context.ts';

interface AuditOptions {
	from?: string;
	to?: string;
	actor?: string;
	action?: string;
	outcome?: string;
	limit: number;
}

export function registerAudit(program: Command): void {
	program
		.command('audit')
		.description('read the audit trail: sign-ins, sign-outs, people, tokens, configuration, exports; newest first')
		.option('--from <day>', 'first local day, YYYY-MM-DD (default: six days before --to)')
		.option('--to <day>', 'last local day, included, YYYY-MM-DD (default: today)')
		.option('--actor <text>', 'only actors whose name holds this (any case)')
		.option('--action <action>', 'only this action or area, e.g. sign-in, user., screen.save')
		.option('--outcome <outcome>', 'ok, refused or locked')
		.option(
			'--limit <n>',
			'at most this many lines',
			(v: string) => Math.max(1, Math.min(1_000_000, Number(v) || 200)),
			200
		)
		.action((options: AuditOptions) =>
			withDatabase(async (database, config, log) => {
				const query = readAuditFilters(options, config.timezone);
				const lines = await readAudit(database.db, { ...query, limit: options.limit });
				await record({ database, log }, cliActor(), {
					action: 'audit.read',
					detail: { from: query.fromDay, to: query.toDay }
				});
				if (lines.length === 0) console.error(`nothing in the audit trail from ${query.fromDay} to ${query.toDay}`);
				for (const line of lines) {
					const detail = line.detail ? JSON.stringify(line.detail) : '';
					console.log(
						[
							localTime(line.at, config.timezone),
							line.actor || '-',
							line.action,
							line.target ?? '-',
							line.address ?? '-',
							line.outcome,
							detail
						].join('\t')
					);
				}
			})
		);
}
