import type { reports as fr } from '../fr/reports.ts';

export const reports: typeof fr = {
	title: 'Reports',
	intro: 'Queue and agent statistics, by day or by interval, in the {{zone}} time zone.',
	nav: {
		index: 'All reports',
		queuesDaily: 'Daily queue summary',
		queuesDailyHint: 'offered, handled, abandoned calls, service levels, ASA',
		queuesIntervals: 'Queue activity by interval',
		queuesIntervalsHint: 'the same figures per 15, 30 or 60 minutes',
		agents: 'Agent states',
		agentsHint: 'time in each state and calls handled, by agent and by interval',
		notReady: 'Not-ready reasons',
		notReadyHint: 'not-ready time by agent and reason',
		abandoned: 'Abandoned calls',
		abandonedHint: 'every caller who hung up while waiting: queue, time, wait, number to call back'
	},
	filters: {
		from: 'From',
		to: 'to',
		interval: 'Interval',
		queues: 'Queues',
		allQueues: 'all queues',
		agent: 'Agent',
		allAgents: 'all agents',
		show: 'Show',
		yesterday: 'Yesterday',
		today: 'Today'
	},
	intervals: { '15': '15 minutes', '30': '30 minutes', '60': '1 hour', day: 'Day' },
	actions: {
		download: 'Download (CSV)',
		downloadExcel: 'Download (French Excel)',
		print: 'Print'
	},
	columns: {
		period: 'Period',
		day: 'Day',
		seconds: 'Time',
		share: 'Share of not ready',
		wait: 'Wait before hanging up',
		short: 'Short abandon'
	},
	legend: {
		empty: '“–”: no value (no call to compute it from).'
	},
	total: 'Total',
	allQueuesTotal: 'All queues',
	byDay: 'By day',
	byQueue: 'By queue',
	byAgent: 'By agent',
	byInterval: 'By interval',
	noReason: '(no reason)',
	yes: 'yes',
	range: 'From {{from}} to {{to}}',
	rangeOneDay: 'On {{day}}',
	generated: 'Time zone {{zone}}',
	noData: 'No activity in this range.',
	count: '{{count}} calls',
	settings: {
		intro: 'A queue setting changed within this range; each interval keeps the setting then in force:',
		threshold: '“{{queue}}”: SL threshold {{after}} s from {{when}} ({{before}} s before).',
		shortAbandon: '“{{queue}}”: short abandons under {{after}} s from {{when}} ({{before}} s before).'
	},
	charts: {
		callsByQueue: 'Calls by queue',
		slByQueue: 'Service level by queue (%)',
		callsByPeriod: 'Calls by interval',
		slByPeriod: 'Service level (%)',
		timeByAgent: 'Time by state and agent (hours)',
		notReadyByAgent: 'Not ready by reason and agent (hours)',
		abandonedByHour: 'Abandons by hour queued',
		hours: 'hours'
	},
	errors: {
		badFilters: 'These filters give no report',
		forbidden: 'Access denied',
		forbiddenHint: 'Reports need the role supervisor, manager or admin.',
		back: 'Back to yesterday’s report'
	}
};
