import { describe, expect, it } from 'vitest';
import { afterFailure, decide, oneAtATime, throttlePolicy, type FailureRecord } from './sign-in-throttle.ts';

const rule = throttlePolicy(900).account;
const at = (s: number) => new Date(Date.UTC(2026, 0, 5, 9, 0, s));

function failures(n: number, everyS = 0): FailureRecord | null {
	let record: FailureRecord | null = null;
	for (let i = 0; i < n; i++) record = afterFailure(rule, record, at(i * everyS));
	return record;
}

describe('sign-in throttling', () => {
	it('lets a person mistype a few times at no cost', () => {
		expect(decide(rule, failures(2), at(0))).toEqual({ allowed: true });
	});

	it('then makes each try wait longer than the one before', () => {
		const waits = [3, 4, 5, 6].map((n) => {
			const d = decide(rule, failures(n), at(0));
			return d.allowed ? 0 : d.retryAfterS;
		});
		expect(waits).toEqual([1, 2, 4, 8]);
		expect(decide(rule, failures(3), at(1))).toEqual({ allowed: true });
	});

	it('locks at the tenth failure for the lock period, then starts again from zero', () => {
		const locked = failures(10);
		expect(locked!.lockedUntil).toEqual(at(900));
		expect(decide(rule, locked, at(899))).toEqual({ allowed: false, retryAfterS: 1, locked: true });
		expect(decide(rule, locked, at(900))).toEqual({ allowed: true });
		expect(afterFailure(rule, locked, at(901)).failures).toBe(1);
	});

	it('forgets a key left quiet', () => {
		expect(decide(rule, failures(8), at(rule.forgetAfterS + 1))).toEqual({ allowed: true });
	});
});

describe('oneAtATime', () => {
	it('runs the tries of one key one after the other, and of other keys alongside', async () => {
		const order: string[] = [];
		const job = (name: string, ms: number) => async () => {
			order.push(`${name}+`);
			await new Promise((r) => setTimeout(r, ms));
			order.push(`${name}-`);
		};
		await Promise.all([
			oneAtATime(['user:a', 'address:x'], job('1', 30)),
			oneAtATime(['user:a', 'address:y'], job('2', 1)),
			oneAtATime(['user:b', 'address:z'], job('3', 1))
		]);
		expect(order.indexOf('1-')).toBeLessThan(order.indexOf('2+'));
		expect(order.indexOf('3-')).toBeLessThan(order.indexOf('1-'));
	});
});
