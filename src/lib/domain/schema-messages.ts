import type { z } from 'zod';

/**
 * The schema library's refusals in people's words (issue 13, item 7): what a value must be, never "Invalid input:
 * expected string, received undefined". Passed as the `error` of a `safeParse`, it words every issue that its
 * schema does not word itself; the caller puts the field's name in front ("agent is required", "PORT must be …").
 * This one repeats what was given ("queue must be text, not 42").
 */
export const peopleErrors: z.core.$ZodErrorMap = (issue) => words(issue, true);

/** The same, without repeating what was given: for callers that show it themselves (configuration variables). */
export const peopleRules: z.core.$ZodErrorMap = (issue) => words(issue, false);

function words(issue: z.core.$ZodRawIssue, withInput: boolean): string {
	const given = withInput ? `, not ${describeInput(issue.input)}` : '';
	switch (issue.code) {
		case 'invalid_type':
			if (issue.input === undefined) return 'is required';
			return `must be ${KINDS[issue.expected] ?? issue.expected}${given}`;
		case 'invalid_value':
			return `must be ${alternatives(issue.values.map(String))}${given}`;
		case 'too_small':
			return bound('at least', issue.origin, Number(issue.minimum), issue.inclusive !== false);
		case 'too_big':
			return bound('at most', issue.origin, Number(issue.maximum), issue.inclusive !== false);
		case 'invalid_format':
			return 'is not in the expected form';
		case 'unrecognized_keys':
			return `has unknown field(s): ${issue.keys.join(', ')}`;
		default:
			return 'is not valid';
	}
}

const KINDS: Record<string, string> = {
	string: 'text',
	number: 'a number',
	int: 'a whole number',
	boolean: 'true or false',
	array: 'a list',
	object: 'an object',
	date: 'a date'
};

function describeInput(input: unknown): string {
	if (input === null) return 'null';
	if (typeof input === 'number' && Number.isNaN(input)) return 'something that is not a number';
	if (typeof input === 'string') return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
	if (Array.isArray(input)) return 'a list';
	if (typeof input === 'object') return 'an object';
	return String(input);
}

/** "a, b or c". */
export function alternatives(values: string[]): string {
	return values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

function bound(which: 'at least' | 'at most', origin: string, limit: number, inclusive: boolean): string {
	if (origin === 'string') {
		return which === 'at least' && limit === 1 ? 'must not be empty' : `must be ${which} ${limit} characters`;
	}
	if (origin === 'array' || origin === 'set') return `must hold ${which} ${limit} item(s)`;
	if (!inclusive) return `must be ${which === 'at least' ? 'more' : 'less'} than ${limit}`;
	return `must be ${which} ${limit}`;
}
