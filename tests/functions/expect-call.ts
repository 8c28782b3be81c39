/** Assertions on callable results, as the web SDK would surface them to the app. */
import { expect } from 'vitest';
import type { CallResult } from '../emulator';

const HTTP: Record<string, number> = {
	INVALID_ARGUMENT: 400,
	FAILED_PRECONDITION: 400,
	UNAUTHENTICATED: 401,
	PERMISSION_DENIED: 403,
	NOT_FOUND: 404,
	ALREADY_EXISTS: 409,
	RESOURCE_EXHAUSTED: 429
};

/**
 * A message the app can show as it is: a sentence (capitalised, or opening with the email
 * address it is about, or with the field it is about, such as `operatorIds.0: `) ending with a stop, without zod's jargon.
 */
export function expectSentence(message: string | undefined): void {
	expect(message).toBeTypeOf('string');
	expect(message).toMatch(/^([A-Za-z][A-Za-z0-9.]*: )?([A-Z]|[^\s@]+@[^\s@]+ ).*[.?]$/s);
	expect(message).not.toMatch(/\b(expected|received)\b|Invalid input|Unrecognized|Too (big|small)/);
	expect(message!.length).toBeLessThan(300);
}

/** The call failed with this canonical status and a human sentence; returns the message. */
export function expectRefused(result: CallResult<unknown>, status: string): string {
	expect(
		result.error,
		`expected ${status}, got ${JSON.stringify(result).slice(0, 300)}`
	).toBeDefined();
	expect(result.error!.status).toBe(status);
	if (HTTP[status]) expect(result.status).toBe(HTTP[status]);
	expect(result.result).toBeUndefined();
	expectSentence(result.error!.message);
	return result.error!.message;
}

/** The call succeeded; returns its result. */
export function expectOk<T>(result: CallResult<T>): T {
	expect(result.error, JSON.stringify(result.error)).toBeUndefined();
	expect(result.status).toBe(200);
	return result.result as T;
}
