/** One line of input on its way to the intake: decoded JSON, or why it could not be decoded. */
export interface IntakeItem {
	/** 1-based line number (NDJSON) or element number (JSON array), for the sender's error report. */
	line: number;
	/** The line as received; absent for events handed over in memory, written out only if they are rejected. */
	raw?: string;
	value?: unknown;
	error?: string;
}

/** Splits NDJSON into items; blank lines are skipped but still counted, so line numbers match the sender's file. */
export function decodeNdjson(text: string): IntakeItem[] {
	const items: IntakeItem[] = [];
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i]!.replace(/\r$/, '');
		if (raw.trim() === '') continue;
		items.push(decodeLine(raw, i + 1));
	}
	return items;
}

/**
 * An event is a flat object (its deepest part, `queues`, is two levels down): anything nested far deeper is
 * refused before it is parsed, as every later step that walks it (validation, a dead letter's JSON) would recurse
 * that deep and could exhaust the stack.
 */
export const MAX_JSON_DEPTH = 32;

/** Whether `text`'s arrays and objects nest deeper than `max`, strings skipped; one pass, no parsing. */
export function nestsDeeperThan(text: string, max: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c)
				i++; // backslash: skip the escaped character
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x5b || c === 0x7b) {
			if (++depth > max) return true;
		} else if (c === 0x5d || c === 0x7d) depth--;
	}
	return false;
}

const TOO_DEEP = `nested deeper than ${MAX_JSON_DEPTH} levels: an event is a flat JSON object`;

export function decodeLine(raw: string, line: number): IntakeItem {
	if (nestsDeeperThan(raw, MAX_JSON_DEPTH)) return { line, raw, error: TOO_DEEP };
	try {
		return { line, raw, value: JSON.parse(raw) };
	} catch (error) {
		return { line, raw, error: `not valid JSON: ${(error as Error).message}` };
	}
}

/** A JSON array body: each element is an item numbered from 1. A body that is not an array is one error. */
export function decodeJsonArray(text: string): IntakeItem[] | { error: string } {
	if (nestsDeeperThan(text, MAX_JSON_DEPTH + 1)) return { error: `the body is ${TOO_DEEP}` };
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		return { error: `the body is not valid JSON: ${(error as Error).message}` };
	}
	if (!Array.isArray(parsed)) return { error: 'a JSON body must be an array of events' };
	return itemsFromValues(parsed);
}

/**
 * Events already in memory (the simulator, adapters) enter the intake the same way as posted lines. NOTE: their
 * JSON is only written out for a dead letter: writing it for every event cost 2.4 µs an event (measured on the
 * busy day of the ingestion benchmark), about as much as PostgreSQL takes to store one.
 */
export function itemsFromValues(values: readonly unknown[]): IntakeItem[] {
	return values.map((value, i) => ({ line: i + 1, value }));
}

/** Chooses the decoding from the content type, falling back on the body's first character. */
export function decodeBody(text: string, contentType: string | null): IntakeItem[] | { error: string } {
	const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
	if (type === 'application/json' || (type !== 'application/x-ndjson' && text.trimStart().startsWith('['))) {
		return decodeJsonArray(text);
	}
	return decodeNdjson(text);
}
