import { DateTime } from 'luxon';
import { AUDIT_OUTCOMES, type AuditOutcome, type AuditQuery } from './audit.ts';

/** A week by default: what an administrator looks at first. */
const DEFAULT_DAYS = 7;
/** A longer range is a job for the export, not a page. */
export const MAX_LINES_SHOWN = 1000;

export class AuditQueryError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AuditQueryError';
	}
}

/** The filters as typed (a page's form, the CLI's options, the export's parameters), each optional. */
export interface AuditFilters {
	from?: string | null;
	to?: string | null;
	actor?: string | null;
	action?: string | null;
	outcome?: string | null;
}

function day(value: string, field: string, zone: string): DateTime {
	const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone }) : null;
	if (!parsed?.isValid) throw new AuditQueryError(`${field} must be a day like 2026-03-02, not "${value}"`);
	return parsed;
}

/** Local days `from`–`to` (both included) in `zone`, and the other filters, checked. */
export function readAuditFilters(
	filters: AuditFilters,
	zone: string,
	now = new Date()
): AuditQuery & {
	fromDay: string;
	toDay: string;
} {
	const today = DateTime.fromJSDate(now, { zone }).startOf('day');
	const to = filters.to ? day(filters.to, 'to', zone) : today;
	const from = filters.from ? day(filters.from, 'from', zone) : to.minus({ days: DEFAULT_DAYS - 1 });
	if (from > to) throw new AuditQueryError('from must not be after to');
	const outcome = filters.outcome || undefined;
	if (outcome !== undefined && !(AUDIT_OUTCOMES as readonly string[]).includes(outcome)) {
		throw new AuditQueryError(`outcome must be one of ${AUDIT_OUTCOMES.join(', ')}`);
	}
	return {
		from: from.toJSDate(),
		to: to.plus({ days: 1 }).toJSDate(),
		fromDay: from.toISODate()!,
		toDay: to.toISODate()!,
		actor: filters.actor?.trim() || undefined,
		action: filters.action?.trim() || undefined,
		outcome: outcome as AuditOutcome | undefined
	};
}

/** An instant as the site reads it: local time with its offset. */
export function localTime(at: Date, zone: string): string {
	return DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}
