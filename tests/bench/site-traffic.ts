/**
 * The traffic the ingestion benchmarks replay, generated deterministically by the demo's simulator:
 * the 128-agent busy day of issue 9, and the seed site (about 700 declared agents, 100 logged in at the busiest
 * hour, 40 queues, about 60,000 events a day, most of them agent states) for a day or a year.
 */
import type { VigieEvent } from '../../src/lib/domain/event.ts';
import { loginOf, TrafficSimulator, type QueueProfile } from '../../src/lib/server/demo/traffic-simulator.ts';

const DAY_MS = 24 * 3600 * 1000;
const WEEK_MS = 7 * DAY_MS;
const STEP_MS = 5000;
/** A Monday, so that a replayed week starts on the same weekday. */
export const TRAFFIC_START = '2026-03-02T00:00:00Z';

/** Twenty services on each of the site's two floors; each Rennes queue overflows to its Mont Valérien twin. */
const SERVICES = [
	'Support N1',
	'Support N2',
	'Comptes et accès',
	'Messagerie',
	'Téléphonie',
	'Postes de travail',
	'Impressions',
	'Applications métier',
	'Réseau',
	'Habilitations',
	'Mobilité',
	'Visio',
	'Sécurité',
	'Achats',
	'Paie',
	'Ressources humaines',
	'Formation',
	'Logistique',
	'Courrier',
	'Accueil'
];
/** Calls an hour at the busiest moment, Zipf-like: a few queues take most calls. */
function seedQueues(): QueueProfile[] {
	return SERVICES.flatMap((service, rank) => {
		const peak = 200 / (rank + 1) ** 0.9;
		return [
			{
				name: `${service} Rennes`,
				peakCallsPerHour: peak * 0.6,
				overflow: { to: `${service} Mont Valérien`, afterSeconds: 180 }
			},
			{ name: `${service} Mont Valérien`, peakCallsPerHour: peak * 0.4 }
		];
	});
}

export type TrafficName = 'busy' | 'seed';

export const TRAFFIC: Record<TrafficName, { describe: string; simulator: () => TrafficSimulator }> = {
	busy: {
		describe: 'a busy day of 128 agents on 5 queues',
		simulator: () => new TrafficSimulator({ seed: 2026, agents: 128 })
	},
	seed: {
		describe: 'a day of the seed site: 143 agents on shift (100 at the busiest hour), 40 queues',
		simulator: () => new TrafficSimulator({ seed: 2027, agents: 143, queues: seedQueues() })
	}
};

/** `days` of a traffic's simulated events, from {@link TRAFFIC_START}. */
export function simulateDays(name: TrafficName, days = 1): VigieEvent[] {
	const simulator = TRAFFIC[name].simulator();
	const events: VigieEvent[] = [];
	const start = Date.parse(TRAFFIC_START);
	for (let t = start; t <= start + days * DAY_MS; t += STEP_MS) events.push(...simulator.advance(new Date(t)));
	return events;
}

/** The seed site's year ends before this machine's "today", so that no event is refused as in the future. */
export const YEAR_START = '2025-11-24T00:00:00Z';
export const DECLARED_AGENTS = 700;

/**
 * A year (or `days`) of the seed site, a day at a time. NOTE: simulating a week takes about 17 s here, a year
 * would take 15 minutes; so one simulated week is replayed, each time a week later, under new ids, and with
 * its 143 agents renamed so that over five weeks the 700 declared agents all work. A call or a state still
 * open when a replayed week ends stays open, as when a connector is cut off.
 */
export function* seedSiteYear(days = 365): Generator<VigieEvent[]> {
	const simulator = TRAFFIC.seed.simulator();
	const start = Date.parse(YEAR_START);
	// The simulated week, grouped by the UTC day each event falls on.
	const week: VigieEvent[][] = Array.from({ length: 7 }, () => []);
	for (let t = start; t < start + Math.min(days, 7) * DAY_MS; t += STEP_MS) {
		for (const event of simulator.advance(new Date(t)))
			week[Math.floor((Date.parse(event.at) - start) / DAY_MS)]!.push(event);
	}
	const agentIndex = new Map<string, number>();
	for (const event of week.flat())
		if ('agent' in event && !agentIndex.has(event.agent)) agentIndex.set(event.agent, agentIndex.size);
	const onShift = agentIndex.size;

	const renamed = new Map<string, string>();
	for (let day = 0; day < days; day++) {
		const replay = Math.floor(day / 7);
		// Events of a simulated day all fall on that UTC day: a replay only changes the date in front of their time.
		const date = new Date(start + day * DAY_MS).toISOString().slice(0, 10);
		const rename = (agent: string) => {
			const key = `${replay}\u0000${agent}`;
			let login = renamed.get(key);
			if (login === undefined) {
				login = loginOf((agentIndex.get(agent)! + replay * onShift) % DECLARED_AGENTS);
				renamed.set(key, login);
			}
			return login;
		};
		yield week[day % 7]!.map((event) => {
			const moved = { ...event, id: `w${replay}-${event.id}`, at: date + event.at.slice(10) };
			if ('call' in moved) moved.call = `w${replay}-${moved.call}`;
			if ('agent' in moved) moved.agent = rename(moved.agent);
			return moved as VigieEvent;
		});
	}
}
