// `npm run soak -- --minutes N [--sessions K]`: builds the product, starts the emulators with
// the product's default timing (the benchmarks' bootstrap and ports, its own project id), and runs K concurrent chat
// sessions (default 25) for N minutes (default 10) through the product's real paths, with one
// Chromium page of the app open. Checks messages, the ledger and errors at the end, samples
// memory over the run, and writes bench/results/soak.json. Exits non-zero if a check fails.
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
	fail,
	firebaseBin,
	log
} from './lib/setup.mjs';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

function flag(name, fallback) {
	const args = process.argv.slice(2);
	const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (i < 0) return fallback;
	const raw = args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
	const value = Number(raw);
	if (!Number.isFinite(value) || value <= 0) fail(`--${name} wants a positive number.`);
	return value;
}

const minutes = flag('minutes', 10);
const sessions = Math.round(flag('sessions', 25));

ensureInstalled();
process.env.PARLEY_CHROMIUM = ensureChromium();
const buildDir = `.cache/build-soak${PORT_SHIFT ? `-${PORT_SHIFT}` : ''}`;
const profile = emulatorProfile('soak', { buildDir });
buildFunctions();
buildApp(profile, buildDir);

// Routine emulator chatter (the functions' DEBUG lines, each Hosting rewrite) goes only to the
// full log, so the progress lines and the summary stand out in the console.
const CHATTER = [/"severity":"DEBUG"/, /^\[hosting\] Rewriting /];
mkdirSync(CACHE, { recursive: true });
const logPath = join(CACHE, `soak${PORT_SHIFT ? `-${PORT_SHIFT}` : ''}.log`);
const full = createWriteStream(logPath);
log(
	`Soak: ${sessions} concurrent chats for ${minutes} min (full log: ${logPath.slice(ROOT.length + 1)})…`
);
const child = spawn(
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
		'node scripts/soak-run.mjs'
	],
	{
		cwd: ROOT,
		stdio: ['inherit', 'pipe', 'pipe'],
		env: {
			...emulatorEnv(),
			...clientEnv(profile),
			SOAK_MINUTES: String(minutes),
			SOAK_SESSIONS: String(sessions)
		}
	}
);
const relay = (stream, out) =>
	createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
		full.write(line + '\n');
		if (!CHATTER.some((re) => re.test(line))) out.write(line + '\n');
	});
relay(child.stdout, process.stdout);
relay(child.stderr, process.stderr);
child.on('close', (code) => {
	full.end(() => process.exit(code ?? 1));
});
