import { createHash, randomBytes } from 'node:crypto';

/** A random secret of 256 bits, URL-safe, with a prefix that says what it is. */
export function newSecret(prefix: string): string {
	return prefix + randomBytes(32).toString('base64url');
}

/** Secrets carry 256 random bits: a fast hash is enough to keep a leaked table useless. */
export function hashSecret(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}
