/**
 * Deployment configuration for the functions: region, params and secrets. Secrets are declared
 * with defineSecret and never live in the repo.
 */
import { defineSecret } from 'firebase-functions/params';
import { FUNCTIONS_REGION } from './shared/callables.js';
import { DEFAULTS } from './shared/config.js';

export const REGION = FUNCTIONS_REGION;

/**
 * How many instances each function may scale to. Every deployed function is its own service, but
 * they share the project's regional instance quota and its Firestore: uncapped, a flood of the
 * unauthenticated beacons (anyone can post them) could take the instances the Stripe webhook needs
 * to credit a payment, or the callables a paying customer is waiting on. So the floodable and the
 * background functions get small caps, the webhook its own, and all caps together stay within
 * INSTANCE_BUDGET, what the project is sized for (its regional quota): whatever floods, the rest
 * still has room. Checked for every exported function in functions/src/instance-caps.test.ts.
 */
export const MAX_INSTANCES = {
	/** Callables and anything else not named below (setGlobalOptions). */
	default: 10,
	/** The page-close beacons (presence and chat): unauthenticated and floodable. */
	beacon: 3,
	/** The scheduled sweep and its emulator twin: one pass at a time is all they need. */
	sweep: 1,
	/** Firestore triggers. */
	trigger: 5,
	/** Stripe's webhook: money arriving must never wait behind other traffic. */
	stripeWebhook: 10
} as const;

/** All the caps together stay within this (see MAX_INSTANCES). */
export const INSTANCE_BUDGET = 400;

/**
 * True inside the Firebase emulators, where secrets come from the environment. Demo-only features
 * check devOnly() (dev/dev-only.ts) instead, which also requires a demo- project.
 */
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
 * into each session, so the app needs no rebuild). A side whose windows have all been silent for
 * longer than the window timeout is gone; a window that announced its close ends the chat after
 * the leave grace unless it came back. CHAT_WINDOW_TIMEOUT_SECONDS and CHAT_LEAVE_GRACE_SECONDS
 * may change them (tests).
 */
export function chatTiming() {
	const { heartbeatSeconds, sweepSeconds } = presenceTiming();
	const windowTimeoutSeconds = positiveInt(
		'CHAT_WINDOW_TIMEOUT_SECONDS',
		DEFAULTS.windowTimeoutSeconds
	);
	const leaveGraceSeconds = positiveInt('CHAT_LEAVE_GRACE_SECONDS', DEFAULTS.leaveGraceSeconds);
	// A window must be able to miss one heartbeat (a slow network) without being taken for gone.
	if (windowTimeoutSeconds < 2 * heartbeatSeconds) {
		throw new Error(
			'CHAT_WINDOW_TIMEOUT_SECONDS must be at least twice PRESENCE_HEARTBEAT_SECONDS.'
		);
	}
	return { heartbeatSeconds, windowTimeoutSeconds, leaveGraceSeconds, sweepSeconds };
}

/**
 * Ringing limits (shared/meters.ts, ringRefusal). The defaults are the product's; the test and
 * benchmark runs, which ring as one customer many times a minute, may change them with
 * CHAT_RING_COOLDOWN_SECONDS and CHAT_RINGS_PER_MINUTE.
 */
export function ringLimits() {
	return {
		cooldownSeconds: positiveInt('CHAT_RING_COOLDOWN_SECONDS', DEFAULTS.ringCooldownSeconds),
		perMinute: positiveInt('CHAT_RINGS_PER_MINUTE', DEFAULTS.ringsPerMinute)
	};
}

/**
 * Stripe (production top-ups). Set with `firebase functions:secrets:set STRIPE_SECRET_KEY` and
 * `… STRIPE_WEBHOOK_SECRET` (the webhook endpoint's signing secret, "whsec_…").
 * The emulators do not bind these secrets (binding would make them look the values up in Secret
 * Manager, which a demo project has not): there the functions read the same names from the
 * environment, which is how the tests give the webhook a signing secret. Unset: checkout refuses
 * with a sentence, and the webhook answers 500 (Stripe retries later).
 */
export const stripeSecretKey = defineSecret('STRIPE_SECRET_KEY');
export const stripeWebhookSecret = defineSecret('STRIPE_WEBHOOK_SECRET');
export const stripeSecrets = (...secrets: ReturnType<typeof defineSecret>[]) =>
	IS_EMULATOR ? [] : secrets;

/** A secret's value: the bound secret in production, the environment on the emulators. */
export function secretValue(secret: ReturnType<typeof defineSecret>): string {
	return (IS_EMULATOR ? process.env[secret.name] : secret.value()) ?? '';
}

/**
 * The public address of the web app (e.g. https://parley.example.com), where Stripe sends the
 * customer back after paying: PUBLIC_APP_URL in functions/.env.<project-id>, which deployed
 * functions read from their environment. (A defineString param would make the emulators ask for
 * a value on start, and the local demo has no use for it.) Empty: checkout refuses politely.
 */
export function publicAppUrl(): string {
	return process.env.PUBLIC_APP_URL ?? '';
}

/**
 * LiveKit (the production webcam transport). `LIVEKIT_URL` (wss://…) is read from the
 * environment (functions/.env.<project-id>); the API key and secret are secrets, set with
 * `firebase functions:secrets:set LIVEKIT_API_KEY` and `… LIVEKIT_API_SECRET`. As with Stripe, the
 * emulators read all three from the environment. Nothing configured (the local default): the
 * webcam runs peer to peer between the two windows, and nothing on the server talks to LiveKit.
 */
export const livekitApiKey = defineSecret('LIVEKIT_API_KEY');
export const livekitApiSecret = defineSecret('LIVEKIT_API_SECRET');
export const livekitSecrets = () => (IS_EMULATOR ? [] : [livekitApiKey, livekitApiSecret]);

export interface LiveKitConfig {
	/** The server's websocket address, handed to the app (wss://…). */
	url: string;
	apiKey: string;
	apiSecret: string;
}

/** The LiveKit configuration, or null when no LiveKit server is configured. */
export function livekitConfig(): LiveKitConfig | null {
	const url = process.env.LIVEKIT_URL ?? '';
	if (!url) return null;
	const apiKey = secretValue(livekitApiKey);
	const apiSecret = secretValue(livekitApiSecret);
	if (!apiKey || !apiSecret) return null;
	return { url, apiKey, apiSecret };
}
