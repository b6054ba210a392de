/**
 * The one reader of source timestamps that carry no zone of their own: Cisco UCCX's Informix datetimes
 * (`2026-03-02 08:15:00.123`, `datetime year to fraction(3)` or `year to second`), the same through ODBC (which
 * gives up to microseconds), and ISO 8601 with or without an offset (Finesse, CSV exports re-saved by a
 * spreadsheet). The caller says which zone a zone-less text is in; UCCX's historical tables are UTC.
 */

export class TimestampError extends Error {}

const TIMESTAMP =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Epoch milliseconds of `text`, read as UTC unless it carries an offset (or `Z`). Fractions beyond milliseconds
 * are cut, not rounded, so that two readings of one instant through different drivers agree. Anything else (a
 * locale format such as 02/03/2026 08:15, an impossible date, a bare date) throws a `TimestampError` naming
 * `what`.
 */
export function parseUtcTimestamp(text: string, what = 'timestamp'): number {
	const m = TIMESTAMP.exec(text.trim());
	const fail = () => new TimestampError(`${what} is not a timestamp like 2026-03-02 08:15:00.123 (UTC): "${text}"`);
	if (!m) throw fail();
	const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
		number,
		number,
		number,
		number,
		number
	];
	const second = Number(m[6] ?? '0');
	const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
	const wallClock = Date.UTC(year, month - 1, day, hour, minute, second, ms);
	const check = new Date(wallClock);
	if (
		check.getUTCFullYear() !== year ||
		check.getUTCMonth() !== month - 1 ||
		check.getUTCDate() !== day ||
		check.getUTCHours() !== hour ||
		check.getUTCMinutes() !== minute ||
		check.getUTCSeconds() !== second
	) {
		throw fail();
	}
	const zone = (m[8] ?? 'Z').toUpperCase();
	if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return wallClock;
	const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
	if (!offset) throw fail();
	const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? '0');
	if (minutes > 18 * 60) throw fail();
	return wallClock - (offset[1] === '-' ? -1 : 1) * minutes * 60_000;
}

/**
 * RFC 3339 text of an instant, in UTC, with `micros` extra microseconds (0–999) after its milliseconds: sources
 * use them to keep the order of two changes written in the same millisecond (see the UCCX translation).
 */
export function rfc3339(ms: number, micros = 0): string {
	const text = new Date(ms).toISOString();
	if (micros === 0) return text;
	if (!Number.isInteger(micros) || micros < 0 || micros > 999) throw new RangeError(`micros must be 0–999: ${micros}`);
	return `${text.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}
