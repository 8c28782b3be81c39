/**
 * Emulator-only fault injection: a function that crashes after its money transaction committed,
 * before it answers. The client then sees an error (INTERNAL from a callable, 500 from the
 * webhook) although the money moved, and retries with the same idempotency key: the tests
 * (tests/functions/money-faults.test.ts) check that the retry charges nothing twice and answers
 * what a clean call answers.
 *
 * It fires only when both hold: the Functions emulator runs the code for a demo- project (devOnly)
 * and the HTTP request carries `x-parley-fault: after-commit`. Otherwise it returns at once: no Firestore access, no state.
 */

import { devOnly } from './dev-only.js';

export const FAULT_HEADER = 'x-parley-fault';
export const AFTER_COMMIT = 'after-commit';

/** What the hook needs of an HTTP request: a callable's `rawRequest`, or a webhook's `req`. */
export interface FaultRequest {
	headers?: Record<string, string | string[] | undefined>;
}

/**
 * Call right after a transaction has committed and before anything else the function does. Throws
 * a plain Error (as a crash would; a callable answers it as INTERNAL) when the fault is asked for.
 */
export function failAfterCommit(request: FaultRequest | undefined, name: string): void {
	if (!devOnly()) return;
	const asked = request?.headers?.[FAULT_HEADER];
	if (asked !== AFTER_COMMIT) return;
	throw new Error(`Injected fault: ${name} stopped after its transaction committed.`);
}
