import { randomBytes } from 'node:crypto';

/** A canonical event (contract §1) as a connector sends it: loose strings, so tests can send bad ones too. */
export interface CanonicalEvent {
	id: string;
	type: string;
	at: string;
	call?: string;
	queue?: string;
	agent?: string;
	state?: string;
	reason?: string;
	queues?: string[];
	caller?: string;
}

export interface IngestAnswer {
	accepted: number;
	duplicates: number;
	rejected: { line: number; error: string }[];
}

/** Posts events as NDJSON; fails unless every one of them is accepted. */
export async function postEvents(baseUrl: string, token: string, events: CanonicalEvent[]): Promise<IngestAnswer> {
	const response = await fetch(`${baseUrl}/api/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
		body: events.map((e) => JSON.stringify(e)).join('\n') + '\n'
	});
	const text = await response.text();
	if (response.status !== 200) throw new Error(`POST /api/events answered ${response.status}: ${text}`);
	const answer = JSON.parse(text) as IngestAnswer;
	if (answer.accepted !== events.length) throw new Error(`POST /api/events did not accept every event: ${text}`);
	return answer;
}

/** Calls of one test run: ids that never collide with another run's. */
export class Calls {
	readonly run = randomBytes(4).toString('hex');
	private next = 0;

	/** `count` new calls entering `queue` now; returns the events and the call ids. */
	queue(queue: string, count: number): { events: CanonicalEvent[]; calls: string[] } {
		const calls = Array.from({ length: count }, () => `e2e-${this.run}-${++this.next}`);
		const at = new Date().toISOString();
		return {
			calls,
			events: calls.map((call) => ({ id: `${call}/queued/${queue}`, type: 'call.queued', at, call, queue }))
		};
	}

	abandoned(queue: string, call: string): CanonicalEvent {
		return { id: `${call}/abandoned/${queue}`, type: 'call.abandoned', at: new Date().toISOString(), call, queue };
	}

	answered(queue: string, call: string, agent = 'agent.e2e'): CanonicalEvent {
		return { id: `${call}/answered/${queue}`, type: 'call.answered', at: new Date().toISOString(), call, queue, agent };
	}
}
