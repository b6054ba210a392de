import { admin } from './fr/admin.ts';
import { figures } from './glossary.ts';
import { reports } from './fr/reports.ts';
import { wall } from './fr/wall.ts';

/**
 * French, the default language: every key of the product's text lives here first, one file per area (add yours
 * as `fr/<area>.ts` and `en/<area>.ts`). Figures' names come from the glossary, under `figures.*`.
 */
export const fr = {
	app: { name: 'Vigie' },
	figures: figures.fr,
	login: {
		title: 'Connexion',
		user: 'Identifiant',
		password: 'Mot de passe',
		wrongPassword: 'Identifiant ou mot de passe incorrect.',
		kiosk: 'Écran mural ou script : se connecter avec un jeton',
		token: "Jeton d'accès",
		submit: 'Se connecter',
		signOut: 'Se déconnecter',
		unknownToken: 'Jeton inconnu ou révoqué.',
		throttled: 'Trop d’essais infructueux : réessayez dans {{wait}}.',
		signedInAs: 'Connecté : {{name}} ({{role}})',
		forget: 'Oublier ce jeton',
		hint: 'Un administrateur crée les jetons avec {{command}}. Un écran mural s’ouvre une fois avec {{url}}, puis reste connecté.'
	},
	roles: {
		viewer: 'lecteur',
		supervisor: 'superviseur',
		manager: 'responsable',
		admin: 'administrateur',
		ingest: 'envoi d’événements'
	},
	home: {
		wallDefault: 'Écran mural « default »',
		wallDefaultHint: 'toutes les files, en direct',
		reports: 'Rapports',
		reportsHint: 'journées et intervalles par file et par agent, exports CSV',
		screens: 'Écrans muraux',
		screensHint: 'dispositions, files, rotation et seuils (administrateurs)',
		ticker: 'Bandeau de messages',
		tickerHint: 'les messages qui défilent sur les écrans (superviseurs)',
		thresholds: 'Seuils par file',
		thresholdsHint: 'orange et rouge, file par file',
		queues: 'Réglages des files',
		queuesHint: 'seuil de niveau de service, abandons courts, variante affichée',
		people: 'Personnes',
		peopleHint: 'comptes, rôles, désactivation, mots de passe',
		tokens: 'Jetons d’accès',
		tokensHint: 'écrans muraux et connecteurs : création, dernière utilisation, révocation',
		audit: 'Journal d’audit',
		auditHint: 'qui a fait quoi, quand, d’où'
	},
	problem: {
		forbidden: 'Accès refusé',
		forbiddenHint: 'Cette page demande un rôle que ce compte n’a pas ; un administrateur peut le donner.',
		notFound: 'Page introuvable',
		notFoundHint: 'Cette adresse ne mène à aucune page de Vigie. Vérifier l’adresse, ou repartir de l’accueil.',
		serverError: 'Le serveur n’a pas pu répondre',
		serverErrorHint: 'Réessayer dans un instant ; si cela dure, prévenir l’exploitation.',
		home: 'Accueil de Vigie'
	},
	wall,
	reports,
	admin
};

export type Messages = typeof fr;
