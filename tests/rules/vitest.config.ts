import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { resolvedAliases } from '../../scripts/lib/aliases.mjs';

// The rules tier runs inside `firebase emulators:exec` (see scripts/test.mjs). Files run one at a
// time: they share one emulator and each clears the data it uses.
export default defineConfig({
	root: fileURLToPath(new URL('../..', import.meta.url)),
	resolve: { alias: resolvedAliases },
	test: {
		include: ['tests/rules/**/*.test.ts'],
		fileParallelism: false,
		testTimeout: 20000,
		hookTimeout: 60000
	}
});
