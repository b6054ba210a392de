import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { vigieDevServer } from './src/lib/server/dev/vite-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), vigieDevServer()],
	test: {
		include: ['src/**/*.spec.ts', 'tests/integration/**/*.test.ts'],
		testTimeout: 120_000, // a guard against hangs, not a speed target: the integration tests run far slower on a loaded machine
		hookTimeout: 60_000
	}
});
