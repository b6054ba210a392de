import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { vigieDevServer } from './src/lib/server/dev/vite-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), vigieDevServer()],
	test: {
		include: ['src/**/*.spec.ts', 'tests/integration/**/*.test.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
