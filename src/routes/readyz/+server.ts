import { json } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { readReadiness } from '$lib/server/health.ts';
import { readUccxHealth } from '$lib/server/uccx/supervision.ts';

/** Readiness for supervision: the database answers, and how far behind the worker is. */
export const GET = async () => {
	const { database, log } = currentApp();
	try {
		const [readiness, uccx] = await Promise.all([readReadiness(database.db), readUccxHealth(database.db)]);
		return json({
			database: 'ok',
			pending_events: readiness.pendingEvents,
			oldest_pending_age_s: Math.round(readiness.oldestPendingAgeS * 10) / 10,
			dead_letters: readiness.deadLetters,
			// The daily retention purge (vigie check retention): null until a first purge has finished.
			retention_last_purge_age_s: readiness.lastPurgeAgeS === null ? null : Math.round(readiness.lastPurgeAgeS),
			...(uccx ? { uccx } : {})
		});
	} catch (error) {
		log.warn({ err: error }, 'readyz: database unreachable');
		return json(
			{ database: 'unreachable', error: 'the database does not answer (details in the server log)' },
			{ status: 503 }
		);
	}
};
