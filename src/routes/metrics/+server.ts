import { currentApp } from '$lib/server/app.ts';

/** Prometheus text exposition; like every non-public route, it needs a token. */
export const GET = async () => {
	const { registry } = currentApp().metrics;
	return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
};
