import { figures } from '../glossary.ts';

const f = figures.fr;

/** The administration pages' text; figures are named by the glossary. */
export const admin = {
	title: 'Administration',
	screens: {
		title: 'Écrans muraux',
		intro: 'Chaque écran a une disposition, des files, et peut tourner avec d’autres écrans.',
		name: 'Nom (lettres, chiffres, - et _)',
		displayTitle: 'Titre affiché (vide : le nom)',
		layout: 'Disposition',
		layouts: { queues: 'Vue des files', agents: 'Tableau des agents', charts: 'Courbes de la journée' },
		queues: 'Files affichées (aucune cochée : toutes)',
		allQueues: 'toutes les files',
		rotation: 'Puis, à tour de rôle',
		rotationPosition: 'Rang (vide : pas dans la rotation)',
		rotateEvery: 'Durée de chaque écran (secondes)',
		save: 'Enregistrer',
		delete: 'Supprimer',
		open: 'Ouvrir',
		edit: 'Modifier',
		new: 'Nouvel écran',
		saved: 'Enregistré : les écrans ouverts se mettent à jour d’eux-mêmes.'
	},
	queues: {
		title: 'Réglages des files',
		intro:
			'Un changement vaut à partir de maintenant (du quart d’heure en cours) : les chiffres déjà calculés, et les rapports déjà envoyés, gardent les réglages d’alors. Le faire partir d’une date passée recalcule les chiffres depuis cette date : il faut le confirmer.',
		threshold: `${f.sl_threshold_s.label} (s, de 1 à 3600)`,
		shortAbandon: 'Seuil d’abandon court (s, de 0 à 3600 ; 0 : aucun)',
		variant: 'Niveau de service montré sur les écrans',
		from: 'À partir du (vide : maintenant)',
		save: 'Enregistrer',
		history: 'Historique',
		noHistory: 'Réglages d’origine, jamais changés.',
		since: 'depuis le {{when}}',
		sinceStart: 'à l’origine',
		by: 'par {{who}}',
		saved: '« {{queue}} » : réglages changés à partir du {{when}} ; {{periods}} quart(s) d’heure recalculé(s).',
		confirmTitle: 'Recalculer le passé ?',
		confirmText:
			'Les chiffres de « {{queue}} » depuis le {{when}} ({{periods}} quart(s) d’heure), déjà calculés et peut-être déjà envoyés, seront recalculés avec les nouveaux réglages. Le journal d’audit le garde.',
		confirm: 'Recalculer depuis cette date',
		cancel: 'Annuler',
		errors: {
			slThreshold: 'Le seuil NS est un nombre entier de secondes, de 1 à 3600.',
			shortAbandon: 'Le seuil d’abandon court est un nombre entier de secondes, de 0 à 3600.',
			slVariant: 'Variante de niveau de service inconnue.',
			from: 'Date invalide : choisir un jour et une heure, ou laisser vide pour maintenant.',
			nothingToChange: 'Aucun changement : modifier le seuil NS, l’abandon court ou la variante.',
			future: 'Un changement vaut à partir de maintenant ou d’une date passée, pas d’une date future.',
			unknownQueue: 'File inconnue.',
			beforeRetention:
				'Les appels d’avant le {{when}} sont purgés (durée de conservation) : leurs chiffres ne peuvent plus être recalculés ; choisir une date postérieure.'
		}
	},
	thresholds: {
		title: 'Seuils par file',
		intro:
			'Orange à partir du seuil « attention », rouge à partir du seuil « alerte ». Pour le niveau de service, moins est pire : l’alerte est sous l’attention. Laisser vide : seuils par défaut.',
		queue: 'File',
		warn: 'attention',
		alarm: 'alerte',
		default: 'défaut',
		defaults: 'Défauts du produit',
		inherited: 'vide : hérite du défaut',
		save: 'Enregistrer la grille',
		saved: 'Seuils enregistrés : les écrans ouverts se mettent à jour d’eux-mêmes.',
		cellError: '{{queue}} · {{metric}} : {{error}}',
		noQueue: 'Aucune file connue pour l’instant : les files apparaissent avec leurs premiers appels.',
		metrics: {
			waiting: f.waiting.label,
			longest_waiting_s: `${f.longest_waiting_s.label} (s)`,
			service_level_pct: `${f.service_level.label} (%)`,
			abandon_rate_pct: `${f.abandon_rate_pct.label} (%)`
		}
	},
	ticker: {
		title: 'Messages du bandeau',
		intro: 'Une ligne qui défile en bas des écrans.',
		text: 'Message',
		screen: 'Écran',
		everyScreen: 'tous les écrans',
		hours: 'Durée (heures, 0 : jusqu’à suppression)',
		add: 'Publier',
		expires: 'jusqu’à {{time}}',
		none: 'Aucun message.'
	},
	people: {
		intro:
			'Les personnes qui se connectent avec un mot de passe. Désactiver ferme leurs sessions et leurs écrans ouverts.',
		name: 'Identifiant',
		role: 'Rôle',
		state: 'État',
		sessions: 'Sessions ouvertes',
		active: 'actif',
		disabled: 'désactivé',
		password: 'Mot de passe (12 caractères au moins, sans l’identifiant)',
		newPassword: 'Nouveau mot de passe',
		add: 'Créer',
		changeRole: 'Changer le rôle',
		disable: 'Désactiver',
		enable: 'Réactiver',
		resetPassword: 'Changer le mot de passe',
		signOut: 'Fermer ses sessions',
		done: 'Fait : {{name}}.',
		yourself: 'C’est vous : un autre administrateur peut vous désactiver ou changer votre rôle.'
	},
	tokens: {
		intro:
			'Les écrans muraux et les connecteurs s’authentifient avec un jeton. Un jeton révoqué est refusé aussitôt, écrans ouverts compris.',
		name: 'Nom (à quoi il sert)',
		role: 'Rôle',
		screen: 'Écran',
		anyScreen: 'tous les écrans',
		expires: 'Expire',
		expiresDays: 'Expire dans (jours, vide : jamais)',
		never: 'jamais',
		lastUsed: 'Dernière utilisation',
		unused: 'jamais utilisé',
		state: 'État',
		states: { active: 'actif', expired: 'expiré', revoked: 'révoqué' },
		create: 'Créer le jeton',
		revoke: 'Révoquer',
		created: 'Jeton « {{name}} » créé. Copiez-le maintenant : il ne sera plus affiché.',
		kioskUrl: 'Adresse à ouvrir une fois sur l’écran mural :',
		revoked: 'Jeton « {{name}} » révoqué.'
	},
	audit: {
		title: 'Journal d’audit',
		intro:
			'Connexions réussies et refusées, déconnexions, personnes, jetons, configuration et exports : qui, quoi, quand, d’où.',
		from: 'Du',
		to: 'au',
		actor: 'Auteur',
		action: 'Action',
		outcome: 'Résultat',
		any: 'toutes',
		show: 'Afficher',
		download: 'Télécharger en CSV',
		none: 'Rien dans le journal pour ces critères.',
		truncated:
			'Seules les {{count}} lignes les plus récentes sont affichées : resserrez les critères ou téléchargez le CSV.',
		columns: {
			at: 'Heure',
			actor: 'Auteur',
			action: 'Action',
			target: 'Objet',
			address: 'Adresse',
			outcome: 'Résultat'
		},
		outcomes: { ok: 'réussi', refused: 'refusé', locked: 'bloqué' },
		actions: {
			'sign-in': 'connexion',
			'sign-out': 'déconnexion',
			'token.use': 'utilisation d’un jeton',
			'token.create': 'jeton créé',
			'token.revoke': 'jeton révoqué',
			'user.create': 'personne créée',
			'user.disable': 'personne désactivée',
			'user.enable': 'personne réactivée',
			'user.role': 'rôle changé',
			'user.passwd': 'mot de passe changé',
			'user.sign-out': 'sessions fermées',
			'screen.save': 'écran enregistré',
			'screen.delete': 'écran supprimé',
			'threshold.save': 'seuil enregistré',
			'ticker.add': 'message publié',
			'ticker.delete': 'message supprimé',
			'queue.settings': 'réglages de file',
			'retention.purge': 'purge des données anciennes',
			export: 'export',
			'audit.read': 'lecture du journal'
		},
		errors: { filters: 'Critères invalides : {{message}}' }
	},
	agentLimits: {
		title: 'Durées limites des agents',
		intro:
			'Au-delà de ces durées, la carte de l’agent passe en orange puis en rouge sur le tableau des agents. Un motif sans ligne prend la ligne « tous motifs » de son état ; sans elle, les défauts du produit (retrait 15 puis 30 min, post-appel 2 puis 5 min).',
		state: 'État',
		reason: 'Motif de retrait (vide : tous motifs)',
		warn: 'attention (min)',
		alarm: 'alerte (min)',
		save: 'Enregistrer les durées',
		saved: 'Durées enregistrées.',
		rowError: '{{row}} : {{error}}'
	},
	errors: {
		rotationOrder: 'L’ordre de rotation se donne en nombres : 1, 2, 3…',
		agentLimit: 'Deux durées en minutes (attention, puis alerte), ou deux cases vides.',
		agentLimitTwice: 'Cette ligne existe déjà.',
		passwordShort: 'Le mot de passe doit avoir 12 caractères au moins.',
		passwordLong: 'Le mot de passe peut avoir 256 caractères au plus.',
		passwordName: 'Le mot de passe ne doit pas contenir l’identifiant.',
		userName: 'Un identifiant a de 1 à 64 lettres, chiffres, points, tirets, soulignés ou @.',
		userExists: 'Cet identifiant existe déjà.',
		noUser: 'Cette personne n’existe pas.',
		role: 'Rôle inconnu.',
		tokenName: 'Un nom de jeton a de 1 à 64 lettres, chiffres, espaces, points, tirets, soulignés, @ ou :.',
		expiryPast: 'L’expiration doit être dans le futur.',
		expiresDays: 'Un nombre de jours de 1 à 3650, ou rien.',
		yourself: 'Pas sur votre propre compte : un autre administrateur le fait.',
		unknownQueue: 'Cette file n’existe pas (encore) : choisir parmi les files connues.',
		screenTitle: 'Un titre de 60 caractères au plus.',
		screenName: 'Nom d’écran invalide ou inconnu.',
		layout: 'Disposition inconnue.',
		rotateEvery: 'La durée va de 5 à 3600 secondes.',
		threshold: 'Deux nombres, ou deux cases vides.',
		thresholdOrder: 'Seuils dans le mauvais ordre.',
		tickerText: 'Un message de 1 à 280 caractères.',
		tickerHours: 'Une durée de 0 à 744 heures.'
	}
};
