/**
 * npm run bench:ingest — a busy day of traffic posted over HTTP to a real server on the local PostgreSQL,
 * timed until every event is in the aggregates, next to a raw COPY of the same lines into a bare table.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { TrafficSimulator } from '../../src/lib/server/demo/traffic-simulator.ts';
import { cpuSecondsOf, createBenchDatabase, fmt, startServer, vigieCli, watchPeakRss } from './support.ts';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 180);
const LINES_PER_REQUEST = 5000;
const CONCURRENT_REQUESTS = 2;

function busyDay(): string[] {
	const simulator = new TrafficSimulator({ seed: 2026, agents: AGENTS });
	const lines: string[] = [];
	const start = Date.parse('2026-03-02T00:00:00Z');
	for (let t = start; t <= start + 24 * 3600 * 1000; t += 5000) {
		for (const event of simulator.advance(new Date(t))) lines.push(JSON.stringify(event));
	}
	return lines;
}

async function rawCopy(url: string, lines: string[]): Promise<number> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query('CREATE TABLE bench_raw_copy (line jsonb)');
		const started = performance.now();
		// COPY's text format: backslashes in the JSON must be escaped.
		const body = Readable.from(lines.map((l) => `${l.replaceAll('\\', '\\\\')}\n`));
		await pipeline(body, client.query(copyFrom('COPY bench_raw_copy (line) FROM STDIN')));
		return (performance.now() - started) / 1000;
	} finally {
		await client.end();
	}
}

async function main() {
	const generationStarted = performance.now();
	const lines = busyDay();
	console.log(
		`generated ${fmt(lines.length)} events (a day, ${AGENTS} agents) in ${fmt((performance.now() - generationStarted) / 1000, 1)} s`
	);

	const database = await createBenchDatabase();
	const env = { DATABASE_URL: database.url };
	const server = await startServer('start', env);
	try {
		const ingest = vigieCli(['token', 'create', '--role', 'ingest', '--name', 'bench'], env);
		const viewer = vigieCli(['token', 'create', '--role', 'viewer', '--name', 'bench-viewer'], env);
		const pending = async () =>
			(
				(await (await fetch(`${server.url}/readyz`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as {
					pending_events: number;
				}
			).pending_events;

		const memory = watchPeakRss(server.pid);
		const rssBefore = memory.stop();
		const peak = watchPeakRss(server.pid);
		const serverPid = server.pid;
		const serverCpu = () => cpuSecondsOf((_, pid) => pid === serverPid);
		const postgresCpu = () => cpuSecondsOf((name) => name === 'postgres');
		const cpuBefore = { server: serverCpu(), postgres: postgresCpu() };
		const started = performance.now();
		let next = 0;
		let accepted = 0;
		const poster = async () => {
			while (next < lines.length) {
				const body = lines.slice(next, (next += LINES_PER_REQUEST)).join('\n');
				const response = await fetch(`${server.url}/api/events`, {
					method: 'POST',
					headers: { authorization: `Bearer ${ingest}`, 'content-type': 'application/x-ndjson' },
					body
				});
				if (!response.ok) throw new Error(`POST answered ${response.status}: ${await response.text()}`);
				accepted += ((await response.json()) as { accepted: number }).accepted;
			}
		};
		await Promise.all(Array.from({ length: CONCURRENT_REQUESTS }, poster));
		const postedAt = performance.now();
		while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 50));
		const appliedAt = performance.now();
		const rssPeak = peak.stop();
		const cpu = { server: serverCpu() - cpuBefore.server, postgres: postgresCpu() - cpuBefore.postgres };

		const copySeconds = await rawCopy(database.url, lines);
		const endToEnd = (appliedAt - started) / 1000;
		console.log(`accepted ${fmt(accepted)} of ${fmt(lines.length)}`);
		console.log(
			`intake (HTTP, durable):       ${fmt(lines.length / ((postedAt - started) / 1000))} events/s  (${fmt((postedAt - started) / 1000, 2)} s)`
		);
		console.log(
			`end to end (in aggregates):   ${fmt(lines.length / endToEnd)} events/s  (${fmt(endToEnd, 2)} s)   target ≥ 20,000`
		);
		console.log(`raw COPY into a bare table:   ${fmt(lines.length / copySeconds)} lines/s  (${fmt(copySeconds, 2)} s)`);
		console.log(
			`CPU used:                     server ${fmt(cpu.server, 1)} s, PostgreSQL ${fmt(cpu.postgres, 1)} s (2 cores)`
		);
		console.log(`server memory (RSS):          ${fmt(rssBefore)} MiB before, ${fmt(rssPeak)} MiB peak`);
	} finally {
		await server.stop();
		await database.drop();
	}
}

await main();
