import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { host: '127.0.0.1' },
	test: {
		// The unit tier: pure logic of both packages, of the scripts and of the benchmarks' meters
		// and checks; no emulators.
		include: [
			'src/**/*.test.ts',
			'functions/src/**/*.test.ts',
			'scripts/**/*.test.ts',
			'bench/**/*.test.ts'
		],
		environment: 'node'
	}
});
