import { startOfBusinessDay } from '../../src/lib/domain/business-day.ts';
import { TrafficSimulator } from '../../src/lib/server/demo/traffic-simulator.ts';

/** Posts events to a real server's intake; throws unless every one is accepted. */
export async function post(url: string, token: string, events: object[]): Promise<void> {
	if (events.length === 0) return;
	const response = await fetch(`${url}/api/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
		body: events.map((e) => JSON.stringify(e)).join('\n')
	});
	if (!response.ok) throw new Error(`POST /api/events: ${response.status} ${await response.text()}`);
}

/**
 * The demo desk's traffic for a wall to show: today so far (from the local midnight) posted at once, then live,
 * `speed` times faster than real time. The simulator's own clock runs ahead of the wall clock when sped up.
 */
export async function feedDesk(
	url: string,
	ingestToken: string,
	options: { timezone?: string; speed?: number; agents?: number } = {}
): Promise<{ stop(): Promise<void> }> {
	const zone = options.timezone ?? 'Europe/Paris';
	const speed = options.speed ?? 1;
	const simulator = new TrafficSimulator({ seed: 7, timezone: zone, agents: options.agents });
	const started = Date.now();
	let clock = startOfBusinessDay(new Date(started), zone, 0).getTime();
	const batch: object[] = [];
	for (; clock < started; clock += 60_000) {
		batch.push(...simulator.advance(new Date(clock)));
		if (batch.length > 5000) await post(url, ingestToken, batch.splice(0));
	}
	await post(url, ingestToken, batch.splice(0));
	let stopped = false;
	const running = (async () => {
		while (!stopped) {
			await new Promise((r) => setTimeout(r, 500));
			const simulated = started + (Date.now() - started) * speed;
			await post(url, ingestToken, simulator.advance(new Date(simulated))).catch((error) =>
				console.error(`feed: ${error}`)
			);
		}
	})();
	return {
		async stop() {
			stopped = true;
			await running;
		}
	};
}
