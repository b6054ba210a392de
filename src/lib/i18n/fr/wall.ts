import { figures } from '../glossary.ts';

const f = figures.fr;

/** The wall screens' text; figures are named by the glossary. */
export const wall = {
	connecting: 'Connexion au serveur…',
	demo: 'DÉMO',
	demoHint: 'Appels simulés par la démonstration intégrée : ce ne sont pas les chiffres du plateau.',
	stale: 'Données figées : connexion perdue, reconnexion en cours…',
	staleSince: 'Données figées depuis {{time}} : connexion perdue, reconnexion en cours…',
	tileStaleSince: 'figé depuis {{time}}',
	screenGone: 'L’écran « {{screen}} » vient d’être supprimé : nouvel essai dans 30 secondes.',
	noSuchScreen: 'Il n’y a pas d’écran « {{screen}} ».',
	noSuchScreenHint:
		'Un administrateur crée les écrans dans Administration › Écrans muraux ; vérifier l’adresse de ce poste.',
	serverTrouble: 'Le serveur Vigie ne répond pas correctement.',
	serverTroubleHint: 'Les chiffres reviendront dès qu’il répondra ; rien à faire sur ce poste.',
	retrying: 'Nouvel essai toutes les {{seconds}} secondes.',
	waiting: f.waiting.word,
	noQueue: 'Aucune file d’attente pour l’instant : les files apparaissent avec leurs premiers appels.',
	todaySince: 'Aujourd’hui depuis {{time}}',
	longestWaiting: f.longest_waiting_s.word,
	serviceLevel: 'NS à {{threshold}} s',
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
	page: 'page {{page}} sur {{pages}}',
	titles: { default: 'Files d’attente', agents: 'Agents' },
	alarmFor: 'alerte depuis {{minutes}} min',
	scopeAll: 'toutes les files',
	scopeTeam: 'équipe {{team}}',
	scopeOne: 'sa file : {{queue}}',
	scopeMany: 'ses {{count}} files',
	urgent: 'Urgent',
	needed: 'besoin ',
	notReadyToday: 'auj.',
	total: 'Toutes les files',
	level: { warn: 'à surveiller', alarm: 'alerte' },
	noAgent: 'Aucun agent connecté sur ces files.',
	chartCalls: 'Appels par quart d’heure',
	chartServiceLevel: 'Niveau de service par quart d’heure (%)',
	target: 'objectif',
	ticker: 'Messages',
	replay: {
		label: 'RELECTURE',
		hint: 'chiffres du passé, pas le direct',
		speed: 'vitesse ×{{speed}}',
		held: 'arrêt sur image',
		badTitle: 'Cette relecture ne peut pas être jouée.',
		problems: {
			format:
				'La date « {{value}} » n’est pas lisible : écrire replay=AAAA-MM-JJTHH:MM (ou HH:MM:SS), par exemple replay=2026-03-02T09:00.',
			noSuchTime: 'L’heure « {{value}} » n’a pas existé ce jour-là (passage à l’heure d’été).',
			future: 'L’instant « {{value}} » n’est pas encore passé : la relecture montre un instant passé.',
			speed:
				'La vitesse « {{value}} » n’est pas valable : un nombre de 0 (arrêt sur image) à 3600, par exemple speed=60.'
		},
		badHint: 'Sans « replay= » dans l’adresse, l’écran montre le direct.'
	}
};
