import type { Messages } from './fr.ts';

/** English: the type makes a missing key a compile error. */
export const en: Messages = {
	app: { name: 'Vigie' },
	login: {
		title: 'Sign in',
		token: 'Access token',
		submit: 'Sign in',
		unknownToken: 'Unknown or revoked token.',
		hint: 'An administrator creates tokens with {{command}}. A wall screen opens once with {{url}}, then stays signed in.'
	},
	home: { wallDefault: 'Wall screen “default”', wallDefaultHint: 'every queue, live' },
	wall: {
		connecting: 'Connecting to the server…',
		stale: 'Figures frozen: connection lost, reconnecting…',
		waiting: 'waiting',
		noQueue: 'No queue yet: queues appear with their first calls.'
	}
};
