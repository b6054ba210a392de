/**
 * The caller's address: the socket's, or behind a proxy the one its header names (ADDRESS_HEADER and XFF_DEPTH,
 * adapter-node's settings). `null` when it cannot be told (the header is missing on a request that bypassed the
 * proxy): such a request still gets an answer, and an address key of its own for the sign-in throttle.
 */
export function clientAddress(event: { getClientAddress(): string }): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}
