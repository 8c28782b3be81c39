// Runs inside `firebase emulators:exec` for the functions and e2e tiers: starts the same presence
// sweep timer `npm start` runs, then each tier's vitest in turn. Usage: node scripts/integration.mjs <tier>…
// The children run with an asynchronous spawn: a synchronous one would block this process's
// event loop, and the sweep timer with it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startSweeper } from './lib/sweeper.mjs';
import { CACHE, PORT_SHIFT, ROOT } from './lib/setup.mjs';

function run(command, args) {
	return new Promise((resolve) => {
		const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
		child.on('exit', (code) => resolve(code ?? 1));
	});
}

const stop = startSweeper({
	functionsOrigin: process.env.PARLEY_FUNCTIONS_ORIGIN,
	projectId: process.env.PARLEY_PROJECT_ID
});
const reports = join(CACHE, `test-reports${PORT_SHIFT ? `-${PORT_SHIFT}` : ''}`);
const filters = (process.env.PARLEY_TEST_FILTERS ?? '').split(' ').filter(Boolean);
let status = 0;
for (const tier of process.argv.slice(2)) {
	const code = await run('npx', [
		'vitest',
		'run',
		'--config',
		`tests/${tier}/vitest.config.ts`,
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${join(reports, `${tier}.json`)}`,
		...(filters.length > 0 ? ['--passWithNoTests', ...filters] : [])
	]);
	if (code !== 0) status = 1;
}
stop();
process.exit(status);
