import { admin } from './en/admin.ts';
import { figures } from './glossary.ts';
import { reports } from './en/reports.ts';
import { wall } from './en/wall.ts';
import type { Messages } from './fr.ts';

/** English: the types make a missing key a compile error. */
export const en: Messages = {
	app: { name: 'Vigie' },
	figures: figures.en,
	login: {
		title: 'Sign in',
		user: 'User name',
		password: 'Password',
		wrongPassword: 'Wrong user name or password.',
		kiosk: 'Wall screen or script: sign in with a token',
		token: 'Access token',
		submit: 'Sign in',
		signOut: 'Sign out',
		unknownToken: 'Unknown or revoked token.',
		throttled: 'Too many failed attempts: try again in {{wait}}.',
		signedInAs: 'Signed in: {{name}} ({{role}})',
		forget: 'Forget this token',
		hint: 'An administrator creates tokens with {{command}}. A wall screen opens once with {{url}}, then stays signed in.'
	},
	roles: {
		viewer: 'viewer',
		supervisor: 'supervisor',
		manager: 'manager',
		admin: 'administrator',
		ingest: 'event sender'
	},
	home: {
		wallDefault: 'Wall screen “default”',
		wallDefaultHint: 'every queue, live',
		reports: 'Reports',
		reportsHint: 'days and intervals per queue and per agent, CSV exports',
		screens: 'Wall screens',
		screensHint: 'layouts, queues, rotation and thresholds (administrators)',
		ticker: 'Ticker messages',
		tickerHint: 'the messages that scroll on the screens (supervisors)',
		thresholds: 'Thresholds per queue',
		thresholdsHint: 'amber and red, queue by queue',
		queues: 'Queue settings',
		queuesHint: 'service-level threshold, short abandons, variant shown',
		people: 'People',
		peopleHint: 'accounts, roles, disabling, passwords',
		tokens: 'Access tokens',
		tokensHint: 'wall screens and connectors: creation, last use, revocation',
		audit: 'Audit trail',
		auditHint: 'who did what, when, from where'
	},
	problem: {
		forbidden: 'Access denied',
		forbiddenHint: 'This page needs a role this account does not have; an administrator can give it.',
		notFound: 'Page not found',
		notFoundHint: 'This address leads to no page of Vigie. Check the address, or start again from the home page.',
		serverError: 'The server could not answer',
		serverErrorHint: 'Try again in a moment; if it lasts, tell the operations team.',
		home: 'Vigie home'
	},
	wall,
	reports,
	admin
};
