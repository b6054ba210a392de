import { describe, expect, it } from 'vitest';
import { readQueueSettingsForm } from './queue-settings-form.ts';

const current = { slThresholdS: 20, shortAbandonS: 5, slVariant: 'sl_abandon_negative_pct' as const };
const form = (fields: Record<string, string>) => {
	const data = new FormData();
	const all = {
		queue: 'Support N1',
		sl_threshold_s: '20',
		short_abandon_s: '5',
		sl_variant: 'sl_abandon_negative_pct',
		...fields
	};
	for (const [name, value] of Object.entries(all)) data.set(name, value);
	return data;
};

describe('readQueueSettingsForm', () => {
	it('keeps only what changed, from now on by default', () => {
		expect(readQueueSettingsForm(form({ sl_threshold_s: '30' }), current, 'Europe/Paris')).toEqual({
			ok: true,
			queue: 'Support N1',
			changes: { slThresholdS: 30 },
			effectiveFrom: undefined,
			recomputePast: false
		});
	});

	it('reads a local date and time, and the confirmation to compute the past again', () => {
		const read = readQueueSettingsForm(
			form({ sl_variant: 'sl_handled_pct', from: '2026-11-26T08:00', recompute_past: 'yes' }),
			current,
			'Europe/Paris'
		);
		expect(read).toMatchObject({
			ok: true,
			changes: { slVariant: 'sl_handled_pct' },
			effectiveFrom: new Date('2026-11-26T07:00:00Z'),
			recomputePast: true
		});
	});

	it('states one rule per setting, as the command line and the database', () => {
		const error = (fields: Record<string, string>) =>
			(readQueueSettingsForm(form(fields), current, 'Europe/Paris') as { error: string }).error;
		expect(error({ sl_threshold_s: '0' })).toBe('slThreshold');
		expect(error({ sl_threshold_s: '3601' })).toBe('slThreshold');
		expect(error({ sl_threshold_s: '12.5' })).toBe('slThreshold');
		expect(error({ short_abandon_s: '-1' })).toBe('shortAbandon');
		expect(error({ sl_variant: 'sl_best' })).toBe('slVariant');
		expect(error({ sl_threshold_s: '30', from: 'hier' })).toBe('from');
		expect(error({ from: '2026-11-26T08:00' })).toBe('nothingToChange');
		expect(readQueueSettingsForm(form({ short_abandon_s: '0' }), current, 'Europe/Paris').ok).toBe(true);
	});
});
