import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** How failed sign-ins are slowed, then locked; one for account names, one for client addresses. */
export interface ThrottleRule {
	/** Failures that cost nothing: a person mistyping. */
	freeFailures: number;
	/** Past those, each further try waits this long after the last failure, doubled each time… */
	firstDelayS: number;
	/** …up to this. */
	maxDelayS: number;
	/** At this many failures the key is locked… */
	lockAfter: number;
	/** …for this long. */
	lockS: number;
	/** A key quiet for this long starts again from zero. */
	forgetAfterS: number;
}

export interface ThrottlePolicy {
	account: ThrottleRule;
	address: ThrottleRule;
}

/**
 * NOTE: by default 3 free tries per account, then 1, 2, 4, 8 s… between tries, then a lock of `lockS` (15 min) at
 * the 10th failure: guessing drops from the 30 passwords a second measured before (issue #10) to 10 per account
 * per lock period. An address gets five times the room (a shared proxy, a training room) before it is slowed and
 * locked as well, which stops one machine trying one password against many accounts.
 */
export function throttlePolicy(lockS = 15 * 60, lockAfter = 10): ThrottlePolicy {
	const forgetAfterS = Math.max(lockS, 15 * 60);
	return {
		account: {
			freeFailures: Math.min(3, lockAfter - 1),
			firstDelayS: 1,
			maxDelayS: 60,
			lockAfter,
			lockS,
			forgetAfterS
		},
		address: {
			freeFailures: Math.min(10, 5 * lockAfter - 1),
			firstDelayS: 1,
			maxDelayS: 60,
			lockAfter: 5 * lockAfter,
			lockS,
			forgetAfterS
		}
	};
}

/** One key's failures, as stored. */
export interface FailureRecord {
	failures: number;
	lastFailureAt: Date;
	lockedUntil: Date | null;
}

/** Whether a sign-in may be tried now; when not, how long to wait and whether the key is locked. */
export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterS: number; locked: boolean };

/** Pure: the rule applied to a key's record at `now`. */
export function decide(rule: ThrottleRule, record: FailureRecord | null, now: Date): ThrottleDecision {
	if (!record) return { allowed: true };
	const nowMs = now.getTime();
	if (record.lockedUntil && record.lockedUntil.getTime() > nowMs) {
		return { allowed: false, retryAfterS: Math.ceil((record.lockedUntil.getTime() - nowMs) / 1000), locked: true };
	}
	const failures = effectiveFailures(rule, record, now);
	if (failures < rule.freeFailures) return { allowed: true };
	const delayS = Math.min(rule.maxDelayS, rule.firstDelayS * 2 ** (failures - rule.freeFailures));
	const waitMs = record.lastFailureAt.getTime() + delayS * 1000 - nowMs;
	return waitMs > 0 ? { allowed: false, retryAfterS: Math.ceil(waitMs / 1000), locked: false } : { allowed: true };
}

/** Failures still counted at `now`: none once the key has been quiet long enough, or its lock has passed. */
function effectiveFailures(rule: ThrottleRule, record: FailureRecord, now: Date): number {
	if (now.getTime() - record.lastFailureAt.getTime() > rule.forgetAfterS * 1000) return 0;
	if (record.lockedUntil && record.lockedUntil.getTime() <= now.getTime()) return 0;
	return record.failures;
}

/** Pure: a key's record after one more failure at `now`. */
export function afterFailure(rule: ThrottleRule, record: FailureRecord | null, now: Date): FailureRecord {
	const failures = (record ? effectiveFailures(rule, record, now) : 0) + 1;
	return {
		failures,
		lastFailureAt: now,
		lockedUntil: failures >= rule.lockAfter ? new Date(now.getTime() + rule.lockS * 1000) : null
	};
}

export const accountKey = (name: string) => `user:${name.toLowerCase()}`;
export const addressKey = (address: string) => `address:${address}`;

async function readRecord(db: Kysely<Database>, key: string): Promise<FailureRecord | null> {
	const row = await db.selectFrom('sign_in_failures').selectAll().where('key', '=', key).executeTakeFirst();
	return row ? { failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until } : null;
}

/** The stricter of the account's and the address's decisions. */
export async function checkSignIn(
	db: Kysely<Database>,
	policy: ThrottlePolicy,
	name: string,
	address: string,
	now = new Date()
): Promise<ThrottleDecision> {
	const [account, fromAddress] = await Promise.all([
		readRecord(db, accountKey(name)),
		readRecord(db, addressKey(address))
	]);
	const decisions = [decide(policy.account, account, now), decide(policy.address, fromAddress, now)];
	const refusals = decisions.filter((d): d is Extract<ThrottleDecision, { allowed: false }> => !d.allowed);
	if (refusals.length === 0) return { allowed: true };
	return {
		allowed: false,
		retryAfterS: Math.max(...refusals.map((r) => r.retryAfterS)),
		locked: refusals.some((r) => r.locked)
	};
}

/** Counts a failure against the account name and the address; says whether it has just locked either. */
export async function recordFailure(
	db: Kysely<Database>,
	policy: ThrottlePolicy,
	name: string,
	address: string,
	now = new Date()
): Promise<{ locked: boolean }> {
	let locked = false;
	for (const [key, rule] of [
		[accountKey(name), policy.account],
		[addressKey(address), policy.address]
	] as const) {
		const next = afterFailure(rule, await readRecord(db, key), now);
		locked ||= next.lockedUntil !== null;
		await db
			.insertInto('sign_in_failures')
			.values({ key, failures: next.failures, last_failure_at: next.lastFailureAt, locked_until: next.lockedUntil })
			.onConflict((oc) =>
				oc.column('key').doUpdateSet({
					failures: next.failures,
					last_failure_at: next.lastFailureAt,
					locked_until: next.lockedUntil
				})
			)
			.execute();
	}
	return { locked };
}

/** A good password clears its account's count (the address keeps its own, so one good account cannot reset it). */
export async function recordSuccess(db: Kysely<Database>, name: string): Promise<void> {
	await db.deleteFrom('sign_in_failures').where('key', '=', accountKey(name)).execute();
}

/**
 * NOTE: tries of one account or from one address are taken one at a time within a process, so that fifty sent at
 * once are counted one after the other instead of all being checked against the same count. Several web
 * processes each keep their own line: at most one try per process runs past the count at a time.
 */
const queues = new Map<string, Promise<unknown>>();

export async function oneAtATime<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
	if (keys.length === 0) return work();
	const [key, ...rest] = keys as [string, ...string[]];
	const previous = queues.get(key) ?? Promise.resolve();
	const run = previous.then(
		() => oneAtATime(rest, work),
		() => oneAtATime(rest, work)
	);
	const settled = run.catch(() => undefined);
	queues.set(key, settled);
	void settled.then(() => {
		if (queues.get(key) === settled) queues.delete(key);
	});
	return run;
}
