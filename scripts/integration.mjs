// Runs inside `firebase emulators:exec` for the functions and e2e tiers: starts the same presence
// sweep timer `npm start` runs, then each tier's vitest in turn. Usage: node scripts/integration.mjs <tier>…
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startSweeper } from './lib/sweeper.mjs';
import { CACHE, PORT_SHIFT, ROOT } from './lib/setup.mjs';

const stop = startSweeper({
	functionsOrigin: process.env.PARLEY_FUNCTIONS_ORIGIN,
	projectId: process.env.PARLEY_PROJECT_ID
});
const reports = join(CACHE, `test-reports${PORT_SHIFT ? `-${PORT_SHIFT}` : ''}`);
let status = 0;
for (const tier of process.argv.slice(2)) {
	const r = spawnSync(
		'npx',
		[
			'vitest',
			'run',
			'--config',
			`tests/${tier}/vitest.config.ts`,
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${join(reports, `${tier}.json`)}`
		],
		{ cwd: ROOT, stdio: 'inherit' }
	);
	if (r.status !== 0) status = 1;
}
stop();
process.exit(status);
