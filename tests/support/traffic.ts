import { TrafficSimulator } from '../../src/lib/server/demo/traffic-simulator.ts';
import type { VigieEvent } from '../../src/lib/domain/event.ts';

/** A simulated desk's traffic between two instants, advanced in steps like the live demo. */
export function simulatedTraffic(from: string, to: string, seed = 7, stepMs = 5000): VigieEvent[] {
	const simulator = new TrafficSimulator({ seed });
	const events: VigieEvent[] = [];
	for (let t = Date.parse(from); t <= Date.parse(to); t += stepMs) events.push(...simulator.advance(new Date(t)));
	return events;
}

/** A seeded shuffle, so that a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
	const out = [...items];
	let state = seed >>> 0;
	const random = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}
