import { localInstant } from '../../domain/periods.ts';
import { isSlVariant, SETTING_LIMITS, type QueueSettings } from '../aggregates/queue-settings.ts';

/** What the admin page's form asks for, or which field is wrong (a key of `admin.queues.errors`). */
export type QueueSettingsForm =
	| {
			ok: true;
			queue: string;
			/** Only the settings that differ from those in force. */
			changes: Partial<QueueSettings>;
			/** From when (local `YYYY-MM-DDTHH:MM` of a datetime-local input); undefined: now. */
			effectiveFrom: Date | undefined;
			/** The administrator confirmed that figures already reported are computed again. */
			recomputePast: boolean;
	  }
	| { ok: false; queue: string; error: 'slThreshold' | 'shortAbandon' | 'slVariant' | 'from' | 'nothingToChange' };

const whole = (text: string, { min, max }: { min: number; max: number }) => {
	const n = Number(text.trim());
	return /^\d+$/.test(text.trim()) && n >= min && n <= max ? n : null;
};

/**
 * Reads the queue settings form against the settings in force: one rule per setting (SETTING_LIMITS, as the CLI
 * and the database), and an empty date for "from now on".
 */
export function readQueueSettingsForm(form: FormData, current: QueueSettings, zone: string): QueueSettingsForm {
	const text = (name: string) => String(form.get(name) ?? '');
	const queue = text('queue');
	const slThresholdS = whole(text('sl_threshold_s'), SETTING_LIMITS.slThresholdS);
	if (slThresholdS === null) return { ok: false, queue, error: 'slThreshold' };
	const shortAbandonS = whole(text('short_abandon_s'), SETTING_LIMITS.shortAbandonS);
	if (shortAbandonS === null) return { ok: false, queue, error: 'shortAbandon' };
	const slVariant = text('sl_variant');
	if (!isSlVariant(slVariant)) return { ok: false, queue, error: 'slVariant' };
	const fromText = text('from').trim().replace('T', ' ');
	const effectiveFrom = fromText === '' ? undefined : localInstant(fromText, zone);
	if (effectiveFrom === null) return { ok: false, queue, error: 'from' };

	const changes: Partial<QueueSettings> = {
		...(slThresholdS !== current.slThresholdS && { slThresholdS }),
		...(shortAbandonS !== current.shortAbandonS && { shortAbandonS }),
		...(slVariant !== current.slVariant && { slVariant })
	};
	// A date alone changes nothing: re-applying the same settings from a past date is not a change.
	if (Object.keys(changes).length === 0) return { ok: false, queue, error: 'nothingToChange' };
	return { ok: true, queue, changes, effectiveFrom, recomputePast: text('recompute_past') === 'yes' };
}
