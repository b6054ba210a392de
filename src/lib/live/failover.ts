/**
 * A kiosk given several addresses (`/wall/<screen>?servers=https://vigie-rennes,https://vigie-mv`): when its own
 * server has not answered for a while, it moves to the next address of the list, which takes it on from there.
 * The list goes along, so that the next server can send the screen back the same way. Each address must have seen
 * the kiosk's token once (its cookie), as the kiosk guide says.
 */

/** How long a screen stays stale before it tries the next address: longer than a web process's restart. */
export const FAILOVER_AFTER_MS = 30_000;

/** The other addresses of a `servers=` list, as origins, without `current` and without duplicates. */
export function otherServers(list: string | null, current: string): string[] {
	const origins: string[] = [];
	for (const item of (list ?? '').split(',')) {
		try {
			const origin = new URL(item.trim()).origin;
			if (origin !== current && origin !== 'null' && !origins.includes(origin)) origins.push(origin);
		} catch {
			// not an address: ignored, the others still serve
		}
	}
	return origins;
}

/**
 * Where a stale screen goes: the same screen on the next address, carrying the list in the order that brings it
 * back here last. `null` without another address.
 */
export function failoverUrl(current: URL, list: string | null): string | null {
	const others = otherServers(list, current.origin);
	const [next, ...rest] = others;
	if (!next) return null;
	const target = new URL(current.pathname, next);
	for (const [name, value] of current.searchParams)
		if (name !== 'servers' && name !== 'token') target.searchParams.set(name, value);
	target.searchParams.set('servers', [...rest, current.origin].join(','));
	return target.href;
}
