/** The supervisor reports' text. */
export const reports = {
	title: 'Rapports',
	intro: 'Statistiques des files et des agents, par jour ou par intervalle, dans le fuseau {{zone}}.',
	nav: {
		index: 'Tous les rapports',
		queuesDaily: 'Synthèse quotidienne des files',
		queuesDailyHint: 'appels présentés, traités, abandonnés, niveaux de service, DMR',
		queuesIntervals: 'Activité des files par intervalle',
		queuesIntervalsHint: 'les mêmes chiffres par 15, 30 ou 60 minutes',
		agents: 'États des agents',
		agentsHint: 'temps dans chaque état et appels traités, par agent et par intervalle',
		notReady: 'Motifs de retrait',
		notReadyHint: 'temps en retrait par agent et par motif',
		abandoned: 'Appels abandonnés',
		abandonedHint: 'chaque appel raccroché en attente : file, heure, attente, numéro à rappeler'
	},
	filters: {
		from: 'Du',
		to: 'au',
		interval: 'Intervalle',
		queues: 'Files',
		allQueues: 'toutes les files',
		agent: 'Agent',
		allAgents: 'tous les agents',
		show: 'Afficher',
		yesterday: 'Hier',
		today: 'Aujourd’hui'
	},
	intervals: { '15': '15 minutes', '30': '30 minutes', '60': '1 heure', day: 'Jour' },
	actions: {
		download: 'Télécharger (CSV)',
		downloadExcel: 'Télécharger (Excel FR)',
		print: 'Imprimer'
	},
	columns: {
		period: 'Période',
		day: 'Jour',
		seconds: 'Durée',
		share: 'Part du retrait',
		wait: 'Attente avant raccroché',
		short: 'Abandon court'
	},
	legend: {
		empty: '« – » : pas de valeur (aucun appel pour la calculer).'
	},
	total: 'Total',
	allQueuesTotal: 'Toutes les files',
	byDay: 'Par jour',
	byQueue: 'Par file',
	byAgent: 'Par agent',
	byInterval: 'Par intervalle',
	noReason: '(sans motif)',
	yes: 'oui',
	range: 'Du {{from}} au {{to}}',
	rangeOneDay: 'Le {{day}}',
	generated: 'Fuseau {{zone}}',
	noData: 'Aucune activité sur cette période.',
	count: '{{count}} appels',
	settings: {
		intro: 'Un réglage de file a changé pendant cette période ; chaque intervalle garde le réglage alors en vigueur :',
		threshold: '« {{queue}} » : seuil NS de {{after}} s à partir du {{when}} ({{before}} s avant).',
		shortAbandon: '« {{queue}} » : abandons courts sous {{after}} s à partir du {{when}} ({{before}} s avant).'
	},
	charts: {
		callsByQueue: 'Appels par file',
		slByQueue: 'Niveau de service par file (%)',
		callsByPeriod: 'Appels par intervalle',
		slByPeriod: 'Niveau de service (%)',
		timeByAgent: 'Temps par état et par agent (heures)',
		notReadyByAgent: 'Retrait par motif et par agent (heures)',
		abandonedByHour: 'Abandons par heure d’entrée en file',
		hours: 'heures'
	},
	errors: {
		badFilters: 'Ces filtres ne donnent pas de rapport',
		forbidden: 'Accès refusé',
		forbiddenHint: 'Les rapports demandent le rôle superviseur, responsable ou administrateur.',
		back: 'Revenir au rapport d’hier'
	}
};
