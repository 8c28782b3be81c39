import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { resolvedAliases } from '../../scripts/lib/aliases.mjs';

// The e2e tier runs inside `firebase emulators:exec` (see scripts/test.mjs). Files run one at a
// time: they share one emulator and each clears the data it uses.
export default defineConfig({
	root: fileURLToPath(new URL('../..', import.meta.url)),
	resolve: {
		alias: resolvedAliases
	},
	test: {
		include: ['tests/e2e/**/*.test.ts'],
		fileParallelism: false,
		testTimeout: 90000,
		hookTimeout: 60000,
		// expect.poll waits for something to happen, never bounds how fast (a test that promises a
		// time checks it itself): its 1 s default is too short on a loaded 2-core machine.
		expect: { poll: { timeout: 15000 } }
	}
});
