import { describe, expect, it } from 'vitest';
import { figureFormat, instantLabel, labelNeeds, longDay, longInstant, periodLabel, shortDay } from './format.ts';

describe('report figures on screen', () => {
	it('writes French numbers, durations, and a dash for an empty figure', () => {
		const f = figureFormat('fr');
		expect(f.count(12345)).toBe('12\u202f345');
		expect(f.percent(66.6667)).toBe('66,7 %');
		expect(f.percent(null)).toBe('–');
		expect(f.duration(12.4)).toBe('0:12');
		expect(f.duration(3725)).toBe('1:02:05');
		expect(f.duration(null)).toBe('–');
		expect(figureFormat('en').percent(66.6667)).toBe('66.7 %');
	});

	it('tells the two 02:00 of an autumn DST day apart by their offset', () => {
		const periods = ['2026-10-25T01:00:00+02:00', '2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+01:00'];
		const needs = labelNeeds(periods);
		expect(needs).toEqual({ day: false, offset: true });
		expect(periods.map((p) => periodLabel(p, '60', needs))).toEqual([
			'01:00 UTC+02:00',
			'02:00 UTC+02:00',
			'02:00 UTC+01:00'
		]);
		expect(periodLabel('2026-03-02T08:15:00+01:00', '15')).toBe('08:15');
		expect(periodLabel('2026-03-02T00:00:00+01:00', 'day')).toBe('2026-03-02');
		expect(instantLabel('2026-03-02T08:15:42.5+01:00', { day: true, offset: false })).toBe('2026-03-02 08:15:42');
	});

	it('writes days as people do: "jeudi 26 novembre 2026", and short enough for a column', () => {
		expect(longDay('2026-11-26', 'fr')).toBe('jeudi 26 novembre 2026');
		expect(longDay('2026-11-26', 'en')).toBe('Thursday, 26 November 2026');
		expect(shortDay('2026-11-26', 'fr')).toBe('jeu. 26/11/2026');
		expect(longInstant('2026-03-03T09:00:00+01:00', 'fr')).toBe('mardi 3 mars 2026 à 09:00');
	});
});
