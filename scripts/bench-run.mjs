// Runs inside `firebase emulators:exec` for `npm run bench`: the presence sweep timer (as in
// `npm start`), then the benchmark files through vitest (they reuse the test helpers). The
// child runs with an asynchronous spawn so the sweep timer keeps firing.
import { spawn } from 'node:child_process';
import { startSweeper } from './lib/sweeper.mjs';
import { ROOT } from './lib/setup.mjs';
import { summarize } from './lib/bench-summary.mjs';
import { join } from 'node:path';

const started = Date.now();
const stop = startSweeper({
	functionsOrigin: process.env.PARLEY_FUNCTIONS_ORIGIN,
	projectId: process.env.PARLEY_PROJECT_ID
});
const child = spawn(
	'npx',
	['vitest', 'run', '--config', 'bench/vitest.config.ts', ...process.argv.slice(2)],
	{
		cwd: ROOT,
		stdio: 'inherit',
		// The benchmarks can tell this run's results (e.g. its baselines) from older ones.
		env: { ...process.env, PARLEY_BENCH_STARTED: String(started) }
	}
);
child.on('exit', (code) => {
	stop();
	summarize(join(ROOT, 'bench', 'results'), started);
	const minutes = ((Date.now() - started) / 60000).toFixed(1);
	console.log(`Benchmarks ${code === 0 ? 'finished' : 'FAILED'} in ${minutes} min.`);
	process.exit(code ?? 1);
});
