/**
 * A connector posting to a real server's intake without pause, as a real one does, for the tests that take the
 * database away under it (a crash, a replica promotion): a batch that gets no 200 (no answer, 503) is kept and
 * sent again later. What it sent is what the figures must say; the day's export and `/readyz` read them back.
 */
import { expect } from '@playwright/test';
import { Calls, type CanonicalEvent } from './events.ts';
import { delay, waitFor } from './wait.ts';

export class Poster {
	readonly calls = new Calls();
	readonly sent: CanonicalEvent[] = [];
	/** Every batch answered 200, in order: what the intake acknowledged. */
	readonly acknowledged: CanonicalEvent[][] = [];
	readonly unanswered: CanonicalEvent[][] = [];
	failures = 0;
	accepted = 0;
	#running = true;
	readonly #done: Promise<void>;
	/** Where it posts; a connector told of another address follows it. */
	url: string;
	readonly token: string;
	readonly queue: string;

	constructor(url: string, token: string, queue: string) {
		this.url = url;
		this.token = token;
		this.queue = queue;
		this.#done = this.#loop();
	}

	async #loop(): Promise<void> {
		let n = 0;
		while (this.#running) {
			const { events, calls } = this.calls.queue(this.queue, 5);
			// One call in five hangs up: the screen's waiting figure then depends on both kinds of event.
			events.push(this.calls.abandoned(this.queue, calls[n++ % 5]!));
			this.sent.push(...events);
			if (await this.post(events)) {
				this.accepted++;
				this.acknowledged.push(events);
			} else {
				this.failures++;
				this.unanswered.push(events);
			}
			await delay(50);
		}
	}

	async post(events: CanonicalEvent[]): Promise<boolean> {
		try {
			const response = await fetch(`${this.url}/api/events`, {
				method: 'POST',
				headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/x-ndjson' },
				body: events.map((e) => JSON.stringify(e)).join('\n'),
				signal: AbortSignal.timeout(5000)
			});
			const body = await response.text();
			if (response.status === 200) return true;
			// While the database is away, the intake says so (503, send again), never accepts and loses.
			expect(response.status, body).toBe(503);
			return false;
		} catch (error) {
			if (error instanceof Error && error.name === 'AssertionError') throw error;
			return false; // no answer at all: a connector would try again
		}
	}

	async stop(): Promise<void> {
		this.#running = false;
		await this.#done;
	}

	/** Sends again every batch that got no 200, until each one does. */
	async resendUnanswered(): Promise<void> {
		for (const events of this.unanswered.splice(0)) {
			await waitFor('a batch to be accepted again', () => this.post(events), 30_000, 200);
		}
	}

	/** Sends `batches` again, as a connector re-reads its overlap after a failover (duplicates must count once). */
	async replay(batches: CanonicalEvent[][]): Promise<void> {
		for (const events of batches) {
			await waitFor('a replayed batch to be accepted', () => this.post(events), 30_000, 200);
		}
	}

	/** What the figures must say, from what was sent (accepted or re-sent, each counted once). */
	expected(): { offered: number; abandoned: number; waiting: number } {
		const queued = new Set(this.sent.filter((e) => e.type === 'call.queued').map((e) => e.call));
		const abandoned = new Set(this.sent.filter((e) => e.type === 'call.abandoned').map((e) => e.call));
		return { offered: queued.size, abandoned: abandoned.size, waiting: queued.size - abandoned.size };
	}
}

/** The day's export for one queue, as the manager downloads it, summed over its rows. */
export async function todaysFigures(
	url: string,
	token: string,
	queue: string
): Promise<{ offered: number; abandoned: number }> {
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
	const response = await fetch(
		`${url}/api/export/queues.csv?from=${today}&to=${today}&interval=day&queue=${encodeURIComponent(queue)}`,
		{ headers: { authorization: `Bearer ${token}` } }
	);
	expect(response.status).toBe(200);
	const [header, ...rows] = (await response.text()).trim().split('\n');
	const columns = header!.split(',');
	const sum = (name: string) => rows.reduce((total, row) => total + Number(row.split(',')[columns.indexOf(name)]), 0);
	return { offered: sum('offered'), abandoned: sum('abandoned') };
}

/** `/readyz`'s count of events accepted but not yet in the figures; null while the server cannot say. */
export async function pendingEvents(url: string, token: string): Promise<number | null> {
	try {
		const response = await fetch(`${url}/readyz`, {
			headers: { authorization: `Bearer ${token}` },
			signal: AbortSignal.timeout(3000)
		});
		return response.status === 200 ? (await response.json()).pending_events : null;
	} catch {
		return null;
	}
}
