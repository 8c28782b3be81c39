// Runs inside `firebase emulators:exec` for `npm run soak`: the presence sweep timer (as in
// `npm start`), then the soak driver through vitest. The child runs with an asynchronous spawn
// so the sweep timer keeps firing.
import { spawn } from 'node:child_process';
import { startSweeper, waitForSweep } from './lib/sweeper.mjs';
import { ROOT } from './lib/setup.mjs';

const target = {
	functionsOrigin: process.env.PARLEY_FUNCTIONS_ORIGIN,
	projectId: process.env.PARLEY_PROJECT_ID
};
// The functions must have loaded before the driver's first call.
await waitForSweep(target);
const stop = startSweeper(target);
const child = spawn('npx', ['vitest', 'run', '--config', 'bench/soak/vitest.config.ts'], {
	cwd: ROOT,
	stdio: 'inherit'
});
child.on('exit', (code) => {
	stop();
	process.exit(code ?? 1);
});
