// `npm test`: every tier, in order, each against its own emulators. Exits non-zero on any failure.
//   unit        vitest, pure logic of the app and the functions (no emulators)
//   rules       firestore.rules against the Firestore emulator (own project id and ports)
//   functions   callables and triggers against Auth + Firestore + Functions emulators
//   e2e         Chromium (playwright-core) against the built app served by the Hosting emulator
// `npm test -- unit rules` runs only the named tiers; other words filter test files by name
// (`npm test -- e2e presence` runs the e2e files whose path contains "presence").
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
	CACHE,
	RAPID_RINGING,
	PORT_SHIFT,
	ROOT,
	buildApp,
	buildFunctions,
	emulatorProfile,
	emulatorsExec,
	ensureChromium,
	ensureInstalled,
	ensureKitSync,
	log,
	runQuietly
} from './lib/setup.mjs';

const ALL = ['unit', 'rules', 'functions', 'e2e'];
const asked = process.argv.slice(2).filter((a) => ALL.includes(a));
const tiers = asked.length > 0 ? asked : ALL;
const filters = process.argv.slice(2).filter((a) => !ALL.includes(a) && !a.startsWith('-'));
process.env.PARLEY_TEST_FILTERS = filters.join(' ');
const started = Date.now();

ensureInstalled();
ensureKitSync();
if (tiers.includes('e2e')) process.env.PARLEY_CHROMIUM = ensureChromium();

const RUN = PORT_SHIFT ? `-${PORT_SHIFT}` : '';
const REPORTS = join(CACHE, `test-reports${RUN}`);
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

function vitestArgs(tier, config) {
	const args = ['vitest', 'run', '--reporter=default', '--reporter=json'];
	if (filters.length > 0) args.push('--passWithNoTests');
	args.push(`--outputFile.json=${join(REPORTS, `${tier}.json`)}`);
	if (config) args.push('--config', config);
	args.push(...filters);
	return args;
}

const results = [];
function record(tier, status) {
	results.push({ tier, ok: status === 0 });
}

/** Runs one tier (`run` gets the path of the tier's full log) and records its outcome. */
async function runTier(tier, run) {
	log(`— ${tier} tier —`);
	const t = Date.now();
	const status = await run(join(REPORTS, `${tier.replace('+', '-')}.log`));
	record(tier, status);
	log(
		`${tier} tier ${status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - t) / 1000).toFixed(0)} s`
	);
}

/** Runs a command inside `firebase emulators:exec` for a profile (start, run, stop). */
function withEmulators(tier, profile, command, env = {}) {
	return runTier(tier, (logPath) => emulatorsExec(profile, command, { env, logPath }));
}

/**
 * Presence timing for the integration tiers: heartbeats every 2 s, a panel lost after 8 s, a
 * sweep every 2 s, so a killed browser's operators go offline in about 10 s instead of up to a
 * minute. The functions and the local sweep timer read the same variables. The product's
 * defaults are proven separately: tests/e2e/npm-start.test.ts runs `npm start` without these.
 */
const FAST_PRESENCE = {
	PRESENCE_HEARTBEAT_SECONDS: '2',
	PRESENCE_TIMEOUT_SECONDS: '8',
	PRESENCE_SWEEP_SECONDS: '2'
};

/**
 * The Stripe webhook's signing secret on the emulators (where the functions read it from the
 * environment): the functions tests sign their test events with the same value.
 */
const TEST_SECRETS = { STRIPE_WEBHOOK_SECRET: 'whsec_parley_emulator_tests_only' };

if (tiers.includes('unit'))
	await runTier('unit', (logPath) =>
		runQuietly('npx', vitestArgs('unit'), { env: process.env, logPath })
	);

if (tiers.includes('rules')) {
	const profile = emulatorProfile('rules');
	// vitest, then the coverage gate (scripts/rules-run.mjs).
	const args = vitestArgs('rules', 'tests/rules/vitest.config.ts').slice(2);
	await withEmulators('rules', profile, `node scripts/rules-run.mjs ${REPORTS} ${args.join(' ')}`);
}

const integration = tiers.filter((t) => t === 'functions' || t === 'e2e');
if (integration.length > 0) {
	const buildDir = `.cache/build-test${RUN}`;
	const profile = emulatorProfile('test', { buildDir });
	buildFunctions();
	if (integration.includes('e2e')) buildApp(profile, buildDir);
	// Both tiers share one emulator start (~25 s); each test file clears the data it uses. A
	// failing functions tier does not hide the e2e tier's result.
	const command = `node scripts/integration.mjs ${integration.join(' ')}`;
	await withEmulators(integration.join('+'), profile, command, {
		...FAST_PRESENCE,
		...RAPID_RINGING,
		...TEST_SECRETS
	});
}

// One plain closing line summing the tiers' test counts.
let passed = 0;
let failed = 0;
for (const tier of tiers) {
	const file = join(REPORTS, `${tier}.json`);
	if (!existsSync(file)) continue;
	const report = JSON.parse(readFileSync(file, 'utf8'));
	passed += report.numPassedTests ?? 0;
	failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
}
const ok = results.every((r) => r.ok);
const minutes = ((Date.now() - started) / 60000).toFixed(1);
log(
	`Tiers: ${results.map((r) => `${r.tier} ${r.ok ? 'ok' : 'FAILED'}`).join(', ')} (${minutes} min)`
);
if (!ok && failed === 0) failed = 1;
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(ok ? 0 : 1);
