import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { figures } from './glossary.ts';
import { translator } from './i18n.ts';

/** Every message of a language as `[key, text]`, figures' names included. */
const messages = (o: object, prefix = ''): [string, string][] =>
	Object.entries(o).flatMap(([k, v]) =>
		typeof v === 'object' ? messages(v, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)] as [string, string]]
	);

describe('i18n', () => {
	it('speaks French by default and English on request, with interpolation', () => {
		expect(translator('fr')('wall.waiting')).toBe('en attente');
		expect(translator('en')('wall.waiting')).toBe('waiting');
		expect(translator('en')('login.hint', { command: 'X', url: 'Y' })).toContain('with X');
	});

	it('has the same keys in both languages', () => {
		expect(messages(en).map(([key]) => key)).toEqual(messages(fr).map(([key]) => key));
	});

	it('checks keys at compile time', () => {
		// The directive is the test: were keys untyped, `npm run check` would fail on an unused @ts-expect-error.
		// @ts-expect-error — no such key
		expect(translator('fr')('wall.noSuchKey')).toBe('wall.noSuchKey');
	});
});

describe('glossary', () => {
	it('names each figure once: no two figures share a label or a word', () => {
		for (const terms of Object.values(figures)) {
			const labels = Object.values(terms).map((term) => term.label);
			const words = Object.values(terms).map((term) => term.word);
			expect(new Set(labels).size).toBe(labels.length);
			expect(new Set(words).size).toBe(words.length);
		}
	});

	it('is what the wall, the reports and the admin say', () => {
		const t = translator('fr');
		expect(t('figures.answered.label')).toBe('Traités');
		expect(t('wall.answered')).toBe(figures.fr.answered.word);
		expect(t('wall.agentsNotReady')).toBe('en retrait');
		expect(t('wall.agentsTalking')).toBe(figures.fr.talking.agents);
		expect(t('admin.thresholds.metrics.waiting')).toBe('Appels en attente');
		expect(t('figures.asa_s.word')).toBe('délai moyen de réponse (DMR)');
		expect(translator('en')('figures.answered.label')).toBe('Handled');
	});

	// One term per figure: the synonyms we chose against must not come back through another page's text.
	it.each([
		['fr', fr, /répondu|pause|\bASA\b|\ben appel\b|conversation|retiré|\bprêt\b/i],
		['en', en, /\banswered\b|wrap-?up|\bbreak\b/i]
	])('keeps rejected synonyms out of every %s message', (_, language, synonyms) => {
		const offending = messages(language).filter(([, text]) => synonyms.test(text));
		expect(offending).toEqual([]);
	});
});
