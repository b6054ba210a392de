import { json } from '@sveltejs/kit';

/** Liveness: the process answers. Readiness (database, backlog) is /readyz. */
export const GET = () => json({ status: 'ok' });
