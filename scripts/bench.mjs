// `npm run bench`: builds the product, starts the emulators with the product's default timing
// (the same bootstrap as `npm start`, on their own ports), runs every benchmark under bench/,
// and leaves each one's figures in bench/results/<name>.json.
// `npm run bench -- presence` runs only the benchmarks whose file name contains "presence".
import {
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

ensureInstalled();
process.env.PARLEY_CHROMIUM = ensureChromium();
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const buildDir = `.cache/build-bench${PORT_SHIFT ? `-${PORT_SHIFT}` : ''}`;
const profile = emulatorProfile('bench', { buildDir });
buildFunctions();
buildApp(profile, buildDir);

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
	{
		cwd: ROOT,
		stdio: 'inherit',
		env: {
			...emulatorEnv(),
			...clientEnv(profile),
			// Where that build went (bench/bundle.bench.ts reads it).
			PARLEY_BENCH_BUILD_DIR: buildDir,
			PARLEY_BENCH_KIT_OUT: PORT_SHIFT ? `.cache/kit-${PORT_SHIFT}` : '.svelte-kit'
		}
	}
);
process.exit(r.status ?? 1);
