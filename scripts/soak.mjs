// `npm run soak -- --minutes N [--sessions K]`: builds the product, starts the emulators with
// the product's default timing (the benchmarks' bootstrap and ports, its own project id), and
// runs K concurrent chat sessions (default 25) for N minutes (default 10) through the product's
// real paths, with one Chromium page of the app open. Checks messages, the ledger and errors at
// the end, samples memory over the run, and writes bench/results/soak.json. Exits non-zero if a
// check fails.
import {
	CACHE,
	PORT_SHIFT,
	ROOT,
	buildApp,
	buildFunctions,
	emulatorProfile,
	emulatorsExec,
	ensureChromium,
	ensureInstalled,
	fail,
	log
} from './lib/setup.mjs';
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

const logPath = join(CACHE, `soak${PORT_SHIFT ? `-${PORT_SHIFT}` : ''}.log`);
log(
	`Soak: ${sessions} concurrent chats for ${minutes} min (full log: ${logPath.slice(ROOT.length + 1)})…`
);
const status = await emulatorsExec(profile, 'node scripts/soak-run.mjs', {
	logPath,
	env: {
		SOAK_MINUTES: String(minutes),
		SOAK_SESSIONS: String(sessions),
		// The functions' Firestore writes, metered (functions/src/dev/ops-meter.ts): the soak
		// prices the Firestore emulator's heap growth per write.
		PARLEY_OPS_METER_FILE: join(CACHE, `soak-meter${PORT_SHIFT ? `-${PORT_SHIFT}` : ''}.jsonl`)
	}
});
process.exit(status);
