import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { resolvedAliases } from '../scripts/lib/aliases.mjs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The baselines run first, the rest by name: the order of the summary table. */
class BaselineFirst extends BaseSequencer {
	override async sort(files: TestSpecification[]) {
		const key = (f: TestSpecification) =>
			(f.moduleId.includes('baseline.bench') ? '0' : '1') + f.moduleId;
		return [...files].sort((a, b) => key(a).localeCompare(key(b)));
	}
}

// Benchmarks run one file at a time against one set of emulators (scripts/bench.mjs). They are
// measurements, not tests: each prints its figures and writes bench/results/<name>.json.
export default defineConfig({
	root: fileURLToPath(new URL('..', import.meta.url)),
	resolve: {
		alias: resolvedAliases
	},
	test: {
		include: ['bench/**/*.bench.ts'],
		fileParallelism: false,
		sequence: { sequencer: BaselineFirst },
		testTimeout: 900_000,
		hookTimeout: 120_000
	}
});
