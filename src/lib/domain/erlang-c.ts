/**
 * Staffing advice (contract §3, `agents_needed`): Erlang C, the classic queueing model of a call centre (calls
 * arriving at random, waiting in one queue for N agents). With A = arrival rate × handle time (the traffic, in
 * Erlangs), the probability that a call waits is C(N, A), and the service level for a threshold t is
 * 1 − C(N, A) · e^(−(N − A) · t / handle time).
 */

/** Erlang C: the probability that a call waits, with `agents` agents and `traffic` Erlangs (null if unstable). */
export function erlangC(agents: number, traffic: number): number | null {
	if (agents <= traffic) return null;
	// Erlang B by its stable recursion, then C from B.
	let b = 1;
	for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
	return (agents * b) / (agents - traffic * (1 - b));
}

/** The share of calls answered within `thresholdS` seconds with `agents` agents (0 to 1). */
export function erlangServiceLevel(agents: number, traffic: number, handleS: number, thresholdS: number): number {
	const c = erlangC(agents, traffic);
	if (c === null) return 0;
	return 1 - c * Math.exp((-(agents - traffic) * thresholdS) / handleS);
}

/**
 * The smallest number of agents for which Erlang C gives at least `targetPct` % of calls answered within
 * `thresholdS` seconds; null without calls or without a handle time.
 */
export function agentsNeeded(
	arrivalsPerS: number,
	handleS: number | null,
	targetPct: number,
	thresholdS: number
): number | null {
	if (arrivalsPerS <= 0 || handleS === null || handleS <= 0) return null;
	const traffic = arrivalsPerS * handleS;
	const target = Math.min(targetPct, 99.9) / 100;
	for (let agents = Math.max(1, Math.floor(traffic) + 1); agents < traffic + 1000; agents++)
		if (erlangServiceLevel(agents, traffic, handleS, thresholdS) >= target) return agents;
	return null;
}
