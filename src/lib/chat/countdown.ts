/**
 * Countdown arithmetic for ringing requests and the waiting screen. Times are epoch
 * milliseconds; `expiresAt` comes from the server, so a client clock that runs fast or slow shifts
 * the display by that much (the server decides when a request really expires).
 */

/** Whole seconds left, rounded up, so the display shows 1 until the very end and then 0. */
export function secondsLeft(expiresAt: number, now: number): number {
	return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}

/** The share of the ring time left, from 1 (just started) to 0 (expired). */
export function fractionLeft(expiresAt: number, now: number, totalSeconds: number): number {
	if (totalSeconds <= 0) return 0;
	return Math.min(1, Math.max(0, (expiresAt - now) / (totalSeconds * 1000)));
}

/** Milliseconds until the displayed seconds change next (never 0, so timers always advance). */
export function msUntilNextTick(expiresAt: number, now: number): number {
	const left = expiresAt - now;
	if (left <= 0) return 1000;
	return left % 1000 || 1000;
}

/** "45 s", "1 min 05 s": short enough for a narrow row. */
export function formatSeconds(seconds: number): string {
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.floor(seconds / 60);
	return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}
