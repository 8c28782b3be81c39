/**
 * Deployment configuration for the functions: region, and (for later capabilities) params and
 * secrets. Secrets are declared with defineSecret and never live in the repo.
 */
import { FUNCTIONS_REGION } from './shared/callables.js';
import { DEFAULTS } from './shared/config.js';

export const REGION = FUNCTIONS_REGION;

/** True inside the Firebase emulators; demo-only features (the demo top-up) check this. */
export const IS_EMULATOR = process.env.FUNCTIONS_EMULATOR === 'true';

function positiveInt(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value <= 0) {
		throw new Error(`${name} must be a positive whole number of seconds, not "${raw}".`);
	}
	return value;
}

/**
 * Presence timing. The defaults (DEFAULTS) are the product's; the environment may shorten them
 * (the end-to-end tests do, so a killed browser is noticed in seconds rather than a minute).
 * The heartbeat period is handed to each panel when it opens, so the page needs no rebuild.
 */
export function presenceTiming() {
	const heartbeatSeconds = positiveInt('PRESENCE_HEARTBEAT_SECONDS', DEFAULTS.heartbeatSeconds);
	const panelTimeoutSeconds = positiveInt('PRESENCE_TIMEOUT_SECONDS', DEFAULTS.panelTimeoutSeconds);
	const sweepSeconds = positiveInt('PRESENCE_SWEEP_SECONDS', DEFAULTS.sweepSeconds);
	// A panel must be able to miss one heartbeat (a slow network) without being swept.
	if (panelTimeoutSeconds < 2 * heartbeatSeconds) {
		throw new Error('PRESENCE_TIMEOUT_SECONDS must be at least twice PRESENCE_HEARTBEAT_SECONDS.');
	}
	return { heartbeatSeconds, panelTimeoutSeconds, sweepSeconds };
}

/**
 * Chat session timing. Session windows heartbeat at the presence period (the server writes it
 * into each session, so the app needs no rebuild); an operator-side window silent for longer than
 * the reload grace ends the session. CHAT_RELOAD_GRACE_SECONDS may shorten the grace in tests.
 */
export function chatTiming() {
	const { heartbeatSeconds, sweepSeconds } = presenceTiming();
	const reloadGraceSeconds = positiveInt('CHAT_RELOAD_GRACE_SECONDS', DEFAULTS.reloadGraceSeconds);
	// A reload, plus one late heartbeat, must fit inside the grace.
	if (reloadGraceSeconds < 2 * heartbeatSeconds) {
		throw new Error('CHAT_RELOAD_GRACE_SECONDS must be at least twice PRESENCE_HEARTBEAT_SECONDS.');
	}
	return { heartbeatSeconds, reloadGraceSeconds, sweepSeconds };
}
