import fs from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { copyFromStdin, markCopying } from '../../src/lib/server/db/copy.ts';
import type { Database } from '../../src/lib/server/db/schema.ts';

/** CPU time a process has used so far, in ms, at nanosecond resolution (Linux's schedstat). */
export function cpuMsOf(pid: number): number {
	return Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
}

export interface StatementCost {
	statement: string;
	calls: number;
	wallMs: number;
	/** CPU of the PostgreSQL backend that ran it: far less sensitive to a loaded machine than the wall clock. */
	cpuMs: number;
}

/**
 * A database whose every statement is timed, on the wall clock and by its backend's CPU time. NOTE: on a
 * machine shared by several people, CPU time is the figure to compare from one run to the next.
 */
export function openProfiledDatabase(url: string) {
	const costs = new Map<string, StatementCost>();
	let recording = false;
	let explaining = false;
	const plans: string[] = [];
	const pool = new pg.Pool({ connectionString: url, max: 2 });
	// As Vigie's own pool does, so that the intake's COPY runs (and is timed) as in production.
	copyFromStdin(pool);
	pool.on('connect', (client) => {
		const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
		// auto_explain sends each plan to this client as a notice (needs a superuser, as on the test server).
		let explainingHere = false;
		client.on('notice', (notice) => {
			if (explaining && notice.message?.includes('Query Text')) plans.push(notice.message);
		});
		(client as { query: unknown }).query = async (...args: unknown[]) => {
			if (explaining !== explainingHere && typeof args[0] === 'string') {
				explainingHere = explaining;
				await query(
					explaining
						? `LOAD 'auto_explain'; SET auto_explain.log_level = notice; SET auto_explain.log_analyze = on;
							SET auto_explain.log_buffers = on; SET auto_explain.log_min_duration = 0`
						: 'SET auto_explain.log_min_duration = -1'
				);
			}
			if (!recording || typeof args[0] !== 'string') return query(...args);
			const pid = (client as unknown as { processID: number }).processID;
			const [cpu, wall] = [cpuMsOf(pid), performance.now()];
			try {
				return await query(...args);
			} finally {
				const statement = labelOf(args[0]);
				const cost = costs.get(statement) ?? { statement, calls: 0, wallMs: 0, cpuMs: 0 };
				cost.calls++;
				cost.wallMs += performance.now() - wall;
				cost.cpuMs += cpuMsOf(pid) - cpu;
				costs.set(statement, cost);
			}
		};
	});
	const db = markCopying(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }));
	return {
		db,
		/** Times the statements `work` runs; returns their costs, costliest first. */
		async profile(work: () => Promise<void>): Promise<StatementCost[]> {
			costs.clear();
			recording = true;
			try {
				await work();
			} finally {
				recording = false;
			}
			return [...costs.values()].sort((a, b) => b.cpuMs - a.cpuMs);
		},
		/** Runs `work` with every statement's plan, as EXPLAIN (ANALYZE, BUFFERS) gives it; returns the plans. */
		async explain(work: () => Promise<void>): Promise<string[]> {
			plans.length = 0;
			explaining = true;
			try {
				await work();
			} finally {
				explaining = false;
			}
			return [...plans];
		}
	};
}

/** A statement's name: its first words, without the comments and the line breaks. */
function labelOf(text: string): string {
	return text
		.replace(/--[^\n]*/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, 72);
}
