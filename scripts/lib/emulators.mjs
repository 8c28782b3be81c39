// Starts and stops the Firebase emulators for a profile, as one process group we can kill whole.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { ROOT, emulatorEnv, firebaseBin, log } from './setup.mjs';

async function reachable(port) {
	try {
		await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
		return true;
	} catch {
		return false;
	}
}

/** Refuses to start when a port is taken: a leftover emulator would silently serve stale code. */
export async function assertPortsFree(profile) {
	for (const [name, port] of Object.entries(profile.ports)) {
		if (await reachable(port)) {
			throw new Error(
				`Port ${port} (${name}) is already in use. Stop the other emulators first ` +
					`(or set PARLEY_PORT_SHIFT to move every port).`
			);
		}
	}
}

/**
 * Starts `firebase emulators:start` for the profile and resolves once every emulator answers.
 * Returns a stop() that ends the whole process tree (the Java and Node children included).
 */
export async function startEmulators(profile, { quiet = false, logFile } = {}) {
	await assertPortsFree(profile);
	const args = [
		'emulators:start',
		'--only',
		profile.only.join(','),
		'--project',
		profile.projectId,
		'--config',
		profile.configPath
	];
	if (logFile) mkdirSync(dirname(logFile), { recursive: true });
	const out = logFile ? openSync(logFile, 'w') : quiet ? 'ignore' : 'inherit';
	const child = spawn(firebaseBin(), args, {
		cwd: ROOT,
		env: emulatorEnv(),
		detached: true,
		stdio: ['ignore', out, logFile ? out : 'inherit']
	});
	let exited = false;
	const exitPromise = new Promise((resolve) =>
		child.on('exit', (code) => ((exited = true), resolve(code)))
	);
	const stop = async () => {
		if (exited) return;
		try {
			process.kill(-child.pid, 'SIGINT');
		} catch {
			return;
		}
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* already gone */
			}
		}, 8000);
		await exitPromise;
		clearTimeout(timer);
	};
	const deadline = Date.now() + 120_000;
	const ready = async () => {
		const hub = await fetch(`http://127.0.0.1:${profile.ports.hub}/emulators`, {
			signal: AbortSignal.timeout(1000)
		})
			.then((r) => r.json())
			.catch(() => null);
		return hub && profile.only.every((name) => hub[name]);
	};
	while (!(await ready())) {
		if (exited) {
			throw new Error(
				`The emulators exited during start-up (see ${logFile ?? 'the output above'}).`
			);
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error('The emulators did not start within 2 minutes.');
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	if (!quiet) log(`Emulators ready (${profile.only.join(', ')}).`);
	return { stop, exited: exitPromise };
}
