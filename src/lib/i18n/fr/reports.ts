/** The supervisor reports' text. */
export const reports = {
	title: 'Rapports',
	intro: 'Statistiques des files et des agents, par intervalle, jour, semaine ou mois, dans le fuseau {{zone}}.',
	nav: {
		index: 'Tous les rapports',
		queuesSummary: 'Synthèse des files',
		queuesSummaryHint: 'par jour, semaine ou mois : appels présentés, traités, abandonnés, niveaux de service, DMR',
		queuesIntervals: 'Activité des files par intervalle',
		queuesIntervalsHint: 'les mêmes chiffres par 15, 30 ou 60 minutes',
		agents: 'États des agents',
		agentsHint: 'temps dans chaque état, appels traités, taux d’occupation et DMT, par agent',
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
		chooseQueues: 'Choisir les files ({{chosen}} sur {{total}})',
		searchQueue: 'Chercher une file',
		removeQueue: 'Retirer {{queue}}',
		clearQueues: 'Toutes les files',
		agent: 'Agent',
		allAgents: 'tous les agents (nom ou partie du nom)',
		show: 'Afficher'
	},
	quick: {
		today: 'Aujourd’hui',
		yesterday: 'Hier',
		thisWeek: 'Cette semaine',
		lastWeek: 'La semaine dernière',
		thisMonth: 'Ce mois-ci',
		lastMonth: 'Le mois dernier'
	},
	intervals: { '15': '15 minutes', '30': '30 minutes', '60': '1 heure', day: 'Jour', week: 'Semaine', month: 'Mois' },
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
	allAgentsTotal: 'Tous ces agents',
	searchAgent: 'Chercher un agent',
	agentLegend:
		'Taux d’occupation : (en communication + post-appel) / connecté. DMT : (en communication + post-appel) par appel traité. Part de retrait : en retrait / connecté. Cliquer un titre de colonne pour trier.',
	allQueuesTotal: 'Toutes les files',
	by: { day: 'Par jour', week: 'Par semaine', month: 'Par mois' },
	byQueue: 'Par file',
	byAgent: 'Par agent',
	byTeam: 'Par équipe',
	team: 'Équipe',
	noTeam: '(sans équipe)',
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
	problems: {
		title: 'Ces filtres ne donnent pas de rapport',
		required: '{{field}} : indiquer une date, par exemple {{example}}.',
		notADate: '{{field}} : « {{value}} » n’est pas une date ; taper une date comme {{example}}.',
		beforeFrom: 'Au : le {{to}} est avant le {{from}} ; le dernier jour doit suivre le premier.',
		tooLong:
			'Du … au : la période couvre {{days}} jours, ce rapport en montre {{max}} au plus ; la raccourcir, ou choisir la semaine ou le mois.',
		unknownInterval: 'Intervalle : « {{value}} » n’existe pas ici ; choisir {{allowed}}.',
		unknownFormat: 'Format : « {{value}} » n’existe pas ; choisir CSV ou Excel FR.',
		unknownQueue: 'File inconnue : « {{value}} ».',
		unknownAgent: 'Agent inconnu : « {{value}} ».',
		didYouMean: 'Vouliez-vous dire : {{names}} ?',
		noSuggestion: 'Aucun nom approchant ; vérifier l’orthographe ou chercher une partie du nom.',
		fields: { from: 'Du', to: 'Au', interval: 'Intervalle', format: 'Format', queue: 'File', agent: 'Agent' },
		or: 'ou'
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
		forbidden: 'Accès refusé',
		forbiddenHint: 'Les rapports demandent le rôle superviseur, responsable ou administrateur.',
		back: 'Revenir au rapport d’aujourd’hui'
	}
};
