/**
 * The acceptance test book (docs/fr/cahier-de-recette.md) names, for each requirement, the automated tests that
 * cover it. Each name must be a test that exists, word for word: renaming or removing a test without updating
 * the book fails here, so the book cannot drift from the suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/vigie-process.ts';

const BOOK = path.join(ROOT, 'docs/fr/cahier-de-recette.md');
const REFERENCE = /`(tests\/[^`]+\.(?:spec|test)\.ts)` › « ([^»]+?) »/g;

describe('the cahier de recette', () => {
	const book = fs.readFileSync(BOOK, 'utf8');
	const references = [...book.matchAll(REFERENCE)].map((m) => ({ file: m[1]!, title: m[2]! }));
	const requirements = book.split('\n').filter((line) => /^\| [A-Z]{3}-\d\d \|/.test(line));

	it('gives every requirement at least one automated test', () => {
		expect(requirements.length).toBeGreaterThan(20);
		for (const line of requirements) expect(line, line.slice(0, 60)).toMatch(REFERENCE);
	});

	it('names only tests that exist, word for word', () => {
		for (const { file, title } of references) {
			const source = path.join(ROOT, file);
			expect(fs.existsSync(source), `${file} exists`).toBe(true);
			const text = fs.readFileSync(source, 'utf8');
			expect(text.includes(`'${title}'`) || text.includes(`\`${title}\``), `${file} has a test « ${title} »`).toBe(
				true
			);
		}
	});
});
