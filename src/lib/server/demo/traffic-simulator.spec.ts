import { describe, it, expect } from 'vitest';
import { checkEvent, type VigieEvent } from '../../domain/event.ts';
import { TrafficSimulator } from './traffic-simulator.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** A Tuesday in winter time (Paris is UTC+1), long enough ago for checkEvent's "not in the future" rule. */
const TUESDAY = Date.parse('2025-03-04T00:00:00+01:00');

function simulate(simulator: TrafficSimulator, from: number, to: number, stepMs: number): VigieEvent[] {
	const events: VigieEvent[] = [];
	for (let time = from; time <= to; time += stepMs) events.push(...simulator.advance(new Date(time)));
	return events;
}

let day: VigieEvent[] | undefined;
/** One simulated weekday in 1 s steps, shared by the tests that only read it. */
function weekday(): VigieEvent[] {
	day ??= simulate(new TrafficSimulator({ seed: 7 }), TUESDAY, TUESDAY + 24 * HOUR, SECOND);
	return day;
}

const count = (events: VigieEvent[], type: VigieEvent['type']) => events.filter((event) => event.type === type).length;
const localHour = (event: VigieEvent, dayStart = TUESDAY) => Math.floor((Date.parse(event.at) - dayStart) / HOUR);

/** Breaks of the call rules of contract §1, as readable lines (empty when the stream is coherent). */
function callProblems(events: VigieEvent[]): string[] {
	const problems: string[] = [];
	const legs = new Map<
		string,
		{ queued: number; outcome?: string; answeredAt?: number; agent?: string; ended?: boolean }
	>();
	const leftQueueAt = new Map<string, number>();
	for (const event of events) {
		if (event.type === 'agent.state') continue;
		const key = `${event.call} @ ${event.queue}`;
		const at = Date.parse(event.at);
		const leg = legs.get(key);
		if (event.type === 'call.queued') {
			if (leg) problems.push(`${key} queued twice`);
			const left = leftQueueAt.get(event.call);
			if (left !== undefined && left !== at) problems.push(`${key} requeued ${at - left} ms after leaving its queue`);
			legs.set(key, { queued: at });
			continue;
		}
		if (!leg) {
			problems.push(`${event.type} for ${key} never queued there`);
			continue;
		}
		if (event.type === 'call.ended') {
			if (leg.outcome !== 'call.answered') problems.push(`${key} ended without being answered`);
			else if (at < leg.answeredAt! || event.agent !== leg.agent)
				problems.push(`${key} ended before its answer or by another agent`);
			if (leg.ended) problems.push(`${key} ended twice`);
			leg.ended = true;
			continue;
		}
		if (leg.outcome) problems.push(`${key} has two outcomes: ${leg.outcome} then ${event.type}`);
		if (at < leg.queued) problems.push(`${key} ${event.type} before it was queued`);
		leg.outcome = event.type;
		if (event.type === 'call.answered') {
			leg.answeredAt = at;
			leg.agent = event.agent;
		}
		if (event.type === 'call.dequeued') leftQueueAt.set(event.call, at);
	}
	return problems;
}

/** Breaks of the agent rules: answers only a call offered to it while ready, one call at a time, in queues it serves. */
function agentProblems(events: VigieEvent[]): string[] {
	const problems: string[] = [];
	const agents = new Map<string, { state: string; queues: string[]; onCall?: string }>();
	for (const event of events) {
		if (event.type === 'agent.state') {
			const agent = agents.get(event.agent);
			if (event.state === 'reserved' && agent?.state !== 'ready')
				problems.push(`${event.agent} reserved while ${agent?.state}`);
			if (event.state === 'talking' && agent?.state !== 'reserved')
				problems.push(`${event.agent} talking straight from ${agent?.state}`);
			agents.set(event.agent, { ...agent, state: event.state, queues: event.queues ?? [] });
		} else if (event.type === 'call.answered') {
			const agent = agents.get(event.agent);
			if (agent?.state !== 'reserved') problems.push(`${event.agent} answered ${event.call} while ${agent?.state}`);
			if (agent?.onCall) problems.push(`${event.agent} answered ${event.call} while on ${agent.onCall}`);
			if (agent && !agent.queues.includes(event.queue))
				problems.push(`${event.agent} answered in ${event.queue}, not one of its queues`);
			if (agent) agent.onCall = event.call;
		} else if (event.type === 'call.ended') {
			const agent = agents.get(event.agent);
			if (agent?.onCall !== event.call) problems.push(`${event.agent} ended ${event.call} it was not on`);
			if (agent) agent.onCall = undefined;
		}
	}
	return problems;
}

describe('TrafficSimulator', () => {
	it('opens the desk on the first advance: the agents on shift log in, with their queues', () => {
		const opening = new TrafficSimulator({ seed: 3 }).advance(new Date(TUESDAY + 10 * HOUR));
		expect(opening.length).toBeGreaterThan(15);
		for (const event of opening) {
			expect(event).toMatchObject({ type: 'agent.state', at: new Date(TUESDAY + 10 * HOUR).toISOString() });
			expect(['ready', 'not_ready']).toContain(event.type === 'agent.state' && event.state);
			expect(event.type === 'agent.state' && event.queues?.length).toBeGreaterThan(0);
		}
		expect(opening.some((event) => event.type === 'agent.state' && event.state === 'not_ready' && event.reason)).toBe(
			true
		);
	});

	it('emits only events that pass checkEvent, with unique ids, ordered by time', () => {
		const events = weekday();
		const rejected = events.map((event) => checkEvent(event)).filter((check) => !check.ok);
		expect(rejected).toEqual([]);
		expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
		const times = events.map((event) => Date.parse(event.at));
		expect(times.every((time, index) => index === 0 || time >= times[index - 1]!)).toBe(true);
		expect(events.every((event) => event.at.endsWith('Z'))).toBe(true);
	});

	it('keeps every call coherent: queued before its outcome, one outcome per queue, ended after its answer', () => {
		const events = weekday();
		expect(callProblems(events)).toEqual([]);
		expect(count(events, 'call.ended')).toBeGreaterThan(count(events, 'call.answered') - 40);
	});

	it('lets an agent answer only a call it was offered while ready, in one of its queues, one at a time', () => {
		expect(agentProblems(weekday())).toEqual([]);
	});

	it('follows a plausible weekday: a living night, a busy morning, abandons, a few thousand calls', () => {
		const queued = weekday().filter((event) => event.type === 'call.queued');
		const inHour = (hour: number) => queued.filter((event) => localHour(event) === hour).length;
		expect(inHour(10)).toBeGreaterThan(1.5 * inHour(3));
		expect(inHour(3)).toBeGreaterThan(60); // more than a call a minute in the dead of night
		expect(queued.length).toBeGreaterThan(2000);
		expect(queued.length).toBeLessThan(6000);
		const abandoned = count(weekday(), 'call.abandoned');
		expect(abandoned).toBeGreaterThan(0.02 * queued.length);
		expect(abandoned).toBeLessThan(0.2 * queued.length);
		expect(new Set(queued.map((event) => event.type === 'call.queued' && event.queue)).size).toBe(5);
	});

	it('has agents take breaks with a reason and log out at the end of their shift', () => {
		const states = weekday().filter((event) => event.type === 'agent.state');
		const reasons = new Set(states.filter((event) => event.state === 'not_ready').map((event) => event.reason));
		expect(reasons).toEqual(new Set(['Pause', 'Back-office', 'Réunion', 'Formation']));
		expect(states.filter((event) => event.state === 'logged_out').length).toBeGreaterThan(20);
	});

	it('is deterministic for a seed, whatever the step between two advances', () => {
		const start = TUESDAY + 9 * HOUR;
		const fine = simulate(new TrafficSimulator({ seed: 11 }), start, start + 30 * MINUTE, 200);
		const coarse = simulate(new TrafficSimulator({ seed: 11 }), start, start + 30 * MINUTE, 5 * SECOND);
		expect(fine.length).toBeGreaterThan(100);
		expect(coarse).toEqual(fine);
		const other = simulate(new TrafficSimulator({ seed: 12 }), start, start + 30 * MINUTE, 5 * SECOND);
		expect(other).not.toEqual(fine);
	});

	it('keeps ids apart between two runs with the same seed started at different times', () => {
		const first = simulate(new TrafficSimulator({ seed: 5 }), TUESDAY, TUESDAY + 5 * MINUTE, SECOND);
		const restarted = simulate(new TrafficSimulator({ seed: 5 }), TUESDAY + 5 * MINUTE, TUESDAY + 10 * MINUTE, SECOND);
		const firstIds = new Set(
			first.flatMap((event) => [event.id, event.type === 'agent.state' ? [] : event.call].flat())
		);
		expect(
			restarted.some((event) => firstIds.has(event.id) || (event.type !== 'agent.state' && firstIds.has(event.call)))
		).toBe(false);
	});

	it('catches up at most two minutes after a long gap, and the stream stays coherent', () => {
		const start = TUESDAY + 10 * HOUR;
		const steady = simulate(new TrafficSimulator({ seed: 9 }), start, start + 10 * MINUTE, SECOND);
		const gapped = new TrafficSimulator({ seed: 9 });
		const before = simulate(gapped, start, start + 5 * MINUTE, SECOND);
		const afterGap = gapped.advance(new Date(start + 15 * MINUTE));
		expect(afterGap.length).toBeGreaterThan(0);
		expect(afterGap.every((event) => Date.parse(event.at) >= start + 13 * MINUTE)).toBe(true);
		expect(afterGap.length).toBeLessThan(steady.length / 2);
		const after = simulate(gapped, start + 15 * MINUTE + SECOND, start + 30 * MINUTE, SECOND);
		const stream = [...before, ...afterGap, ...after];
		expect(callProblems(stream)).toEqual([]);
		expect(agentProblems(stream)).toEqual([]);
	});

	it('ignores an advance to an earlier or the same time', () => {
		const simulator = new TrafficSimulator({ seed: 2 });
		simulate(simulator, TUESDAY + 10 * HOUR, TUESDAY + 10 * HOUR + MINUTE, SECOND);
		expect(simulator.advance(new Date(TUESDAY + 10 * HOUR))).toEqual([]);
		expect(simulator.advance(new Date(TUESDAY + 10 * HOUR + MINUTE))).toEqual([]);
	});

	it('overflows a call that waited too long to the next queue, with the same call id', () => {
		const simulator = new TrafficSimulator({
			seed: 4,
			agents: 8,
			queues: [
				{ name: 'Accueil', peakCallsPerHour: 300, overflow: { to: 'Experts', afterSeconds: 20 } },
				{ name: 'Experts', peakCallsPerHour: 10 }
			]
		});
		const events = simulate(simulator, TUESDAY + 10 * HOUR, TUESDAY + 11 * HOUR, SECOND);
		const dequeued = events.filter((event) => event.type === 'call.dequeued');
		expect(dequeued.length).toBeGreaterThan(0);
		for (const event of dequeued) {
			expect(event.type === 'call.dequeued' && event.queue).toBe('Accueil');
			const next = events.find(
				(other) =>
					other.type === 'call.queued' &&
					other.call === (event.type === 'call.dequeued' && event.call) &&
					other.queue === 'Experts'
			);
			expect(next?.at).toBe(event.at);
		}
		expect(callProblems(events)).toEqual([]);
	});

	it('refuses an overflow to a queue that does not exist', () => {
		expect(
			() =>
				new TrafficSimulator({ queues: [{ name: 'A', peakCallsPerHour: 10, overflow: { to: 'B', afterSeconds: 60 } }] })
		).toThrow(/unknown queue "B"/);
	});

	it('follows the hours of the given time zone', () => {
		const newYorkDay = Date.parse('2025-03-04T00:00:00-05:00');
		const events = simulate(
			new TrafficSimulator({ seed: 7, timezone: 'America/New_York' }),
			newYorkDay,
			newYorkDay + 24 * HOUR,
			5 * SECOND
		);
		const queuedIn = (hour: number) =>
			events.filter((event) => event.type === 'call.queued' && localHour(event, newYorkDay) === hour).length;
		expect(queuedIn(10)).toBeGreaterThan(1.5 * queuedIn(3));
		const logins = events.filter(
			(event) => event.type === 'agent.state' && event.state === 'ready' && localHour(event, newYorkDay) === 7
		);
		expect(logins.length).toBeGreaterThan(5); // the morning team arrives at 7:00 New York time
	});

	it('does not bring back a shift that just ended when the clocks go back', () => {
		const start = Date.parse('2025-10-25T12:00:00Z'); // Paris leaves summer time the next night
		const events = simulate(new TrafficSimulator({ seed: 3 }), start, start + 24 * HOUR, 5 * SECOND);
		const loggedOutAt = new Map<string, number>();
		const quickReturns: string[] = [];
		for (const event of events) {
			if (event.type !== 'agent.state') continue;
			const out = loggedOutAt.get(event.agent);
			if (out !== undefined && Date.parse(event.at) - out < HOUR) quickReturns.push(`${event.agent} at ${event.at}`);
			if (event.state === 'logged_out') loggedOutAt.set(event.agent, Date.parse(event.at));
			else loggedOutAt.delete(event.agent);
		}
		expect(loggedOutAt.size).toBeGreaterThan(10);
		expect(quickReturns).toEqual([]);
	});

	it('simulates a day in 1 s steps quickly', () => {
		const started = performance.now();
		simulate(new TrafficSimulator({ seed: 8 }), TUESDAY, TUESDAY + 24 * HOUR, SECOND);
		expect(performance.now() - started).toBeLessThan(3000);
	});
});
