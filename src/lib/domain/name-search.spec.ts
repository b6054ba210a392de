import { describe, expect, it } from 'vitest';
import { matchNames, searchKey, suggestNames } from './name-search.ts';

const AGENTS = ['marie.martin', 'paul.martin', 'Élodie.Durand', 'jean-luc.petit'];
const QUEUES = ['Comptes et accès', 'Support N1', 'Support N2'];

describe('finding a queue or an agent from what a person types', () => {
	it('sets case, accents and separators aside', () => {
		expect(searchKey('  Élodie.DURAND ')).toBe('elodie durand');
		expect(matchNames('marie martin', AGENTS)).toEqual(['marie.martin']);
		expect(matchNames('elodie durand', AGENTS)).toEqual(['Élodie.Durand']);
		expect(matchNames('comptes et acces', QUEUES)).toEqual(['Comptes et accès']);
	});

	it('takes a part of a name for every name that holds it', () => {
		expect(matchNames('martin', AGENTS)).toEqual(['marie.martin', 'paul.martin']);
		expect(matchNames('support', QUEUES)).toEqual(['Support N1', 'Support N2']);
		expect(matchNames('jean luc', AGENTS)).toEqual(['jean-luc.petit']);
		expect(matchNames('Support N1', QUEUES)).toEqual(['Support N1']);
	});

	it('matches nothing for a typo, and suggests the nearest names instead', () => {
		expect(matchNames('marie martine', AGENTS)).toEqual([]);
		expect(suggestNames('marie martine', AGENTS)).toEqual(['marie.martin']);
		expect(suggestNames('suport n1', QUEUES)).toEqual(['Support N1', 'Support N2']);
		expect(suggestNames('zorglub', AGENTS)).toEqual([]);
		expect(matchNames('   ', AGENTS)).toEqual([]);
	});
});
