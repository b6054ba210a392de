/** The wall screens' text. */
export const wall = {
	connecting: 'Connexion au serveur…',
	stale: 'Données figées : connexion perdue, reconnexion en cours…',
	waiting: 'en attente',
	noQueue: 'Aucune file d’attente pour l’instant : les files apparaissent avec leurs premiers appels.',
	todaySince: 'Aujourd’hui depuis {{time}}',
	longestWaiting: 'attente la plus longue',
	serviceLevel: 'service à {{threshold}} s',
	serviceLevelShort: 'niveau de service',
	offered: 'présentés',
	answered: 'traités',
	abandoned: 'abandonnés',
	abandonRate: 'abandons',
	agentsReady: 'disponibles',
	agentsTalking: 'en appel',
	agentsNotReady: 'en pause',
	level: { warn: 'à surveiller', alarm: 'alerte' },
	noAgent: 'Aucun agent connecté sur ces files.',
	agentCount: '{{count}} agents connectés',
	state: {
		ready: 'Disponible',
		not_ready: 'En pause',
		reserved: 'Réservé',
		talking: 'En communication',
		work: 'Post-appel'
	},
	chartCalls: 'Appels par quart d’heure',
	chartServiceLevel: 'Niveau de service par quart d’heure (%)',
	target: 'objectif',
	ticker: 'Messages'
};
