// `npm run bench`: builds the product, starts the emulators with the product's default timing
// (the same bootstrap as `npm start`, on their own ports), runs every benchmark under bench/,
// and leaves each one's figures in bench/results/<name>.json.
// `npm run bench -- presence` runs only the benchmarks whose file name contains "presence".
import {
	CACHE,
	PORT_SHIFT,
	ROOT,
	buildApp,
	buildFunctions,
	clientEnv,
	emulatorEnv,
	emulatorProfile,
	ensureChromium,
	ensureInstalled,
	firebaseBin,
	log
} from './lib/setup.mjs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

ensureInstalled();
process.env.PARLEY_CHROMIUM = ensureChromium();
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const buildDir = `.cache/build-bench${PORT_SHIFT ? `-${PORT_SHIFT}` : ''}`;
const profile = emulatorProfile('bench', { buildDir });
buildFunctions();
buildApp(profile, buildDir);

// bench/ops.bench.ts counts the functions' Firestore reads and writes: with this variable the
// Functions emulator's workers meter the Admin SDK and append to the file (emulator only, see
// functions/src/dev/ops-meter.ts). Set only when that benchmark is among those run.
const opsMeter = filters.length === 0 || filters.some((f) => 'bench/ops.bench.ts'.includes(f));
const meterEnv = opsMeter
	? { PARLEY_OPS_METER_FILE: join(CACHE, `ops-meter${PORT_SHIFT ? `-${PORT_SHIFT}` : ''}.jsonl`) }
	: {};

const inner = ['node', 'scripts/bench-run.mjs', ...filters].join(' ');
log('Running the benchmarks…');
const r = spawnSync(
	firebaseBin(),
	[
		'emulators:exec',
		'--only',
		profile.only.join(','),
		'--project',
		profile.projectId,
		'--config',
		profile.configPath,
		'--log-verbosity',
		'QUIET',
		inner
	],
	{ cwd: ROOT, stdio: 'inherit', env: { ...emulatorEnv(), ...clientEnv(profile), ...meterEnv } }
);
process.exit(r.status ?? 1);
