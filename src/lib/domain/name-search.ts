import { distance } from 'fastest-levenshtein';

/**
 * Finding a queue or an agent from what a person types: "marie martin" finds `marie.martin`, "comptes acces" finds
 * "Comptes et accès", and a name that matches nothing gets the nearest names as suggestions, never an empty report.
 */

/** What a name is compared by: no case, no accents, and `.`, `_`, `-` and runs of spaces as one space. */
export function searchKey(name: string): string {
	return name
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[\s._\-/]+/g, ' ')
		.trim();
}

/**
 * The known names a typed one stands for: the name itself when it is one; else those equal to it once case,
 * accents and separators are set aside; else those that hold all its words ("martin" → every Martin).
 */
export function matchNames(typed: string, known: readonly string[]): string[] {
	if (known.includes(typed)) return [typed];
	const key = searchKey(typed);
	if (key === '') return [];
	const same = known.filter((name) => searchKey(name) === key);
	if (same.length > 0) return same;
	const words = key.split(' ');
	return known.filter((name) => {
		const nameKey = searchKey(name);
		return words.every((word) => nameKey.includes(word));
	});
}

/** How far a typed name may be from a known one to be suggested: a slip of a key or two, more for long names. */
const tolerance = (key: string) => Math.max(2, Math.floor(key.length / 4));

/** The known names nearest a typed one that matched none, nearest first (at most `limit`). */
export function suggestNames(typed: string, known: readonly string[], limit = 3): string[] {
	const key = searchKey(typed);
	if (key === '') return [];
	return known
		.map((name) => {
			const nameKey = searchKey(name);
			// A name compared whole, and word by word ("marie martine" is one slip from the word pair "marie martin").
			const far = Math.min(distance(key, nameKey), ...nameKey.split(' ').map((word) => distance(key, word)));
			return { name, far };
		})
		.filter(({ far }) => far <= tolerance(key))
		.sort((a, b) => a.far - b.far || a.name.localeCompare(b.name))
		.slice(0, limit)
		.map(({ name }) => name);
}
