import type { admin as fr } from '../fr/admin.ts';
import { figures } from '../glossary.ts';

const f = figures.en;

export const admin: typeof fr = {
	title: 'Administration',
	screens: {
		title: 'Wall screens',
		intro: 'Each screen has a layout, a set of queues, and may rotate with other screens.',
		name: 'Name (letters, digits, - and _)',
		displayTitle: 'Title shown (empty: the name)',
		layout: 'Layout',
		layouts: { queues: 'Queue overview', agents: 'Agent board', charts: 'Intraday charts' },
		queues: 'Queues shown (none ticked: all)',
		allQueues: 'every queue',
		rotation: 'Then, in turn',
		rotateEvery: 'Time on each screen (seconds)',
		save: 'Save',
		delete: 'Delete',
		open: 'Open',
		edit: 'Edit',
		new: 'New screen',
		saved: 'Saved: open screens update by themselves.'
	},
	queues: {
		title: 'Queue settings',
		intro:
			'A change holds from now on (from the current quarter hour): figures already computed, and reports already sent, keep the settings they had. Making it start at a past date computes the figures again from that date: it must be confirmed.',
		threshold: `${f.sl_threshold_s.label} (s, 1 to 3600)`,
		shortAbandon: 'Short abandon threshold (s, 0 to 3600; 0: none)',
		variant: 'Service level shown on the screens',
		from: 'From (empty: now)',
		save: 'Save',
		history: 'History',
		noHistory: 'Original settings, never changed.',
		since: 'since {{when}}',
		sinceStart: 'originally',
		by: 'by {{who}}',
		saved: '“{{queue}}”: settings changed from {{when}}; {{periods}} quarter hour(s) computed again.',
		confirmTitle: 'Compute the past again?',
		confirmText:
			'The figures of “{{queue}}” since {{when}} ({{periods}} quarter hour(s)), already computed and perhaps already sent, will be computed again with the new settings. The audit trail keeps it.',
		confirm: 'Compute again from that date',
		cancel: 'Cancel',
		errors: {
			slThreshold: 'The SL threshold is a whole number of seconds, 1 to 3600.',
			shortAbandon: 'The short abandon threshold is a whole number of seconds, 0 to 3600.',
			slVariant: 'Unknown service level variant.',
			from: 'Not a date: choose a day and time, or leave it empty for now.',
			nothingToChange: 'Nothing to change: change the SL threshold, the short abandon or the variant.',
			future: 'A change holds from now or from a past date, not a future one.',
			unknownQueue: 'Unknown queue.',
			beforeRetention:
				'The calls before {{when}} are purged (retention period): their figures can no longer be computed again; choose a later date.'
		}
	},
	thresholds: {
		title: 'Thresholds per queue',
		intro:
			'Amber from the “watch” threshold, red from the “alarm” threshold. For service level less is worse: the alarm sits below the watch. Leave empty for the defaults.',
		queue: 'Queue',
		warn: 'watch',
		alarm: 'alarm',
		default: 'default',
		defaults: 'Product defaults',
		inherited: 'empty: inherits the default',
		save: 'Save the grid',
		saved: 'Thresholds saved: open screens update by themselves.',
		cellError: '{{queue}} · {{metric}}: {{error}}',
		noQueue: 'No known queue yet: queues appear with their first calls.',
		metrics: {
			waiting: f.waiting.label,
			longest_waiting_s: `${f.longest_waiting_s.label} (s)`,
			service_level_pct: `${f.service_level.label} (%)`,
			abandon_rate_pct: `${f.abandon_rate_pct.label} (%)`
		}
	},
	ticker: {
		title: 'Ticker messages',
		intro: 'One line crossing the foot of the screens.',
		text: 'Message',
		screen: 'Screen',
		everyScreen: 'every screen',
		hours: 'Lifetime (hours, 0: until deleted)',
		add: 'Publish',
		expires: 'until {{time}}',
		none: 'No message.'
	},
	audit: {
		title: 'Audit trail',
		intro:
			'Sign-ins good and refused, sign-outs, people, tokens, configuration and exports: who, what, when, from where.',
		from: 'From',
		to: 'to',
		actor: 'Actor',
		action: 'Action',
		outcome: 'Outcome',
		any: 'any',
		show: 'Show',
		download: 'Download as CSV',
		none: 'Nothing in the trail for these filters.',
		truncated: 'Only the {{count}} most recent lines are shown: narrow the filters or download the CSV.',
		columns: { at: 'Time', actor: 'Actor', action: 'Action', target: 'On', address: 'Address', outcome: 'Outcome' },
		outcomes: { ok: 'ok', refused: 'refused', locked: 'locked' },
		actions: {
			'sign-in': 'sign-in',
			'sign-out': 'sign-out',
			'token.use': 'token used',
			'token.create': 'token created',
			'token.revoke': 'token revoked',
			'user.create': 'person created',
			'user.disable': 'person disabled',
			'user.enable': 'person enabled',
			'user.role': 'role changed',
			'user.passwd': 'password changed',
			'user.sign-out': 'sessions closed',
			'screen.save': 'screen saved',
			'screen.delete': 'screen deleted',
			'threshold.save': 'threshold saved',
			'ticker.add': 'message published',
			'ticker.delete': 'message deleted',
			'queue.settings': 'queue settings',
			'retention.purge': 'purge of old data',
			export: 'export',
			'audit.read': 'trail read'
		},
		errors: { filters: 'Invalid filters: {{message}}' }
	},
	errors: {
		unknownQueue: 'This queue does not exist (yet): choose among the known queues.',
		screenTitle: 'A title of at most 60 characters.',
		screenName: 'Invalid or unknown screen name.',
		layout: 'Unknown layout.',
		rotateEvery: 'From 5 to 3600 seconds.',
		threshold: 'Two numbers, or two empty boxes.',
		thresholdOrder: 'Thresholds in the wrong order.',
		tickerText: 'A message of 1 to 280 characters.',
		tickerHours: 'A lifetime of 0 to 744 hours.'
	}
};
