import { audit, type AuditSink } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import {
	accountKey,
	addressKey,
	checkSignIn,
	oneAtATime,
	recordFailure,
	recordSuccess,
	throttlePolicy
} from './sign-in-throttle.ts';
import { signIn } from './users.ts';

/**
 * NOTE: a script hammering a locked account gets tens of answers a second; the trail records its refused tries
 * once a minute per name and address (with how many there were since), not one line each.
 */
const THROTTLED_AUDIT_EVERY_MS = 60_000;
const throttledSince = new Map<string, { at: number; count: number }>();

/** Whether this throttled try gets an audit line now, and how many went unrecorded before it. */
function throttledTryToRecord(key: string, now = Date.now()): number | null {
	const seen = throttledSince.get(key);
	if (seen && now - seen.at < THROTTLED_AUDIT_EVERY_MS) {
		seen.count++;
		return null;
	}
	if (throttledSince.size > 10_000) throttledSince.clear(); // bounded: an attacker cycling names costs no memory
	throttledSince.set(key, { at: now, count: 0 });
	return seen?.count ?? 0;
}

export type SignInAttempt =
	| { kind: 'signed-in'; secret: string }
	| { kind: 'refused'; name: string }
	| { kind: 'throttled'; name: string; retryAfterS: number; locked: boolean };

/** A name as typed, made safe to count and record: no control characters, a bounded length. */
export function typedName(name: string): string {
	// eslint-disable-next-line no-control-regex
	return name.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 128);
}

/**
 * A password sign-in as the login form makes it: throttled per account name and per address, checked, recorded
 * in the audit trail whatever its outcome. A throttled try is not checked at all, so that its answer says
 * nothing about the password, and the account's count runs for names that do not exist just as for the others.
 */
export async function attemptSignIn(
	app: AuditSink & { config: Pick<Config, 'signInLockSeconds' | 'signInLockAfter'> },
	request: { name: string; password: string; address: string }
): Promise<SignInAttempt> {
	const db = app.database.db;
	const name = typedName(request.name);
	const address = request.address;
	const policy = throttlePolicy(app.config.signInLockSeconds, app.config.signInLockAfter);
	return oneAtATime([accountKey(name), addressKey(address)], async (): Promise<SignInAttempt> => {
		const anonymous = { name, kind: 'anonymous' as const, address };
		const decision = await checkSignIn(db, policy, name, address);
		if (!decision.allowed) {
			const unrecorded = throttledTryToRecord(`${name}\u0000${address}`);
			if (unrecorded !== null) {
				await audit(app, anonymous, {
					action: 'sign-in',
					target: name,
					outcome: 'locked',
					detail: { retryAfterS: decision.retryAfterS, locked: decision.locked, unrecordedBefore: unrecorded }
				});
			}
			return { kind: 'throttled', name, retryAfterS: decision.retryAfterS, locked: decision.locked };
		}
		const secret = name === '' ? null : await signIn(db, name, request.password);
		if (!secret) {
			const { locked } = await recordFailure(db, policy, name, address);
			await audit(app, anonymous, {
				action: 'sign-in',
				target: name,
				outcome: 'refused',
				detail: locked ? { lockedForS: policy.account.lockS } : undefined
			});
			return { kind: 'refused', name };
		}
		await recordSuccess(db, name);
		await audit(app, { name, kind: 'user', address }, { action: 'sign-in', target: name });
		return { kind: 'signed-in', secret };
	});
}
