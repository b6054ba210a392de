/**
 * A path of this site to go back to after signing in, or `/`. Resolving against our own origin catches every
 * way of writing another site (`//evil`, `/\evil`, `https:evil`), which browsers would follow.
 */
export function sameSitePath(next: string | null | undefined, origin: URL): string {
	if (!next) return '/';
	try {
		const target = new URL(next, origin);
		return target.origin === origin.origin ? target.pathname + target.search : '/';
	} catch {
		return '/';
	}
}
