// `npm start`: the whole product on the Firebase emulators with demo data.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
	ROOT,
	buildApp,
	buildFunctions,
	clientEnv,
	emulatorProfile,
	ensureInstalled,
	fail,
	log,
	PORT_SHIFT
} from './lib/setup.mjs';

ensureInstalled();
const { startEmulators } = await import('./lib/emulators.mjs');
const profile = emulatorProfile('start', { buildDir: 'build' });
const LOG_NAME = `emulators${PORT_SHIFT ? `-${PORT_SHIFT}` : ''}.log`;
buildFunctions();
buildApp(profile, 'build');

let emulators;
try {
	log('Starting the emulators (Auth, Firestore, Functions, Hosting)…');
	emulators = await startEmulators(profile, { logFile: join(ROOT, '.cache', LOG_NAME) });
} catch (error) {
	fail(error.message);
}

let stopping = false;
async function shutdown(code = 0) {
	if (stopping) return;
	stopping = true;
	log('Stopping…');
	await emulators.stop();
	process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
emulators.exited.then(() => {
	if (!stopping) {
		process.stderr.write('The emulators stopped unexpectedly.\n');
		process.exit(1);
	}
});

log('Seeding demo data…');
const seeded = spawnSync('node', [join(ROOT, 'functions/lib/dev/seed-cli.js')], {
	cwd: ROOT,
	env: { ...process.env, ...clientEnv(profile) },
	encoding: 'utf8'
});
if (seeded.status !== 0) {
	process.stderr.write(seeded.stderr);
	await shutdown(1);
}
const summary = JSON.parse(seeded.stdout.trim().split('\n').pop());

const { startSweeper, sweepSeconds, waitForSweep } = await import('./lib/sweeper.mjs');
const { DEFAULTS } = await import('../functions/lib/shared/config.js');
const presence = {
	heartbeat: Number(process.env.PRESENCE_HEARTBEAT_SECONDS) || DEFAULTS.heartbeatSeconds,
	timeout: Number(process.env.PRESENCE_TIMEOUT_SECONDS) || DEFAULTS.panelTimeoutSeconds,
	sweep: sweepSeconds()
};
const functionsAt = {
	functionsOrigin: `http://127.0.0.1:${profile.ports.functions}`,
	projectId: profile.projectId
};
try {
	await waitForSweep(functionsAt);
} catch (error) {
	process.stderr.write(`${error.message} See .cache/${LOG_NAME}.\n`);
	await shutdown(1);
}
startSweeper(functionsAt);

const url = `http://127.0.0.1:${profile.ports.hosting}`;
const rows = summary.accounts.map((a) => [a.role, a.email, a.name, a.note]);
const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
const table = rows.map((r) => '  ' + r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
process.stdout.write(
	`\n\x1b[1mParley is running at ${url}\x1b[0m\n\n` +
		`Demo accounts (password for all: ${summary.password}):\n${table}\n\n` +
		`Presence: control panels beat every ${presence.heartbeat} s; a panel silent for ${presence.timeout} s ` +
		`is closed by the presence sweep, which runs every ${presence.sweep} s.\n` +
		`Data lives in the emulators and is reset at every start. Emulator and function logs: .cache/${LOG_NAME}\n` +
		`Press Ctrl-C to stop.\n\n`
);
