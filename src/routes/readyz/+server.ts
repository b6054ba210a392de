import { json } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { countPendingEvents } from '$lib/server/worker/apply-batch.ts';

export const GET = async () => {
	const { database, log } = currentApp();
	try {
		return json({ database: 'ok', pending_events: await countPendingEvents(database.db) });
	} catch (error) {
		log.warn({ err: error }, 'readyz: database unreachable');
		return json({ database: 'unreachable', error: (error as Error).message }, { status: 503 });
	}
};
