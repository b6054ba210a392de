/**
 * The figures a soak's analysis needs, from its samples: memory early and late with the trend after warm-up,
 * the event-to-screen latency's percentiles, the database's growth per simulated day, the host's load average.
 * `npm run soak` prints them at its end; `node tests/bench/soak-summary.ts test-results/soak/soak.csv [speed]`
 * prints them for a CSV it wrote (the speed defaults to 20).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface SoakRow {
	minute: number;
	heap: number;
	agentsHeap: number;
	chartsHeap: number;
	rss: number;
	latencyMs: number | null;
	databaseMiB: number;
	load?: number;
	/** The feed's simulated local time, HH:MM. */
	simulated?: string;
}

/** The first minutes warm up (pages load their fonts and charts, the server its caches): the trend skips them. */
const WARM_UP_MINUTES = 3;

function quantile(sorted: number[], q: number): number {
	if (sorted.length === 0) return Number.NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
	return sorted[i]!;
}

/** Least-squares slope of `ys` over `xs`. */
function slope(xs: number[], ys: number[]): number {
	const n = xs.length;
	const mx = xs.reduce((a, b) => a + b, 0) / n;
	const my = ys.reduce((a, b) => a + b, 0) / n;
	let num = 0;
	let den = 0;
	for (let i = 0; i < n; i++) {
		num += (xs[i]! - mx) * (ys[i]! - my);
		den += (xs[i]! - mx) ** 2;
	}
	return den === 0 ? 0 : num / den;
}

/**
 * Simulated hours covered: from the simulated clock the samples carry (each sample takes a little more than its
 * minute, so the count of samples times the speed falls short), else from that count.
 */
function simulatedHoursOf(rows: SoakRow[], speed: number): number {
	const clock = rows.map((r) => r.simulated?.match(/^(\d\d):(\d\d)$/));
	if (clock.every((m) => m)) {
		let minutes = 0;
		for (let i = 1; i < clock.length; i++) {
			const at = (m: RegExpMatchArray) => Number(m[1]) * 60 + Number(m[2]);
			minutes += (at(clock[i]!) - at(clock[i - 1]!) + 1440) % 1440;
		}
		return minutes / 60;
	}
	return ((rows.at(-1)!.minute - rows[0]!.minute) * speed) / 60;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const f = (n: number, digits = 1) => n.toFixed(digits);

export function summarise(rows: SoakRow[], speed: number): string[] {
	const lines: string[] = [];
	const warm = rows.filter((r) => r.minute >= WARM_UP_MINUTES);
	const simulatedHours = simulatedHoursOf(rows, speed);
	const simulatedHoursPerMinute = simulatedHours / (rows.at(-1)!.minute - rows[0]!.minute);
	lines.push(
		`${rows.length} samples over ${rows.at(-1)!.minute} real minutes at ${speed}× = ${f(simulatedHours)} simulated hours`
	);
	for (const [label, key] of [
		['wall (rotating) page heap', 'heap'],
		['agent board page heap', 'agentsHeap'],
		['chart screen page heap', 'chartsHeap'],
		['server RSS', 'rss']
	] as const) {
		const values = warm.map((r) => r[key]);
		const perSimulatedDay =
			slope(
				warm.map((r) => r.minute),
				values
			) *
			(24 / simulatedHoursPerMinute);
		lines.push(
			`${label}: ${f(mean(values.slice(0, 3)))} → ${f(mean(values.slice(-3)))} MiB (first/last 3 samples after warm-up), ` +
				`min ${f(Math.min(...values))}, max ${f(Math.max(...values))}, trend ${perSimulatedDay >= 0 ? '+' : ''}${f(perSimulatedDay)} MiB per simulated day`
		);
	}
	const latencies = rows
		.map((r) => r.latencyMs)
		.filter((v): v is number => v !== null)
		.sort((a, b) => a - b);
	lines.push(
		`latency (${latencies.length} probes, ${rows.length - latencies.length} not seen within 30 s): ` +
			`p50 ${quantile(latencies, 0.5)} ms, p90 ${quantile(latencies, 0.9)} ms, p95 ${quantile(latencies, 0.95)} ms, ` +
			`p99 ${quantile(latencies, 0.99)} ms, max ${latencies.at(-1)} ms, mean ${f(mean(latencies), 0)} ms`
	);
	const grown = rows.at(-1)!.databaseMiB - rows[0]!.databaseMiB;
	lines.push(
		`database: ${f(rows[0]!.databaseMiB, 0)} → ${f(rows.at(-1)!.databaseMiB, 0)} MiB, +${f(grown, 0)} MiB in ${f(simulatedHours)} simulated hours = ` +
			`${f((grown * 24) / simulatedHours, 0)} MiB per simulated day`
	);
	const loads = rows.map((r) => r.load).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
	if (loads.length > 0) {
		const sorted = [...loads].sort((a, b) => a - b);
		lines.push(
			`host load average (1 min, 2 cores): min ${f(sorted[0]!)}, median ${f(quantile(sorted, 0.5))}, mean ${f(mean(loads))}, max ${f(sorted.at(-1)!)}`
		);
	}
	return lines;
}

/** Reads the CSV `npm run soak` writes (header row, empty cell for a probe not seen). */
export function readSoakCsv(file: string): SoakRow[] {
	const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
	const columns = header!.split(',');
	return lines.map((line) => {
		const cells = line.split(',');
		const value = (name: string) => cells[columns.indexOf(name)];
		const number = (name: string) => Number(value(name));
		return {
			minute: number('minute'),
			heap: number('heap'),
			agentsHeap: number('agentsHeap'),
			chartsHeap: number('chartsHeap'),
			rss: number('rss'),
			latencyMs: value('latencyMs') ? number('latencyMs') : null,
			databaseMiB: number('databaseMiB'),
			load: columns.includes('load') ? number('load') : undefined,
			simulated: value('simulated')
		};
	});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const [file, speed = '20'] = process.argv.slice(2);
	if (!file) {
		console.error('usage: node tests/bench/soak-summary.ts <soak.csv> [speed]');
		process.exit(1);
	}
	for (const line of summarise(readSoakCsv(file), Number(speed))) console.log(`soak: ${line}`);
}
