import { z } from 'zod';
import { peopleErrors } from './schema-messages.ts';

/** The canonical event of the contract (§1): every source is turned into these. */

export const CALL_EVENT_TYPES = [
	'call.queued',
	'call.answered',
	'call.abandoned',
	'call.dequeued',
	'call.ended'
] as const;
export const EVENT_TYPES = [...CALL_EVENT_TYPES, 'agent.state'] as const;
export const AGENT_STATES = ['logged_out', 'not_ready', 'ready', 'reserved', 'talking', 'work'] as const;

export type CallEventType = (typeof CALL_EVENT_TYPES)[number];
export type EventType = (typeof EVENT_TYPES)[number];
export type AgentState = (typeof AGENT_STATES)[number];

/** Events from before any contact center ran Vigie, or more than a day ahead, are impossible values. */
const EARLIEST_EVENT = Date.parse('2000-01-01T00:00:00Z');
const MAX_FUTURE_MS = 24 * 3600 * 1000;

/**
 * Text PostgreSQL can store: no NUL character and well-formed UTF-16 (no lone surrogate). Anything else would
 * fail the whole request at the database instead of failing its own line here.
 */
const storableText = () =>
	z
		.string()
		.refine((text) => !text.includes('\u0000'), 'must not contain a NUL character')
		.refine((text) => text.isWellFormed(), 'must be valid Unicode text');

/**
 * Unicode's bidirectional controls (embeddings, overrides, isolates, marks): in a name they make a screen show
 * text reversed or reordered (a queue named "\u202Eeuqsed" reads "desque"), so names keep none of them.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const name = () =>
	storableText()
		.transform((text) => text.replace(BIDI_CONTROLS, ''))
		.pipe(z.string().trim().min(1).max(128));

/** PostgreSQL's timestamptz takes offsets up to ±15:59; real zones stay within ±14:00. */
const MAX_OFFSET_MINUTES = 15 * 60 + 59;

function offsetMinutes(text: string): number {
	const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
	return offset ? Number(offset[2]) * 60 + Number(offset[3]) : 0;
}

function timestamp(now: () => number) {
	return z.iso
		.datetime({
			offset: true,
			error: 'must be an RFC 3339 timestamp with an offset, e.g. 2026-03-02T08:15:00.250+01:00'
		})
		.refine((text) => offsetMinutes(text) <= MAX_OFFSET_MINUTES, 'has an offset beyond ±15:59')
		.refine((text) => Date.parse(text) >= EARLIEST_EVENT, 'is before 2000-01-01')
		.refine((text) => Date.parse(text) <= now() + MAX_FUTURE_MS, 'is more than a day in the future');
}

/** The caller's number (contract §1): free text as the telephony writes it, e.g. `+33 2 99 00 00 00`. */
const callerNumber = storableText().trim().max(32, 'must be at most 32 characters');

function eventSchema(now: () => number) {
	const base = { id: storableText().min(1).max(128), at: timestamp(now), reason: name().optional() };
	const call = { ...base, call: name(), queue: name() };
	return z.discriminatedUnion(
		'type',
		[
			z.object({ ...call, type: z.literal('call.queued'), caller: callerNumber.optional() }),
			z.object({ ...call, type: z.literal('call.answered'), agent: name() }),
			z.object({ ...call, type: z.literal('call.abandoned') }),
			z.object({ ...call, type: z.literal('call.dequeued') }),
			z.object({ ...call, type: z.literal('call.ended'), agent: name() }),
			z.object({
				...base,
				type: z.literal('agent.state'),
				agent: name(),
				state: z.enum(AGENT_STATES),
				queues: z.array(name()).max(200).optional()
			})
		],
		{ error: () => `type must be one of ${EVENT_TYPES.join(', ')}` }
	);
}

export type VigieEvent = z.infer<ReturnType<typeof eventSchema>>;
export type CallEvent = Extract<VigieEvent, { type: CallEventType }>;
export type AgentStateEvent = Extract<VigieEvent, { type: 'agent.state' }>;

export type EventCheck = { ok: true; event: VigieEvent } | { ok: false; error: string };

const defaultSchema = eventSchema(Date.now);

/** Validates one decoded JSON value as a canonical event; the error names every bad field. */
export function checkEvent(value: unknown, schema = defaultSchema): EventCheck {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return { ok: false, error: 'an event must be a JSON object' };
	}
	const parsed = schema.safeParse(value, { error: peopleErrors });
	if (parsed.success) return { ok: true, event: parsed.data };
	const type = (value as { type?: unknown }).type;
	// "agent is required for call.answered", "caller must be at most 32 characters": the field, then the rule.
	const problems = parsed.error.issues.map((issue) => {
		if (issue.path.length === 0 || issue.path[0] === 'type') return issue.message;
		const field = issue.path.join('.');
		return issue.message === 'is required' && typeof type === 'string'
			? `${field} is required for ${type}`
			: `${field} ${issue.message}`;
	});
	return { ok: false, error: [...new Set(problems)].join('; ') };
}

/** A schema whose "now" is fixed, for tests and replays of old files. */
export function eventSchemaAt(now: () => number) {
	return eventSchema(now);
}
