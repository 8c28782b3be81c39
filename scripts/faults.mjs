// `npm run faults`: fault runs that break the infrastructure on purpose (bench/faults/*.fault.ts).
// Each run owns a Firestore emulator it can kill and restart, on its own port, and writes its
// findings to bench/results/faults.json. `npm run faults -- kill` runs the files whose name
// contains "kill".
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
	PORT_SHIFT,
	ROOT,
	buildFunctions,
	emulatorEnv,
	ensureInstalled,
	fail,
	log
} from './lib/setup.mjs';

ensureInstalled();
buildFunctions();
const env = emulatorEnv();

/** The Firestore emulator JAR: the machine's own (through the wrapper), or firebase-tools' download. */
function firestoreJar() {
	if (env.FIRESTORE_EMULATOR_BINARY_PATH) return env.FIRESTORE_EMULATOR_BINARY_PATH;
	const dir = join(homedir(), '.cache', 'firebase', 'emulators');
	const jar = existsSync(dir)
		? readdirSync(dir).find((f) => /^cloud-firestore-emulator.*\.jar$/.test(f))
		: undefined;
	if (!jar) fail('No Firestore emulator found: run `npm start` once (it downloads one) and retry.');
	return join(dir, jar);
}

const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
log('Running the fault scenarios…');
const child = spawn(
	'npx',
	['vitest', 'run', '--config', 'bench/faults/vitest.config.ts', ...filters],
	{
		cwd: ROOT,
		stdio: 'inherit',
		env: {
			...env,
			PARLEY_FAULT_FIRESTORE_JAR: firestoreJar(),
			FIRESTORE_EMULATOR_HOST: `127.0.0.1:${8680 + PORT_SHIFT}`,
			PARLEY_FAULT_WS_PORT: String(9195 + PORT_SHIFT),
			GCLOUD_PROJECT: 'demo-parley-faults'
		}
	}
);
child.on('exit', (code) => process.exit(code ?? 1));
