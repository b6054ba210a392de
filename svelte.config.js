import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// NOTE: SvelteKit's own CSRF check only looks at form content types and refuses scripts that send none
		// (curl's default type is a form's). hooks.server.ts checks every state-changing request from a browser
		// instead, whatever its type (src/lib/server/http/security-headers.ts).
		csrf: { trustedOrigins: ['*'] },
		// The pages' policy (docs/security.md): scripts, styles, fonts and the live socket from this site only;
		// SvelteKit adds the nonce of each page's own inline script. Style attributes stay allowed: Svelte writes
		// layout sizes (`style:--columns`) into them, and an attribute cannot load or run anything.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
