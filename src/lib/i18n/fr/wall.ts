/** The wall screens' text. */
export const wall = {
	connecting: 'Connexion au serveur…',
	stale: 'Données figées : connexion perdue, reconnexion en cours…',
	waiting: 'en attente',
	noQueue: 'Aucune file d’attente pour l’instant : les files apparaissent avec leurs premiers appels.'
};
