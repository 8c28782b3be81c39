/**
 * Flood limits. What a chat window writes straight to Firestore (messages, webcam signals) is
 * counted in the writer's own party document (`sessions/{id}/parties/{uid}`), per minute window:
 * `{meter}` the count, `{meter}Since` when the window began (server time). Each message or signal
 * is written in one batch with its meter's step, and the rules (firestore.rules, isMeterStep)
 * accept the pair only when the step is right and the count stays within the limit. The window
 * is restarted by the writer once a minute has passed since it began; the rules check that too,
 * with the server's clock.
 *
 * The browser decides which step to write from the party document it holds, on its own clock.
 * Near a window's end its clock may disagree with the server's; the write is refused and the
 * other step is tried once (meterRetry), which the server's clock then accepts.
 *
 * Ringing and help feedback are limited on the server (limitWait), in the transaction that
 * records them, with counters in server-only rateLimits documents.
 */
import { LIMITS } from './config.js';

export const METER_WINDOW_MS = 60_000;

export const METERS = {
	posts: { count: 'posts', since: 'postsSince', perMinute: LIMITS.messagesPerMinute },
	signals: { count: 'signals', since: 'signalsSince', perMinute: LIMITS.signalsPerMinute }
} as const;

export type MeterName = keyof typeof METERS;

/** A meter as stored: absent until the window's first write. */
export interface MeterState {
	count?: number | null;
	/** The window's start, in milliseconds (server time). */
	sinceMs?: number | null;
}

/**
 * The step to write with the next message or signal: `count` (one more in the window),
 * `restart` (a new window from now, count 1), or `full` (the limit is reached; the window ends in
 * `waitMs`).
 */
export type MeterStep = { kind: 'count' } | { kind: 'restart' } | { kind: 'full'; waitMs: number };

export function meterStep(state: MeterState, name: MeterName, nowMs: number): MeterStep {
	const { perMinute } = METERS[name];
	const since = state.sinceMs ?? null;
	const count = state.count ?? 0;
	if (since === null || nowMs >= since + METER_WINDOW_MS) return { kind: 'restart' };
	if (count < perMinute) return { kind: 'count' };
	return { kind: 'full', waitMs: since + METER_WINDOW_MS - nowMs };
}

/**
 * After the rules refused a write with `tried`: the other step, once. A refused `count` near the
 * window's end may be a window the server has already closed; a refused `restart` one the server
 * has not closed yet. Null when there is nothing else to try.
 */
export function meterRetry(tried: MeterStep, state: MeterState, name: MeterName): MeterStep | null {
	if (tried.kind === 'restart') {
		return (state.count ?? 0) < METERS[name].perMinute ? { kind: 'count' } : null;
	}
	if (tried.kind === 'count') return { kind: 'restart' };
	return null;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Said when a window has sent its minute's worth. */
export function tooFastSentence(what: 'messages' | 'signals', waitMs: number): string {
	return what === 'messages'
		? `You are sending messages very quickly. Wait ${seconds(waitMs)} s, then send again.`
		: `The webcam is restarting too often. Wait ${seconds(waitMs)} s and try again.`;
}

// ---- server-side limits (rateLimits/{kind}:{key}) ---------------------------------------------

/** A limit the server keeps: a gap between two actions, and at most `perWindow` in a window. */
export interface ServerLimit {
	cooldownMs: number;
	perWindow: number;
	windowMs: number;
}

/** What the server has counted so far for one person (or address) and kind. */
export interface Counted {
	/** The latest counted action (ms), or null. */
	lastMs: number | null;
	/** Actions in the current window, and when it began (ms). */
	count: number;
	sinceMs: number | null;
}

export const NOTHING_COUNTED: Counted = { lastMs: null, count: 0, sinceMs: null };

/**
 * Whether one more action is allowed now: null, or how long to wait and which limit says so
 * (`cooldown` or `window`). After an allowed action the caller stores countedAfter.
 */
export function limitWait(
	counted: Counted,
	limit: ServerLimit,
	nowMs: number
): { waitMs: number; by: 'cooldown' | 'window' } | null {
	if (counted.lastMs !== null && nowMs < counted.lastMs + limit.cooldownMs) {
		return { waitMs: counted.lastMs + limit.cooldownMs - nowMs, by: 'cooldown' };
	}
	const open = counted.sinceMs !== null && nowMs < counted.sinceMs + limit.windowMs;
	if (open && counted.count >= limit.perWindow) {
		return { waitMs: counted.sinceMs! + limit.windowMs - nowMs, by: 'window' };
	}
	return null;
}

/** The count after one more action at `nowMs`. */
export function countedAfter(counted: Counted, limit: ServerLimit, nowMs: number): Counted {
	const open = counted.sinceMs !== null && nowMs < counted.sinceMs + limit.windowMs;
	return open
		? { lastMs: nowMs, count: counted.count + 1, sinceMs: counted.sinceMs }
		: { lastMs: nowMs, count: 1, sinceMs: nowMs };
}

/** Said to a customer who rings too often (limitWait's answer for a ring). */
export function ringRefusal(
	wait: { waitMs: number; by: 'cooldown' | 'window' },
	perMinute: number
) {
	return wait.by === 'cooldown'
		? `You asked a moment ago. Wait ${seconds(wait.waitMs)} s before asking again.`
		: `You have asked for ${perMinute} chats in the last minute. Wait ${seconds(wait.waitMs)} s before asking again.`;
}

/** Said to someone who answers "Was this helpful?" too often. */
export function feedbackRefusal(wait: { waitMs: number }) {
	const minutes = Math.ceil(wait.waitMs / 60_000);
	return minutes > 1
		? `Thanks, we have plenty of answers from you for now. Try again in ${minutes} minutes.`
		: 'Thanks, we have plenty of answers from you for now. Try again in a minute.';
}
