import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Benchmarks run one file at a time against one set of emulators (scripts/bench.mjs). They are
// measurements, not tests: each prints its figures and writes bench/results/<name>.json.
export default defineConfig({
	root: fileURLToPath(new URL('..', import.meta.url)),
	resolve: {
		alias: { $shared: fileURLToPath(new URL('../functions/src/shared', import.meta.url)) }
	},
	test: {
		include: ['bench/**/*.bench.ts'],
		fileParallelism: false,
		testTimeout: 900_000,
		hookTimeout: 120_000
	}
});
