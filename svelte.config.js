import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Kiosk and API clients post across no origin boundary; CSRF stays on for forms.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
