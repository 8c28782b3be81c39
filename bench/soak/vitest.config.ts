import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { resolvedAliases } from '../../scripts/lib/aliases.mjs';

// The soak (scripts/soak.mjs) is one long run against one set of emulators. It is not a
// benchmark file (bench/**/*.bench.ts), so `npm run bench` does not run it.
const minutes = Number(process.env.SOAK_MINUTES ?? 2);

export default defineConfig({
	root: fileURLToPath(new URL('../..', import.meta.url)),
	resolve: {
		alias: resolvedAliases
	},
	test: {
		include: ['bench/soak/**/*.run.ts'],
		fileParallelism: false,
		// The run itself, plus set-up (accounts, the browser) and the checks at the end.
		testTimeout: (minutes + 20) * 60_000,
		hookTimeout: 120_000
	}
});
