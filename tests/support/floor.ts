import type { CanonicalEvent } from './events.ts';

/**
 * A ministry's floor at its real scale, as one instant of canonical events (contract §1): the issue 12 picture of
 * 13 queues and 120 agents (or 40 queues), with what broke the screens before — a queue with over a hundred calls
 * waiting for more than an hour, long compound French names, long not-ready reasons. Deterministic: the same
 * arguments give the same events, ids included (prefixed by `run`).
 */
export const FLOOR_QUEUES = [
	'Support N1',
	'Support N2',
	'Comptes et accès',
	'Messagerie',
	'Téléphonie',
	'Postes de travail',
	'Applications métier',
	'Facturation et recouvrement des particuliers',
	'Ressources humaines',
	'Déplacements et missions',
	'Réseau et VPN',
	'Impressions',
	'Urgences direction'
];

const FIRST = ['Marie-Christine', 'Jean-Baptiste', 'Anne-Sophie', 'Pierre-Emmanuel', 'Camille', 'Léa', 'Hugo', 'Inès'];
const LAST = ['Lefebvre-Dumont', 'de La Rochefoucauld', 'Martin', 'Bernard', 'Dubois', 'Nguyen', 'Moreau', 'Garcia'];
const STATES = ['talking', 'talking', 'ready', 'work', 'not_ready', 'talking', 'reserved', 'not_ready'] as const;
const REASONS = ['Pause', 'Traitement du courrier', 'Réunion d’équipe', 'Formation', 'Back-office'];

export interface Floor {
	queues: string[];
	agents: string[];
	events: CanonicalEvent[];
}

/** The names of `count` queues: the 13 above, then numbered ones. */
export function floorQueues(count: number): string[] {
	return Array.from({ length: count }, (_, i) => FLOOR_QUEUES[i] ?? `File régionale ${String(i + 1).padStart(2, '0')}`);
}

export function ministryFloor(options: { run: string; now: Date; queues?: number; agents?: number }): Floor {
	const { run, now } = options;
	const queues = floorQueues(options.queues ?? 13);
	const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
	const events: CanonicalEvent[] = [];
	queues.forEach((queue, q) => {
		// The day so far: answered and abandoned calls, so rates and service levels mean something.
		const handled = 20 + ((q * 37) % 180);
		for (let i = 0; i < handled; i++) {
			const call = `${run}-h${q}-${i}`;
			const queuedAgo = 600 + i * 37;
			const wait = (i * 13 + q * 7) % 90;
			events.push({ id: `${call}/q`, type: 'call.queued', at: ago(queuedAgo), call, queue });
			if (i % 9 === 4) events.push({ id: `${call}/x`, type: 'call.abandoned', at: ago(queuedAgo - wait), call, queue });
			else
				events.push({
					id: `${call}/a`,
					type: 'call.answered',
					at: ago(queuedAgo - wait),
					call,
					queue,
					agent: `agent-${run}`
				});
		}
		// Waiting now: the first queue is on fire (104 calls, the oldest for 1:05:43), the others vary.
		const waiting = q === 0 ? 104 : (q * 5) % 17;
		for (let i = 0; i < waiting; i++) {
			const call = `${run}-w${q}-${i}`;
			const waited = q === 0 && i === 0 ? 3943 : 5 + ((i * 29 + q * 11) % 600);
			events.push({ id: `${call}/q`, type: 'call.queued', at: ago(waited), call, queue });
		}
	});
	const agents: string[] = [];
	for (let i = 0; i < (options.agents ?? 120); i++) {
		const agent = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i >= 64 ? ` ${i}` : ''}`;
		agents.push(agent);
		const state = STATES[i % STATES.length]!;
		const served = [queues[i % queues.length]!, queues[(i + 3) % queues.length]!];
		events.push({
			id: `${run}-s${i}`,
			type: 'agent.state',
			// From a few seconds to over an hour in state.
			at: ago(((i * 97) % 4000) + 5),
			agent,
			state,
			queues: served,
			...(state === 'not_ready' && { reason: REASONS[i % REASONS.length] })
		});
	}
	return { queues, agents, events };
}
