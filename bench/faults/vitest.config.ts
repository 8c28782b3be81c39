import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { resolvedAliases } from '../../scripts/lib/aliases.mjs';

// Fault runs (`npm run faults`): each file owns the emulators it breaks. One file at a time.
export default defineConfig({
	root: fileURLToPath(new URL('../..', import.meta.url)),
	resolve: {
		alias: resolvedAliases
	},
	test: {
		include: ['bench/faults/**/*.fault.ts'],
		fileParallelism: false,
		testTimeout: 900_000,
		hookTimeout: 300_000
	}
});
