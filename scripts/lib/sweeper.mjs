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

/**
 * Starts the timer. `functionsOrigin` like http://127.0.0.1:5001. Returns stop(). Failures are
 * reported once per streak, not per tick, so a stopped emulator does not flood the console.
 */
export function startSweeper({ functionsOrigin, projectId, periodMs, onError = console.error }) {
	const url = `${functionsOrigin}/${projectId}/us-central1/presenceSweepLocal`;
	const period = periodMs ?? sweepSeconds() * 1000;
	let failing = false;
	const tick = async () => {
		try {
			const response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(10_000) });
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			failing = false;
		} catch (error) {
			if (!failing) onError(`Presence sweep failed: ${error.message}`);
			failing = true;
		}
	};
	const timer = setInterval(tick, period);
	void tick();
	return () => clearInterval(timer);
}
