import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefreshScheduler, systemClock } from './refresh-scheduler.ts';

/** A read that takes `ms` of fake time and records when it started. */
function recordingRead(ms = 10) {
	const starts: number[] = [];
	const read = async () => {
		starts.push(Date.now());
		if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
	};
	return { starts, read };
}

describe('refresh scheduler', () => {
	beforeEach(() => {
		vi.useFakeTimers({ now: 0 });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('reads a change at once when changes come at a desk’s pace (every 100–200 ms)', async () => {
		const { starts, read } = recordingRead();
		const scheduler = new RefreshScheduler(read, { clock: systemClock });
		const asked: number[] = [];
		for (let i = 0; i < 50; i++) {
			await vi.advanceTimersByTimeAsync(100 + (i % 2) * 100);
			asked.push(Date.now());
			scheduler.request();
		}
		await vi.advanceTimersByTimeAsync(50);
		expect(starts).toEqual(asked);
		await scheduler.stop();
	});

	it('reads a change at once after the host clock jumps back an hour', async () => {
		const { starts, read } = recordingRead(0);
		const scheduler = new RefreshScheduler(read, { clock: systemClock });
		await vi.advanceTimersByTimeAsync(1000);
		vi.setSystemTime(Date.now() - 3_600_000); // the wall clock only; timers keep their pace
		scheduler.request();
		await vi.advanceTimersByTimeAsync(10);
		expect(starts).toHaveLength(1);
		await scheduler.stop();
	});

	it('serves changes close together with one read, and never runs two reads at once', async () => {
		let running = 0;
		let overlapped = false;
		let reads = 0;
		const scheduler = new RefreshScheduler(async () => {
			reads++;
			if (++running > 1) overlapped = true;
			await new Promise((resolve) => setTimeout(resolve, 30));
			running--;
		});
		scheduler.request();
		scheduler.request();
		await vi.advanceTimersByTimeAsync(1);
		// The first at once, the second after it.
		expect(reads).toBe(1);
		await vi.advanceTimersByTimeAsync(30);
		expect(reads).toBe(2);
		// Three changes during the read: one more read, right after it.
		for (let i = 0; i < 3; i++) {
			await vi.advanceTimersByTimeAsync(5);
			scheduler.request();
		}
		await vi.advanceTimersByTimeAsync(30);
		expect(reads).toBe(3);
		await vi.advanceTimersByTimeAsync(30);
		expect(reads).toBe(3);
		expect(overlapped).toBe(false);
		await scheduler.stop();
	});

	it('spaces reads out only under a flood, at the configured rate after a burst', async () => {
		const { starts, read } = recordingRead(1);
		const scheduler = new RefreshScheduler(read, { pace: { maxReadsPerSecond: 10, burst: 3 } });
		// A change every 5 ms for 2 s.
		for (let t = 0; t < 2000; t += 5) {
			scheduler.request();
			await vi.advanceTimersByTimeAsync(5);
		}
		// The burst at once, then one read per 100 ms.
		expect(starts.slice(0, 3)).toEqual([0, 5, 10]);
		const gaps = starts.slice(4).map((at, i) => at - starts[i + 3]!);
		for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(95);
		expect(starts.length).toBeLessThanOrEqual(3 + 2000 / 100 + 1);
		await scheduler.stop();
	});

	it('with no limit, reads every change (the bare broadcaster)', async () => {
		const { starts, read } = recordingRead(1);
		const scheduler = new RefreshScheduler(read, { pace: { maxReadsPerSecond: 0 } });
		for (let i = 0; i < 20; i++) {
			scheduler.request();
			await vi.advanceTimersByTimeAsync(5);
		}
		expect(starts).toHaveLength(20);
		await scheduler.stop();
	});

	it('reads again after a quiet spell, counted from the last read', async () => {
		const { starts, read } = recordingRead(0);
		const scheduler = new RefreshScheduler(read, { pace: { idleRefreshMs: 5000 } });
		await scheduler.readNow();
		await vi.advanceTimersByTimeAsync(3000);
		scheduler.request();
		await vi.advanceTimersByTimeAsync(4999);
		expect(starts).toEqual([0, 3000]);
		await vi.advanceTimersByTimeAsync(1);
		expect(starts).toEqual([0, 3000, 8000]);
		await vi.advanceTimersByTimeAsync(5000);
		expect(starts).toEqual([0, 3000, 8000, 13000]);
		await scheduler.stop();
		await vi.advanceTimersByTimeAsync(20000);
		expect(starts).toHaveLength(4);
	});

	it('keeps reading after a failed read, and reports the failure', async () => {
		const errors: unknown[] = [];
		let reads = 0;
		const scheduler = new RefreshScheduler(
			async () => {
				if (++reads === 1) throw new Error('database down');
			},
			{ onError: (error) => errors.push(error), pace: { idleRefreshMs: 1000 } }
		);
		scheduler.request();
		await vi.advanceTimersByTimeAsync(1);
		expect(errors).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1000);
		expect(reads).toBe(2);
		await scheduler.stop();
	});

	it('passes a failure of the first read to whoever asked for it', async () => {
		const scheduler = new RefreshScheduler(async () => {
			throw new Error('no database');
		});
		await expect(scheduler.readNow()).rejects.toThrow('no database');
		await scheduler.stop();
	});
});
