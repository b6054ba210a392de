/** French, the default language: every key of the product's text lives here first. */
export const fr = {
	app: { name: 'Vigie' },
	login: {
		title: 'Connexion',
		token: "Jeton d'accès",
		submit: 'Se connecter',
		unknownToken: 'Jeton inconnu ou révoqué.',
		hint: 'Un administrateur crée les jetons avec {{command}}. Un écran mural s’ouvre une fois avec {{url}}, puis reste connecté.'
	},
	home: { wallDefault: 'Écran mural « default »', wallDefaultHint: 'toutes les files, en direct' },
	wall: {
		connecting: 'Connexion au serveur…',
		stale: 'Données figées : connexion perdue, reconnexion en cours…',
		waiting: 'en attente',
		noQueue: 'Aucune file d’attente pour l’instant : les files apparaissent avec leurs premiers appels.'
	}
};

export type Messages = typeof fr;
