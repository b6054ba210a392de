export function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `condition` holds (checked every `everyMs`); fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
	what: string,
	condition: () => Promise<T | false | null | undefined> | T | false | null | undefined,
	timeoutMs = 5000,
	everyMs = 20
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await condition();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await delay(everyMs);
	}
}
