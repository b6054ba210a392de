import { figures } from '../glossary.ts';
import type { wall as fr } from '../fr/wall.ts';

const f = figures.en;

export const wall: typeof fr = {
	connecting: 'Connecting to the server…',
	demo: 'DEMO',
	demoHint: 'Calls simulated by the built-in demo: these are not the floor’s figures.',
	stale: 'Figures frozen: connection lost, reconnecting…',
	staleSince: 'Figures frozen since {{time}}: connection lost, reconnecting…',
	tileStaleSince: 'frozen since {{time}}',
	screenGone: 'The screen “{{screen}}” was just deleted: trying again in 30 seconds.',
	noSuchScreen: 'There is no screen named “{{screen}}”.',
	noSuchScreenHint: 'An administrator creates screens in Administration › Wall screens; check this display’s address.',
	serverTrouble: 'The Vigie server is not answering properly.',
	serverTroubleHint: 'The figures come back as soon as it answers; nothing to do on this display.',
	retrying: 'Trying again every {{seconds}} seconds.',
	waiting: f.waiting.word,
	noQueue: 'No queue yet: queues appear with their first calls.',
	todaySince: 'Today since {{time}}',
	longestWaiting: f.longest_waiting_s.word,
	serviceLevel: 'SL in {{threshold}} s',
	serviceLevelShort: f.service_level.word,
	offered: f.offered.word,
	answered: f.answered.word,
	abandoned: f.abandoned.word,
	abandonRate: f.abandon_rate_pct.word,
	agentsReady: f.ready.agents,
	agentsTalking: f.talking.agents,
	agentsNotReady: f.not_ready.agents,
	agentsWork: f.work.agents,
	agentsLoggedIn: f.logged_in.agents,
	page: 'page {{page}} of {{pages}}',
	titles: { default: 'Queues', agents: 'Agents' },
	alarmFor: 'alarm for {{minutes}} min',
	scopeAll: 'every queue',
	scopeTeam: 'team {{team}}',
	scopeOne: 'its queue: {{queue}}',
	scopeMany: 'its {{count}} queues',
	urgent: 'Urgent',
	needed: 'need ',
	notReadyToday: 'today',
	total: 'All queues',
	level: { warn: 'watch', alarm: 'alarm' },
	noAgent: 'No agent logged in on these queues.',
	chartCalls: 'Calls per 15 minutes',
	chartServiceLevel: 'Service level per 15 minutes (%)',
	target: 'target',
	ticker: 'Messages',
	replay: {
		label: 'REPLAY',
		hint: 'figures of the past, not live',
		speed: 'speed ×{{speed}}',
		held: 'held instant',
		badTitle: 'This replay cannot be played.',
		problems: {
			format:
				'The date “{{value}}” cannot be read: write replay=YYYY-MM-DDTHH:MM (or HH:MM:SS), e.g. replay=2026-03-02T09:00.',
			noSuchTime: 'The time “{{value}}” never existed that day (the clocks went forward).',
			future: 'The instant “{{value}}” has not happened yet: a replay shows a past instant.',
			speed: 'The speed “{{value}}” is not valid: a number from 0 (held instant) to 3600, e.g. speed=60.'
		},
		badHint: 'Without “replay=” in the address, the screen shows live figures.'
	}
};
