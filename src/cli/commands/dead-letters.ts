import type { Command } from 'commander';
import { withDatabase } from '../context.ts';

export function registerDeadLetters(program: Command): void {
	program
		.command('dead-letters')
		.description('list rejected lines, newest first, with their reason and source')
		.option('--limit <n>', 'how many', (v: string) => Math.max(1, Math.min(10_000, Number(v) || 50)), 50)
		.option('--source <source>', 'only from this source (e.g. http:uccx-connector, file:/var/log/queue_log)')
		.action((options: { limit: number; source?: string }) =>
			withDatabase(async ({ db }) => {
				let query = db.selectFrom('dead_letters').selectAll().orderBy('id', 'desc').limit(options.limit);
				if (options.source) query = query.where('source', '=', options.source);
				const rows = await query.execute();
				if (rows.length === 0) console.error('no dead letters');
				for (const r of rows) {
					const raw = r.raw.length > 200 ? `${r.raw.slice(0, 200)}…` : r.raw;
					console.log(`${r.received_at.toISOString()}\t${r.source}\tline ${r.line ?? '-'}\t${r.error}\t${raw}`);
				}
			})
		);
}
