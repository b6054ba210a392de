import type { wall as fr } from '../fr/wall.ts';

export const wall: typeof fr = {
	connecting: 'Connecting to the server…',
	stale: 'Figures frozen: connection lost, reconnecting…',
	waiting: 'waiting',
	noQueue: 'No queue yet: queues appear with their first calls.',
	todaySince: 'Today since {{time}}',
	longestWaiting: 'longest wait',
	serviceLevel: 'service in {{threshold}} s',
	serviceLevelShort: 'service level',
	offered: 'offered',
	answered: 'answered',
	abandoned: 'abandoned',
	abandonRate: 'abandoned',
	agentsReady: 'ready',
	agentsTalking: 'talking',
	agentsNotReady: 'not ready',
	level: { warn: 'watch', alarm: 'alarm' },
	noAgent: 'No agent logged in on these queues.',
	agentCount: '{{count}} agents logged in',
	state: {
		ready: 'Ready',
		not_ready: 'Not ready',
		reserved: 'Reserved',
		talking: 'Talking',
		work: 'Wrap-up'
	},
	chartCalls: 'Calls per 15 minutes',
	chartServiceLevel: 'Service level per 15 minutes (%)',
	target: 'target',
	ticker: 'Messages'
};
