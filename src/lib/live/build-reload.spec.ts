import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUILD_RELOAD_MIN_INTERVAL_MS, reloadForNewBuild } from './live-connection.ts';

/** The page's sessionStorage, as far as the rule needs it. */
function memoryStorage(): Storage {
	const items = new Map<string, string>();
	return {
		get length() {
			return items.size;
		},
		clear: () => items.clear(),
		getItem: (key) => items.get(key) ?? null,
		key: (i) => [...items.keys()][i] ?? null,
		removeItem: (key) => void items.delete(key),
		setItem: (key, value) => void items.set(key, value)
	};
}

describe('reloading for a new build', () => {
	beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
	afterEach(() => vi.useRealTimers());

	it('reloads at once, then not again within a minute (two builds side by side must not loop)', () => {
		const storage = memoryStorage();
		const reload = vi.fn();
		expect(reloadForNewBuild(storage, reload)).toBe(true);
		vi.advanceTimersByTime(BUILD_RELOAD_MIN_INTERVAL_MS - 1);
		expect(reloadForNewBuild(storage, reload)).toBe(false);
		vi.advanceTimersByTime(1);
		expect(reloadForNewBuild(storage, reload)).toBe(true);
		expect(reload).toHaveBeenCalledTimes(2);
	});
});
