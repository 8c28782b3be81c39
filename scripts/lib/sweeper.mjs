// The local twin of the production presence schedule: the Functions emulator does not run
// onSchedule functions, so whatever runs the emulators (npm start, the test tiers, benchmarks)
// calls the sweep endpoint on a timer with the production period.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './setup.mjs';

/**
 * The period: PRESENCE_SWEEP_SECONDS when set (the same variable the functions read, so a test
 * run that shortens presence timing shortens both), else DEFAULTS.sweepSeconds.
 */
export function sweepSeconds() {
	const configured = Number(process.env.PRESENCE_SWEEP_SECONDS);
	if (Number.isInteger(configured) && configured > 0) return configured;
	// The built shared config is the single source of the default period.
	const source = readFileSync(join(ROOT, 'functions/lib/shared/config.js'), 'utf8');
	const match = /sweepSeconds:\s*(\d+)/.exec(source);
	return match ? Number(match[1]) : 30;
}

function sweepUrl(functionsOrigin, projectId) {
	return `${functionsOrigin}/${projectId}/us-central1/presenceSweepLocal`;
}

/**
 * Resolves once the sweep answers: the Functions emulator reports itself up before it has
 * loaded the functions, and "ready" must mean the product works.
 */
export async function waitForSweep({ functionsOrigin, projectId, timeoutMs = 60_000 }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const ok = await fetch(sweepUrl(functionsOrigin, projectId), {
			method: 'POST',
			signal: AbortSignal.timeout(10_000)
		})
			.then((r) => r.ok)
			.catch(() => false);
		if (ok) return;
		if (Date.now() > deadline) throw new Error('The functions did not load within a minute.');
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/**
 * Starts the timer. `functionsOrigin` like http://127.0.0.1:5001. Returns stop(). Failures are
 * reported once per streak, not per tick, so a stopped emulator does not flood the console.
 */
export function startSweeper({ functionsOrigin, projectId, periodMs, onError = console.error }) {
	const url = sweepUrl(functionsOrigin, projectId);
	const period = periodMs ?? sweepSeconds() * 1000;
	let failing = false;
	let stopped = false;
	let timer;
	// Sweeps never overlap: the next one is timed from the start of this one, and waits for it
	// to finish if it runs long (two sweeps at once would only contend for the same locks).
	const tick = async () => {
		const started = Date.now();
		try {
			const response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(60_000) });
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			// Each sweep runs on its own; the answer names those that threw (the functions log why).
			const { failed } = await response.json();
			if (Array.isArray(failed) && failed.length > 0)
				throw new Error(`${failed.join(', ')} failed (see the functions log)`);
			failing = false;
		} catch (error) {
			if (!failing) onError(`Presence sweep failed: ${error.message}`);
			failing = true;
		}
		if (!stopped) timer = setTimeout(tick, Math.max(0, period - (Date.now() - started)));
	};
	void tick();
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}
