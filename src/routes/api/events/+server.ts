import { json } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { hasRole } from '$lib/server/auth/principal.ts';
import { BodyTooLargeError, readTextWithin } from '$lib/server/http/body.ts';
import { decodeBody } from '$lib/server/ingest/decode.ts';
import { acceptEvents } from '$lib/server/ingest/intake.ts';
import { DemoDatabaseError } from '$lib/server/demo/demo-guard.ts';

/** Events from any connector: NDJSON or a JSON array, answered as contract §1 says. */
export const POST = async ({ request, locals }) => {
	// Connectors send their token with each request; a cookie (a person's session, a kiosk's token) never posts events.
	if (!/^Bearer\s/i.test(request.headers.get('authorization') ?? '')) {
		return json(
			{ error: 'events are posted with a token: send Authorization: Bearer <token of role ingest>' },
			{ status: 403 }
		);
	}
	if (!hasRole(locals.principal, 'ingest')) {
		return json({ error: 'this token may not post events: it needs the role ingest or admin' }, { status: 403 });
	}
	// curl --data-binary sends a form's type unless told otherwise: say which to send rather than guess.
	const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
		return json(
			{
				error:
					'send the events with Content-Type: application/x-ndjson (one event per line) or application/json (an array)'
			},
			{ status: 415 }
		);
	}
	const { config, database, metrics } = currentApp();
	let text: string;
	try {
		text = await readTextWithin(request, config.ingestMaxBytes);
	} catch (e) {
		if (e instanceof BodyTooLargeError) return json({ error: e.message }, { status: 413 });
		throw e;
	}
	const items = decodeBody(text, request.headers.get('content-type'));
	if ('error' in items) return json({ error: items.error }, { status: 400 });
	let result;
	try {
		result = await acceptEvents(database.db, items, `http:${locals.principal!.name}`);
	} catch (e) {
		if (e instanceof DemoDatabaseError) return json({ error: e.message }, { status: 409 });
		// The database is away (restart, crash, full disk): the request's events commit together or not at all, so
		// the sender may send them again, and those already stored count once (their id is the idempotency key).
		currentApp().log.error({ err: e }, 'intake: could not store events');
		return json(
			{ error: 'the database could not store these events; send them again (already stored ones count once)' },
			{ status: 503, headers: { 'retry-after': '5' } }
		);
	}
	metrics.recordIntake(result);
	return json(result);
};
