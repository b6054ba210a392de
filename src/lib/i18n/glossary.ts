/**
 * The one vocabulary of Vigie's figures, in French and English: every screen, report, chart, export title and
 * document names a figure with the words below and no other. Text elsewhere says `t('figures.offered.label')`
 * (pages and components) or imports `figures` (server code without a translator, e.g. the excel-fr export).
 *
 * Keys are the contract's names (contract §2 and §4), so an export column finds its title by its own name.
 * Each term has:
 * - `label`: the heading of a table column, a tile or a chart series, capitalised ("Présentés", "DMR");
 * - `word`: the same term inside a sentence or under a big number, in lower case ("présentés");
 * - `definition`: what it counts, in the words of `domain/metrics.ts`, for legends and tooltips;
 * - `agents` (agent states only): the word under a count of agents ("3 disponibles"), and `agent` the same
 *   for one ("1 disponible").
 *
 * NOTE — why these words. They are the ones a French supervisor of Cisco UCCX 12.6 already reads in Cisco's
 * French reports (CUIC) and in the old wallboard, and the usual French call-centre abbreviations:
 * - offered "présentés" (Cisco "Calls Presented", CUIC "Appels présentés");
 * - answered "traités", not "répondus": Cisco's CSQ Activity report counts "Calls Handled" (CUIC "Appels traités"),
 *   and its first service-level variant is "% traités" — one word for both, so "NS traités" reads at once.
 *   In English, "handled" for the same reason; the contract's machine name stays `answered`;
 * - dequeued "sortis de file" (Cisco "Calls Dequeued"): not "retirés", which would collide with "en retrait";
 * - not ready "en retrait", not "en pause": a not-ready reason is as often a meeting, training or back-office
 *   work as a break, and "motif de retrait" is the word French desks use for Cisco's "Reason Code";
 * - ready "disponible" (Finesse's "Prêt" is the button; supervisors say "disponible"); talking
 *   "en communication"; after-call work "post-appel" (Finesse "Travail");
 * - ASA "DMR (délai moyen de réponse)"; average talk time "DMC (durée moyenne de communication)"; average
 *   handle time "DMT (durée moyenne de traitement)"; service level "niveau de service (NS)", with Cisco's four
 *   variants named by how they treat abandoned calls.
 * When a word changes here it changes everywhere; never write a figure's name as a literal elsewhere.
 */

// Types, not interfaces: i18next's typed keys only walk objects assignable to a string-indexed record.
type Term = { label: string; word: string; definition: string };
type StateTerm = Term & { agents: string; agent: string };

const fr = {
	// Calls, per queue and period (contract §2).
	offered: {
		label: 'Présentés',
		word: 'présentés',
		definition: 'appels entrés dans la file pendant la période (un appel qui passe par deux files compte dans chacune)'
	},
	answered: { label: 'Traités', word: 'traités', definition: 'appels pris par un agent' },
	abandoned: {
		label: 'Abandonnés',
		word: 'abandonnés',
		definition: 'appels dont l’appelant a raccroché pendant l’attente'
	},
	short_abandoned: {
		label: 'Abandons courts',
		word: 'abandons courts',
		definition: 'abandonnés avant le seuil d’abandon court de la file (par défaut 5 s)'
	},
	dequeued: {
		label: 'Sortis de file',
		word: 'sortis de file',
		definition: 'appels sortis de la file sans être traités ni abandonnés (débordement, délai dépassé, messagerie)'
	},
	waiting: {
		label: 'Appels en attente',
		word: 'en attente',
		definition: 'appels qui attendent dans la file en ce moment'
	},
	longest_waiting_s: {
		label: 'Attente la plus longue',
		word: 'attente la plus longue',
		definition: 'depuis combien de temps attend le plus ancien appel encore en file'
	},
	max_wait_s: {
		label: 'Attente max.',
		word: 'attente maximale',
		definition: 'la plus longue attente d’un appel traité ou abandonné de la période'
	},
	answered_within_sl: {
		label: 'Traités dans le seuil',
		word: 'traités dans le seuil',
		definition: 'appels traités après une attente au plus égale au seuil NS'
	},
	abandoned_within_sl: {
		label: 'Abandonnés dans le seuil',
		word: 'abandonnés dans le seuil',
		definition: 'appels abandonnés après une attente au plus égale au seuil NS'
	},
	sl_threshold_s: {
		label: 'Seuil NS',
		word: 'seuil du niveau de service',
		definition: 'attente maximale d’un appel traité « dans le seuil » (par défaut 20 s)'
	},
	service_level: {
		label: 'Niveau de service (NS)',
		word: 'niveau de service',
		definition: 'part des appels traités dans le seuil, selon la variante choisie pour la file'
	},
	sl_handled_pct: {
		label: 'NS traités',
		word: 'NS traités',
		definition: 'traités dans le seuil / traités'
	},
	sl_no_abandon_pct: {
		label: 'NS hors abandons',
		word: 'NS hors abandons',
		definition: 'traités dans le seuil / (présentés − abandonnés dans le seuil)'
	},
	sl_abandon_positive_pct: {
		label: 'NS abandons positifs',
		word: 'NS abandons positifs',
		definition: '(traités + abandonnés dans le seuil) / présentés'
	},
	sl_abandon_negative_pct: {
		label: 'NS abandons négatifs',
		word: 'NS abandons négatifs',
		definition: 'traités dans le seuil / présentés'
	},
	service_level_recent_pct: {
		label: 'NS récent',
		word: 'niveau de service récent',
		definition:
			'niveau de service des appels entrés dans la file pendant le quart d’heure en cours et le précédent (15 à 30 dernières minutes), à côté de celui de la journée'
	},
	asa_s: { label: 'DMR', word: 'délai moyen de réponse (DMR)', definition: 'attente moyenne des appels traités' },
	avg_talk_s: {
		label: 'DMC',
		word: 'durée moyenne de communication (DMC)',
		definition: 'durée moyenne d’une communication, de la prise de l’appel à sa fin'
	},
	abandon_rate_pct: { label: 'Taux d’abandon', word: 'taux d’abandon', definition: 'abandonnés / présentés' },
	agents_needed: {
		label: 'Agents nécessaires',
		word: 'agents nécessaires',
		definition:
			'le plus petit nombre d’agents qui tient l’objectif de niveau de service (Erlang C, 30 dernières minutes)'
	},

	// Agents: states (Finesse's), time per state, and the figures made from them.
	logged_in: {
		label: 'Connecté',
		word: 'connecté',
		agents: 'connectés',
		agent: 'connecté',
		definition: 'temps passé dans tout état sauf déconnecté'
	},
	ready: {
		label: 'Disponible',
		word: 'disponible',
		agents: 'disponibles',
		agent: 'disponible',
		definition: 'attend un appel'
	},
	not_ready: {
		label: 'En retrait',
		word: 'en retrait',
		agents: 'en retrait',
		agent: 'en retrait',
		definition: 'connecté mais ne reçoit pas d’appel, avec un motif de retrait'
	},
	reserved: {
		label: 'Réservé',
		word: 'réservé',
		agents: 'réservés',
		agent: 'réservé',
		definition: 'un appel lui est présenté et sonne'
	},
	talking: {
		label: 'En communication',
		word: 'en communication',
		agents: 'en communication',
		agent: 'en communication',
		definition: 'en ligne avec un appelant'
	},
	work: {
		label: 'Post-appel',
		word: 'post-appel',
		agents: 'en post-appel',
		agent: 'en post-appel',
		definition: 'travail après l’appel (saisie, qualification) avant de redevenir disponible'
	},
	logged_out: {
		label: 'Déconnecté',
		word: 'déconnecté',
		agents: 'déconnectés',
		agent: 'déconnecté',
		definition: 'hors session'
	},
	not_ready_reason: {
		label: 'Motif de retrait',
		word: 'motif de retrait',
		definition: 'le code motif choisi par l’agent en passant en retrait'
	},
	occupancy_pct: {
		label: 'Taux d’occupation',
		word: 'taux d’occupation',
		definition: '(en communication + post-appel) / connecté'
	},
	aht_s: {
		label: 'DMT',
		word: 'durée moyenne de traitement (DMT)',
		definition: '(en communication + post-appel) / appels traités'
	},
	not_ready_share_pct: { label: 'Part de retrait', word: 'part de retrait', definition: 'en retrait / connecté' },
	calls_per_hour: {
		label: 'Appels par heure',
		word: 'appels par heure',
		definition: 'appels traités / heures connecté'
	},

	// What a figure is counted over: report and export columns that are not figures.
	period_start: {
		label: 'Début de période',
		word: 'début de période',
		definition: 'heure locale du début de la période'
	},
	utc_offset: {
		label: 'Décalage UTC',
		word: 'décalage UTC',
		definition: 'écart à UTC de l’heure locale de la période (+01:00 l’hiver, +02:00 l’été)'
	},
	queue: { label: 'File', word: 'file', definition: 'la file d’attente (CSQ)' },
	agent: { label: 'Agent', word: 'agent', definition: 'l’identifiant de l’agent' },
	call: { label: 'Appel', word: 'appel', definition: 'l’identifiant de l’appel' },
	queued_at: { label: 'Entrée en file', word: 'entrée en file', definition: 'quand l’appel est entré dans la file' },
	wait: { label: 'Attente', word: 'attente', definition: 'de l’entrée en file à la fin de l’attente' },
	caller: {
		label: 'Numéro de l’appelant',
		word: 'numéro de l’appelant',
		definition: 'pour rappeler un appel abandonné ; donnée personnelle, effacée après le délai de conservation'
	}
} satisfies Record<string, Term | StateTerm>;

export type FigureName = keyof typeof fr;
/** The same shape in every language: a term missing from a translation fails the type check. */
export type Figures = { [K in FigureName]: (typeof fr)[K] extends StateTerm ? StateTerm : Term };

const en: Figures = {
	offered: {
		label: 'Offered',
		word: 'offered',
		definition: 'calls that entered the queue in the period (a call through two queues counts in each)'
	},
	answered: { label: 'Handled', word: 'handled', definition: 'calls an agent picked up' },
	abandoned: { label: 'Abandoned', word: 'abandoned', definition: 'calls whose caller hung up while waiting' },
	short_abandoned: {
		label: 'Short abandons',
		word: 'short abandons',
		definition: 'abandoned before the queue’s short-abandon threshold (5 s by default)'
	},
	dequeued: {
		label: 'Dequeued',
		word: 'dequeued',
		definition: 'calls that left the queue neither handled nor abandoned (overflow, timeout, voicemail)'
	},
	waiting: { label: 'Calls waiting', word: 'waiting', definition: 'calls waiting in the queue now' },
	longest_waiting_s: {
		label: 'Longest waiting',
		word: 'longest waiting',
		definition: 'how long the oldest call still in the queue has waited'
	},
	max_wait_s: {
		label: 'Max wait',
		word: 'maximum wait',
		definition: 'the longest wait of a call handled or abandoned in the period'
	},
	answered_within_sl: {
		label: 'Handled within SL',
		word: 'handled within SL',
		definition: 'calls handled after a wait up to the SL threshold'
	},
	abandoned_within_sl: {
		label: 'Abandoned within SL',
		word: 'abandoned within SL',
		definition: 'calls abandoned after a wait up to the SL threshold'
	},
	sl_threshold_s: {
		label: 'SL threshold',
		word: 'service-level threshold',
		definition: 'the longest wait of a call handled “within threshold” (20 s by default)'
	},
	service_level: {
		label: 'Service level (SL)',
		word: 'service level',
		definition: 'share of calls handled within the threshold, by the variant the queue shows'
	},
	sl_handled_pct: { label: 'SL handled', word: 'SL handled', definition: 'handled within SL / handled' },
	sl_no_abandon_pct: {
		label: 'SL excluding abandons',
		word: 'SL excluding abandons',
		definition: 'handled within SL / (offered − abandoned within SL)'
	},
	sl_abandon_positive_pct: {
		label: 'SL abandons positive',
		word: 'SL abandons positive',
		definition: '(handled + abandoned within SL) / offered'
	},
	sl_abandon_negative_pct: {
		label: 'SL abandons negative',
		word: 'SL abandons negative',
		definition: 'handled within SL / offered'
	},
	service_level_recent_pct: {
		label: 'Recent SL',
		word: 'recent service level',
		definition:
			'service level of the calls queued in the current and the previous quarter hour (the last 15 to 30 minutes), beside the day’s'
	},
	asa_s: { label: 'ASA', word: 'average speed of answer (ASA)', definition: 'mean wait of handled calls' },
	avg_talk_s: {
		label: 'Avg talk',
		word: 'average talk time',
		definition: 'mean length of a conversation, from pick-up to its end'
	},
	abandon_rate_pct: { label: 'Abandon rate', word: 'abandon rate', definition: 'abandoned / offered' },
	agents_needed: {
		label: 'Agents needed',
		word: 'agents needed',
		definition: 'the fewest agents that meet the service-level target (Erlang C, last 30 minutes)'
	},
	logged_in: {
		label: 'Logged in',
		word: 'logged in',
		agents: 'logged in',
		agent: 'logged in',
		definition: 'time in every state but logged out'
	},
	ready: { label: 'Ready', word: 'ready', agents: 'ready', agent: 'ready', definition: 'ready to take a call' },
	not_ready: {
		label: 'Not ready',
		word: 'not ready',
		agents: 'not ready',
		agent: 'not ready',
		definition: 'logged in but taking no call, with a not-ready reason'
	},
	reserved: {
		label: 'Reserved',
		word: 'reserved',
		agents: 'reserved',
		agent: 'reserved',
		definition: 'a call is ringing for them'
	},
	talking: {
		label: 'Talking',
		word: 'talking',
		agents: 'talking',
		agent: 'talking',
		definition: 'in conversation with a caller'
	},
	work: {
		label: 'After-call work',
		word: 'after-call work',
		agents: 'in after-call work',
		agent: 'in after-call work',
		definition: 'work after the call (notes, call coding) before being ready again'
	},
	logged_out: {
		label: 'Logged out',
		word: 'logged out',
		agents: 'logged out',
		agent: 'logged out',
		definition: 'no session'
	},
	not_ready_reason: {
		label: 'Not-ready reason',
		word: 'not-ready reason',
		definition: 'the reason code the agent chose when going not ready'
	},
	occupancy_pct: { label: 'Occupancy', word: 'occupancy', definition: '(talking + after-call work) / logged in' },
	aht_s: {
		label: 'AHT',
		word: 'average handle time (AHT)',
		definition: '(talking + after-call work) / calls handled'
	},
	not_ready_share_pct: { label: 'Not-ready share', word: 'not-ready share', definition: 'not ready / logged in' },
	calls_per_hour: { label: 'Calls per hour', word: 'calls per hour', definition: 'calls handled / hours logged in' },
	period_start: { label: 'Period start', word: 'period start', definition: 'local time the period starts' },
	utc_offset: {
		label: 'UTC offset',
		word: 'UTC offset',
		definition: 'the period’s local offset from UTC (+01:00 in winter, +02:00 in summer)'
	},
	queue: { label: 'Queue', word: 'queue', definition: 'the queue (CSQ)' },
	agent: { label: 'Agent', word: 'agent', definition: 'the agent’s login name' },
	call: { label: 'Call', word: 'call', definition: 'the call’s id' },
	queued_at: { label: 'Queued at', word: 'queued at', definition: 'when the call entered the queue' },
	wait: { label: 'Wait', word: 'wait', definition: 'from entering the queue to the end of the wait' },
	caller: {
		label: 'Caller number',
		word: 'caller number',
		definition: 'to call back an abandoned call; personal data, erased after the retention period'
	}
};

/** The figures' names by language; the translator serves them under `figures.*`. */
export const figures = { fr: fr as Figures, en };
