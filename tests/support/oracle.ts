/**
 * The contract's definitions (§2) computed naively from raw events, written apart from the product's SQL and
 * metrics module, so that tests compare the product against the definitions rather than against itself.
 */
import { DateTime } from 'luxon';
import type { CanonicalEvent } from './events.ts';

const QUARTER_MS = 15 * 60 * 1000;
const quarterOf = (ms: number) => Math.floor(ms / QUARTER_MS) * QUARTER_MS;
const ms = (at: string) => Date.parse(at);
const pct = (a: number, b: number) => (b > 0 ? (100 * a) / b : null);

export type Row = Record<string, string | number | null>;

/** The start of a report period holding an instant, in ms: 15 minutes unless said otherwise. */
export type PeriodOf = (ms: number) => number;

/** Local hours or days in `zone`, for the coarser report intervals. */
export const localPeriodOf =
	(unit: 'hour' | 'day', zone: string): PeriodOf =>
	(t) =>
		DateTime.fromMillis(t, { zone }).startOf(unit).toMillis();

/** Every call that hung up while waiting, per (call, queue) leg and not answered in the end, in queue-entry order. */
export function expectedAbandonedCalls(
	events: CanonicalEvent[]
): { queued_at: number; queue: string; call: string; wait_s: number; caller: string | null }[] {
	const legs = new Map<
		string,
		{ call: string; queue: string; queued?: number; answered?: number; abandoned?: number; caller?: string }
	>();
	for (const e of events) {
		if (!e.type.startsWith('call.')) continue;
		const key = `${e.call}\u0000${e.queue}`;
		const leg = legs.get(key) ?? { call: e.call!, queue: e.queue! };
		legs.set(key, leg);
		const t = ms(e.at);
		if (e.type === 'call.queued') leg.queued = Math.min(leg.queued ?? t, t);
		if (e.type === 'call.queued' && e.caller && !(leg.caller! < e.caller)) leg.caller = e.caller;
		if (e.type === 'call.answered') leg.answered = Math.min(leg.answered ?? t, t);
		if (e.type === 'call.abandoned') leg.abandoned = Math.min(leg.abandoned ?? t, t);
	}
	return [...legs.values()]
		.filter((l) => l.queued !== undefined && l.abandoned !== undefined && l.answered === undefined)
		.map((l) => ({
			queued_at: l.queued!,
			queue: l.queue,
			call: l.call,
			wait_s: Math.max(0, l.abandoned! - l.queued!) / 1000,
			caller: l.caller ?? null
		}))
		.sort(
			(a, b) => a.queued_at - b.queued_at || (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : a.call < b.call ? -1 : 1)
		);
}

/** One row per (15-minute period, queue) in which calls were queued, with the queues export's columns. */
export function expectedQueueRows(
	events: CanonicalEvent[],
	zone: string,
	slS = 20,
	shortS = 5,
	periodOf: PeriodOf = quarterOf
): Row[] {
	const legs = new Map<
		string,
		{ queue: string; queued?: number; answered?: number; abandoned?: number; dequeued?: number; ended?: number }
	>();
	for (const e of events) {
		if (!e.type.startsWith('call.')) continue;
		const key = `${e.call}\u0000${e.queue}`;
		const leg = legs.get(key) ?? { queue: e.queue! };
		legs.set(key, leg);
		const t = ms(e.at);
		const first = (v: number | undefined) => (v === undefined ? t : Math.min(v, t));
		if (e.type === 'call.queued') leg.queued = first(leg.queued);
		if (e.type === 'call.answered') leg.answered = first(leg.answered);
		if (e.type === 'call.abandoned') leg.abandoned = first(leg.abandoned);
		if (e.type === 'call.dequeued') leg.dequeued = first(leg.dequeued);
		if (e.type === 'call.ended') leg.ended = leg.ended === undefined ? t : Math.max(leg.ended, t);
	}
	const groups = new Map<string, ReturnType<typeof emptyGroup>>();
	function emptyGroup(period: number, queue: string) {
		return {
			period,
			queue,
			offered: 0,
			answered: 0,
			abandoned: 0,
			short: 0,
			dequeued: 0,
			answeredSl: 0,
			abandonedSl: 0,
			waitSum: 0,
			talkSum: 0,
			talked: 0,
			maxWait: null as number | null
		};
	}
	for (const leg of legs.values()) {
		if (leg.queued === undefined) continue;
		const period = periodOf(leg.queued);
		const key = `${period}\u0000${leg.queue}`;
		const g = groups.get(key) ?? emptyGroup(period, leg.queue);
		groups.set(key, g);
		g.offered++;
		const wait = (end: number) => Math.max(0, end - leg.queued!) / 1000;
		if (leg.answered !== undefined) {
			const w = wait(leg.answered);
			g.answered++;
			g.waitSum += w;
			if (w <= slS) g.answeredSl++;
			g.maxWait = Math.max(g.maxWait ?? 0, w);
			if (leg.ended !== undefined) {
				g.talkSum += Math.max(0, leg.ended - leg.answered) / 1000;
				g.talked++;
			}
		} else if (leg.abandoned !== undefined) {
			const w = wait(leg.abandoned);
			g.abandoned++;
			if (w <= slS) g.abandonedSl++;
			if (w < shortS) g.short++;
			g.maxWait = Math.max(g.maxWait ?? 0, w);
		} else if (leg.dequeued !== undefined) {
			g.dequeued++;
		}
	}
	return [...groups.values()]
		.sort((a, b) => a.period - b.period || (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0))
		.map((g) => ({
			period_start: DateTime.fromMillis(g.period, { zone }).toISO({ suppressMilliseconds: true }),
			queue: g.queue,
			offered: g.offered,
			answered: g.answered,
			abandoned: g.abandoned,
			short_abandoned: g.short,
			dequeued: g.dequeued,
			answered_within_sl: g.answeredSl,
			abandoned_within_sl: g.abandonedSl,
			sl_threshold_s: slS,
			sl_handled_pct: pct(g.answeredSl, g.answered),
			sl_no_abandon_pct: pct(g.answeredSl, g.offered - g.abandonedSl),
			sl_abandon_positive_pct: pct(g.answeredSl + g.abandonedSl, g.offered),
			sl_abandon_negative_pct: pct(g.answeredSl, g.offered),
			asa_s: g.answered > 0 ? g.waitSum / g.answered : null,
			avg_talk_s: g.talked > 0 ? g.talkSum / g.talked : null,
			max_wait_s: g.maxWait,
			abandon_rate_pct: pct(g.abandoned, g.offered)
		}));
}

/** One row per (15-minute period, agent) with time in a state or a call answered: the agents export's columns. */
export function expectedAgentRows(events: CanonicalEvent[], zone: string): { agents: Row[]; notReady: Row[] } {
	const byAgent = new Map<string, CanonicalEvent[]>();
	for (const e of events) {
		if (e.type !== 'agent.state') continue;
		byAgent.set(e.agent!, [...(byAgent.get(e.agent!) ?? []), e]);
	}
	const seconds = new Map<string, Record<string, number>>();
	const notReady = new Map<string, number>();
	const cell = (period: number, agent: string) => {
		const key = `${period}\u0000${agent}`;
		if (!seconds.has(key)) seconds.set(key, { ready: 0, not_ready: 0, reserved: 0, talking: 0, work: 0, answered: 0 });
		return seconds.get(key)!;
	};
	for (const [agent, states] of byAgent) {
		states.sort((a, b) => ms(a.at) - ms(b.at) || (a.id < b.id ? -1 : 1));
		for (let i = 0; i + 1 < states.length; i++) {
			const s = states[i]!;
			if (s.state === 'logged_out') continue;
			let t = ms(s.at);
			const end = ms(states[i + 1]!.at);
			while (t < end) {
				const period = quarterOf(t);
				const pieceEnd = Math.min(end, period + QUARTER_MS);
				cell(period, agent)[s.state!]! += (pieceEnd - t) / 1000;
				if (s.state === 'not_ready') {
					const key = `${period}\u0000${agent}\u0000${s.reason ?? ''}`;
					notReady.set(key, (notReady.get(key) ?? 0) + (pieceEnd - t) / 1000);
				}
				t = pieceEnd;
			}
		}
	}
	// Answered calls by answer time: the earliest answer of each leg, by its agent.
	const answers = new Map<string, CanonicalEvent>();
	for (const e of events) {
		if (e.type !== 'call.answered') continue;
		const key = `${e.call}\u0000${e.queue}`;
		const before = answers.get(key);
		if (!before || ms(e.at) < ms(before.at) || (ms(e.at) === ms(before.at) && e.agent! < before.agent!))
			answers.set(key, e);
	}
	for (const a of answers.values()) cell(quarterOf(ms(a.at)), a.agent!).answered!++;

	const iso = (period: number) => DateTime.fromMillis(period, { zone }).toISO({ suppressMilliseconds: true });
	const agents = [...seconds.entries()]
		.map(([key, s]) => {
			const [period, agent] = key.split('\u0000') as [string, string];
			return {
				sortKey: [Number(period), agent] as const,
				row: {
					period_start: iso(Number(period)),
					agent,
					logged_in_s: s.ready! + s.not_ready! + s.reserved! + s.talking! + s.work!,
					ready_s: s.ready!,
					not_ready_s: s.not_ready!,
					reserved_s: s.reserved!,
					talking_s: s.talking!,
					work_s: s.work!,
					answered: s.answered!
				} as Row
			};
		})
		.filter(({ row }) => (row.logged_in_s as number) > 0 || (row.answered as number) > 0)
		.sort((a, b) => a.sortKey[0] - b.sortKey[0] || (a.sortKey[1] < b.sortKey[1] ? -1 : 1))
		.map(({ row }) => row);
	const notReadyRows = [...notReady.entries()]
		.filter(([, s]) => s > 0)
		.map(([key, s]) => {
			const [period, agent, reason] = key.split('\u0000') as [string, string, string];
			return { p: Number(period), row: { period_start: iso(Number(period)), agent, reason, seconds: s } as Row };
		})
		.sort(
			(a, b) =>
				a.p - b.p ||
				String(a.row.agent).localeCompare(String(b.row.agent), 'en') ||
				String(a.row.reason).localeCompare(String(b.row.reason), 'en')
		)
		.map(({ row }) => row);
	return { agents, notReady: notReadyRows };
}
