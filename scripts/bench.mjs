// `npm run bench`: builds the product, starts the emulators with the product's default timing
// (the same bootstrap as `npm start`, on their own ports), runs every benchmark under bench/,
// and leaves each one's figures in bench/results/<name>.json. The emulators' routine chatter goes
// to .cache/bench.log only.
// `npm run bench -- presence` runs only the benchmarks whose file name contains "presence".
import {
	CACHE,
	RAPID_RINGING,
	PORT_SHIFT,
	buildApp,
	buildFunctions,
	emulatorProfile,
	emulatorsExec,
	ensureChromium,
	ensureInstalled,
	log
} from './lib/setup.mjs';
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
const status = await emulatorsExec(profile, inner, {
	logPath: `${CACHE}/bench${PORT_SHIFT ? `-${PORT_SHIFT}` : ''}.log`,
	env: {
		// Where that build went (bench/bundle.bench.ts reads it).
		PARLEY_BENCH_BUILD_DIR: buildDir,
		PARLEY_BENCH_KIT_OUT: PORT_SHIFT ? `.cache/kit-${PORT_SHIFT}` : '.svelte-kit',
		// The chat benchmark rings as one customer a dozen times in a minute.
		...RAPID_RINGING,
		...meterEnv
	}
});
process.exit(status);
