/**
 * Whether a failed callable may have done its work anyway. A function can commit and then fail
 * before answering (a crash: INTERNAL; a timeout: DEADLINE_EXCEEDED; a dropped connection:
 * UNAVAILABLE), and contention answers ABORTED. After such an error a payment's retry must send the
 * same idempotency key, so that the server answers the first outcome instead of charging again.
 * Any other error is the server's answer (refused, nothing done): the next click is a new attempt.
 */
const OUTCOME_UNKNOWN = new Set([
	'functions/aborted',
	'functions/internal',
	'functions/unavailable',
	'functions/deadline-exceeded',
	'functions/unknown'
]);

export function outcomeUnknown(error: unknown): boolean {
	const code = (error as { code?: unknown } | null | undefined)?.code;
	return typeof code === 'string' && OUTCOME_UNKNOWN.has(code);
}
