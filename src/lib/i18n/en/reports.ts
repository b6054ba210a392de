import type { reports as fr } from '../fr/reports.ts';

export const reports: typeof fr = {
	title: 'Reports',
	intro: 'Queue and agent statistics, by interval, day, week or month, in the {{zone}} time zone.',
	nav: {
		index: 'All reports',
		queuesSummary: 'Queue summary',
		queuesSummaryHint: 'by day, week or month: offered, handled, abandoned calls, service levels, ASA',
		queuesIntervals: 'Queue activity by interval',
		queuesIntervalsHint: 'the same figures per 15, 30 or 60 minutes',
		agents: 'Agent states',
		agentsHint: 'time in each state, calls handled, occupancy and AHT, by agent',
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
		chooseQueues: 'Choose queues ({{chosen}} of {{total}})',
		searchQueue: 'Search a queue',
		removeQueue: 'Remove {{queue}}',
		clearQueues: 'All queues',
		agent: 'Agent',
		allAgents: 'all agents (name or part of it)',
		show: 'Show'
	},
	quick: {
		today: 'Today',
		yesterday: 'Yesterday',
		thisWeek: 'This week',
		lastWeek: 'Last week',
		thisMonth: 'This month',
		lastMonth: 'Last month'
	},
	intervals: { '15': '15 minutes', '30': '30 minutes', '60': '1 hour', day: 'Day', week: 'Week', month: 'Month' },
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
	allAgentsTotal: 'All these agents',
	searchAgent: 'Search an agent',
	agentLegend:
		'Occupancy: (talking + after-call work) / logged in. AHT: (talking + after-call work) per call handled. Not-ready share: not ready / logged in. Click a column title to sort.',
	allQueuesTotal: 'All queues',
	by: { day: 'By day', week: 'By week', month: 'By month' },
	byQueue: 'By queue',
	byAgent: 'By agent',
	byTeam: 'By team',
	team: 'Team',
	noTeam: '(no team)',
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
	problems: {
		title: 'These filters give no report',
		required: '{{field}}: give a date, for example {{example}}.',
		notADate: '{{field}}: “{{value}}” is not a date; type a date such as {{example}}.',
		beforeFrom: 'To: {{to}} is before {{from}}; the last day must come after the first.',
		tooLong:
			'From … to: the range covers {{days}} days, this report shows at most {{max}}; shorten it, or choose week or month.',
		unknownInterval: 'Interval: “{{value}}” does not exist here; choose {{allowed}}.',
		unknownFormat: 'Format: “{{value}}” does not exist; choose CSV or French Excel.',
		unknownQueue: 'Unknown queue: “{{value}}”.',
		unknownAgent: 'Unknown agent: “{{value}}”.',
		didYouMean: 'Did you mean: {{names}}?',
		noSuggestion: 'No name comes close; check the spelling or search for part of the name.',
		fields: { from: 'From', to: 'To', interval: 'Interval', format: 'Format', queue: 'Queue', agent: 'Agent' },
		or: 'or'
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
		forbidden: 'Access denied',
		forbiddenHint: 'Reports need the role supervisor, manager or admin.',
		back: 'Back to today’s report'
	}
};
