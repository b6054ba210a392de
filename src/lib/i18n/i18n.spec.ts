import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { translator } from './i18n.ts';

describe('i18n', () => {
	it('speaks French by default and English on request, with interpolation', () => {
		expect(translator('fr')('wall.waiting')).toBe('en attente');
		expect(translator('en')('wall.waiting')).toBe('waiting');
		expect(translator('en')('login.hint', { command: 'X', url: 'Y' })).toContain('with X');
	});

	it('has the same keys in both languages', () => {
		const keys = (o: object, prefix = ''): string[] =>
			Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
		expect(keys(en)).toEqual(keys(fr));
	});
});
