// Installs and prepares everything the product needs to run locally, using only Node built-ins
// (this runs before node_modules exists). Shared by `npm start`, `npm test` and `npm run bench`.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	createWriteStream,
	existsSync,
	lstatSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	statSync,
	utimesSync,
	writeFileSync
} from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { externalizeBootScripts } from './boot-script.mjs';
import { hostingForEmulators } from './hosting-headers.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = join(ROOT, '.cache');
/** Moves every emulator port (and per-run folders) so several runners can share a machine. */
export const PORT_SHIFT = Number(process.env.PARLEY_PORT_SHIFT ?? 0);

/**
 * Ringing limits for the test and benchmark runs, which ring as one demo customer many times a
 * minute (ring, decline, ring again): a 1 s cooldown and 60 new requests a minute instead of the
 * product's (DEFAULTS.ringCooldownSeconds, ringsPerMinute). The functions read the same
 * variables (functions/src/config.ts ringLimits); the limits' own tests read them too.
 */
export const RAPID_RINGING = { CHAT_RING_COOLDOWN_SECONDS: '1', CHAT_RINGS_PER_MINUTE: '60' };

export function log(message) {
	process.stdout.write(`\x1b[36m[parley]\x1b[0m ${message}\n`);
}

export function fail(message) {
	process.stderr.write(`\x1b[31m[parley]\x1b[0m ${message}\n`);
	process.exit(1);
}

export function run(command, args, options = {}) {
	const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
	if (result.error) fail(`${command} could not start: ${result.error.message}`);
	if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (exit ${result.status}).`);
}

function hashFile(path) {
	return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Runs `npm ci` in a package folder when its node_modules is missing or older than its lockfile.
 * A node_modules that is a symbolic link is left alone: it belongs to another checkout, and
 * `npm ci` here would replace the link (or, worse, empty the folder it points to).
 */
export function ensureNodeModules(dir) {
	const modules = join(dir, 'node_modules');
	if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) return;
	const lock = join(dir, 'package-lock.json');
	const stamp = join(dir, 'node_modules', '.parley-lock-hash');
	const want = existsSync(lock) ? hashFile(lock) : null;
	if (want && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
	log(`Installing npm packages in ${dir === ROOT ? 'the app' : dir.slice(ROOT.length + 1)}…`);
	run('npm', [want ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: dir });
	if (want) writeFileSync(stamp, want);
}

export function ensureInstalled() {
	ensureNodeModules(ROOT);
	ensureNodeModules(join(ROOT, 'functions'));
}

export function ensureJava() {
	const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
	if (probe.error || probe.status !== 0) {
		fail(
			'Java is needed for the Firestore emulator but was not found. Install it (Debian/Ubuntu: ' +
				'`apt-get install -y openjdk-17-jre-headless`) and run the command again.'
		);
	}
}

const GCLOUD_FIRESTORE_JAR =
	'/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar';
const GCLOUD_PUBSUB =
	'/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator';

/** Writes a ZIP (stored, no compression) containing the given files: enough for a JAR. */
function writeStoredZip(path, files) {
	const locals = [];
	const centrals = [];
	let offset = 0;
	for (const [name, text] of files) {
		const data = Buffer.from(text, 'utf8');
		const nameBuf = Buffer.from(name, 'utf8');
		const crc = crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(nameBuf.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(nameBuf.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, nameBuf, data);
		centrals.push(central, nameBuf);
		offset += local.length + nameBuf.length + data.length;
	}
	const centralSize = centrals.reduce((n, b) => n + b.length, 0);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(files.length, 8);
	end.writeUInt16LE(files.length, 10);
	end.writeUInt32LE(centralSize, 12);
	end.writeUInt32LE(offset, 16);
	writeFileSync(path, Buffer.concat([...locals, ...centrals, end]));
}

/**
 * Environment for firebase-tools. On machines that ship Google's Firestore emulator package
 * (no internet needed) we point firebase-tools at it through a wrapper JAR whose manifest names
 * the main class, because firebase-tools launches emulators with `java -jar`. Elsewhere
 * firebase-tools downloads its own emulator as usual.
 */
export function emulatorEnv() {
	ensureJava();
	const env = { ...process.env };
	if (existsSync(GCLOUD_FIRESTORE_JAR)) {
		mkdirSync(CACHE, { recursive: true });
		const wrapper = join(CACHE, 'firestore-emulator-wrapper.jar');
		if (!existsSync(wrapper) || statSync(wrapper).size === 0) {
			writeStoredZip(wrapper, [
				[
					'META-INF/MANIFEST.MF',
					'Manifest-Version: 1.0\r\n' +
						'Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore\r\n' +
						`Class-Path: file:${GCLOUD_FIRESTORE_JAR}\r\n\r\n`
				]
			]);
		}
		env.FIRESTORE_EMULATOR_BINARY_PATH = wrapper;
	} else {
		log(
			'The preinstalled Firestore emulator was not found; firebase-tools will download its own ' +
				'(this needs internet access and Java 21).'
		);
	}
	if (existsSync(GCLOUD_PUBSUB)) env.PUBSUB_EMULATOR_BINARY_PATH = GCLOUD_PUBSUB;
	return env;
}

/** Port sets: `npm start` and the test tiers can run side by side. PARLEY_PORT_SHIFT moves all. */
const PROFILES = {
	start: {
		projectId: 'demo-parley',
		ports: {
			auth: 9099,
			firestore: 8080,
			functions: 5001,
			hosting: 4173,
			hub: 4400,
			logging: 4500
		},
		extra: { firestoreWs: 9150, eventarc: 9299, tasks: 9499 }
	},
	test: {
		projectId: 'demo-parley-test',
		ports: {
			auth: 9199,
			firestore: 8180,
			functions: 5101,
			hosting: 4273,
			hub: 4410,
			logging: 4510
		},
		extra: { firestoreWs: 9160, eventarc: 9309, tasks: 9509 }
	},
	bench: {
		projectId: 'demo-parley-bench',
		ports: {
			auth: 9399,
			firestore: 8380,
			functions: 5201,
			hosting: 4373,
			hub: 4430,
			logging: 4530
		},
		extra: { firestoreWs: 9180, eventarc: 9319, tasks: 9519 }
	},
	// The soak (`npm run soak`): the benchmarks' ports (the two never run together), its own
	// project id so it never shares the emulator hub's locator file with a benchmark run.
	rules: {
		projectId: 'demo-parley-rules',
		ports: { firestore: 8280, hub: 4420, logging: 4520 },
		extra: { firestoreWs: 9170 }
	}
};

// The soak (`npm run soak`): the benchmarks' ports (the two never run together), its own
// project id so it never shares the emulator hub's locator file with a benchmark run.
PROFILES.soak = { ...PROFILES.bench, projectId: 'demo-parley-soak' };

/**
 * Writes a firebase config for a profile (ports, build folder) next to firebase.json and
 * returns everything a runner needs to know about it.
 */
export function emulatorProfile(name, { buildDir } = {}) {
	const profile = PROFILES[name];
	const shift = PORT_SHIFT;
	const ports = Object.fromEntries(Object.entries(profile.ports).map(([k, v]) => [k, v + shift]));
	const base = JSON.parse(readFileSync(join(ROOT, 'firebase.json'), 'utf8'));
	const emulators = { ui: { enabled: false }, singleProjectMode: true };
	for (const [key, port] of Object.entries(ports)) emulators[key] = { host: '127.0.0.1', port };
	// Ports the emulators would otherwise take at fixed defaults, clashing between runners.
	const extra = Object.fromEntries(Object.entries(profile.extra).map(([k, v]) => [k, v + shift]));
	emulators.firestore.websocketPort = extra.firestoreWs;
	if (extra.eventarc) emulators.eventarc = { host: '127.0.0.1', port: extra.eventarc };
	if (extra.tasks) emulators.tasks = { host: '127.0.0.1', port: extra.tasks };
	const config = { ...base, emulators };
	// The app built for this profile calls these emulators from the page (see hosting-headers.mjs).
	const called = ['auth', 'firestore', 'functions'].filter((k) => ports[k]);
	config.hosting = hostingForEmulators(
		{ ...base.hosting, ...(buildDir ? { public: buildDir } : {}) },
		called.map((k) => `http://127.0.0.1:${ports[k]}`)
	);
	const configPath = join(ROOT, `firebase.${name}${shift ? `-${shift}` : ''}.local.json`);
	writeFileSync(configPath, JSON.stringify(config, null, 2));
	const only = Object.keys(ports).filter((k) => k !== 'hub' && k !== 'logging');
	// A shifted run has its own project id too: the emulators keep one hub locator file per
	// project id, so two runs of one profile would otherwise find each other's emulators.
	const projectId = shift ? `${profile.projectId}-${shift}` : profile.projectId;
	return { name, projectId, ports, configPath, only };
}

/** Environment variables that point Admin SDKs and test code at a profile's emulators. */
export function clientEnv(profile) {
	const { ports, projectId } = profile;
	const env = {
		GCLOUD_PROJECT: projectId,
		FIREBASE_PROJECT_ID: projectId,
		PARLEY_PROJECT_ID: projectId
	};
	if (ports.firestore) env.FIRESTORE_EMULATOR_HOST = `127.0.0.1:${ports.firestore}`;
	if (ports.auth) env.FIREBASE_AUTH_EMULATOR_HOST = `127.0.0.1:${ports.auth}`;
	if (ports.functions) env.PARLEY_FUNCTIONS_ORIGIN = `http://127.0.0.1:${ports.functions}`;
	if (ports.hosting) env.PARLEY_APP_ORIGIN = `http://127.0.0.1:${ports.hosting}`;
	return env;
}

/** Build-time variables for the web app when it runs against a profile's emulators. */
export function appBuildEnv(profile) {
	const { ports, projectId } = profile;
	return {
		VITE_FIREBASE_PROJECT_ID: projectId,
		VITE_FIREBASE_API_KEY: 'demo-api-key',
		VITE_FIREBASE_AUTH_DOMAIN: `${projectId}.firebaseapp.com`,
		VITE_FIREBASE_APP_ID: 'demo-app',
		VITE_USE_EMULATORS: 'true',
		VITE_EMULATOR_AUTH_PORT: String(ports.auth),
		VITE_EMULATOR_FIRESTORE_PORT: String(ports.firestore),
		VITE_EMULATOR_FUNCTIONS_PORT: String(ports.functions)
	};
}

/** The newest modification time among the functions' sources and build settings. */
function newestFunctionsSource() {
	const dir = join(ROOT, 'functions');
	let newest = Math.max(
		statSync(join(dir, 'tsconfig.json')).mtimeMs,
		statSync(join(dir, 'package.json')).mtimeMs
	);
	const walk = (folder) => {
		for (const entry of readdirSync(folder, { withFileTypes: true })) {
			const path = join(folder, entry.name);
			if (entry.isDirectory()) walk(path);
			else newest = Math.max(newest, statSync(path).mtimeMs);
		}
	};
	walk(join(dir, 'src'));
	return newest;
}

/**
 * Compiles functions/ into functions/lib, unless nothing changed since the last build (a stamp
 * dated when that build started). Besides the time, this keeps a second runner (`npm start`
 * inside the e2e tier) from rewriting the files a running Functions emulator loads its workers
 * from.
 */
export function buildFunctions() {
	const stamp = join(ROOT, 'functions', 'lib', '.built');
	if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestFunctionsSource()) {
		log('Functions are built and up to date.');
		return;
	}
	log('Building functions…');
	const started = new Date();
	run('npm', ['run', 'build', '--silent'], { cwd: join(ROOT, 'functions') });
	writeFileSync(stamp, '');
	utimesSync(stamp, started, started);
}

/**
 * tsconfig.json (which every vitest tier's transform reads) extends .svelte-kit/tsconfig.json;
 * a fresh clone has none yet, and a build into another folder (a port shift) does not write it.
 */
export function ensureKitSync() {
	if (existsSync(join(ROOT, '.svelte-kit', 'tsconfig.json'))) return;
	const { PARLEY_KIT_OUT: _ignored, ...env } = process.env;
	run('npx', ['svelte-kit', 'sync'], { env });
}

export function buildApp(profile, outDir) {
	log('Building the web app…');
	ensureKitSync();
	run('npx', ['vite', 'build', '--logLevel', 'warn'], {
		env: {
			...process.env,
			...appBuildEnv(profile),
			PARLEY_BUILD_DIR: outDir,
			...(PORT_SHIFT ? { PARLEY_KIT_OUT: `.cache/kit-${PORT_SHIFT}` } : {})
		}
	});
	// As `npm run build` does: no inline script is left for the Content-Security-Policy to allow.
	externalizeBootScripts(resolve(ROOT, outDir));
}

export function ensureChromium() {
	if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
	log('Chromium is missing; installing Debian chromium for the end-to-end tests…');
	const asRoot = process.getuid?.() === 0 ? [] : ['sudo'];
	const apt = (args) => run(asRoot[0] ?? 'apt-get', asRoot.length ? ['apt-get', ...args] : args);
	apt(['update']);
	apt(['install', '-y', 'chromium']);
	if (!existsSync('/usr/bin/chromium'))
		fail('Installing chromium did not produce /usr/bin/chromium.');
	return '/usr/bin/chromium';
}

export function firebaseBin() {
	return join(ROOT, 'node_modules', '.bin', 'firebase');
}

export { execFileSync };

/**
 * Routine emulator chatter (the functions' DEBUG lines, each Hosting rewrite) goes only to a log
 * file, so what matters stands out in the console.
 */
const CHATTER = [/"severity":"DEBUG"/, /^\[hosting\] Rewriting /];

/** Runs a command, printing its output without the chatter and keeping all of it in `logPath`. */
export async function runQuietly(command, args, { env, logPath }) {
	mkdirSync(dirname(logPath), { recursive: true });
	const full = createWriteStream(logPath);
	const child = spawn(command, args, { cwd: ROOT, stdio: ['inherit', 'pipe', 'pipe'], env });
	const relay = (stream, out) =>
		createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
			full.write(line + '\n');
			if (!CHATTER.some((re) => re.test(line))) out.write(line + '\n');
		});
	relay(child.stdout, process.stdout);
	relay(child.stderr, process.stderr);
	const status = await new Promise((done) => child.on('close', (code) => done(code ?? 1)));
	await new Promise((done) => full.end(done));
	return status;
}

/**
 * Runs `command` inside `firebase emulators:exec` for a profile (start, run, stop), quietly (see
 * runQuietly); `env` adds to the emulators' and the client's environment. Returns the exit code.
 */
export function emulatorsExec(profile, command, { env = {}, logPath }) {
	return runQuietly(
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
			command
		],
		{ env: { ...emulatorEnv(), ...clientEnv(profile), ...env }, logPath }
	);
}
