/**
 * Transactions of the chat callables, where a few people race for one document (an accept and a
 * cancel, two accepts, an end and the sweep). The Firestore emulator locks pessimistically and a
 * busy machine turns lock waits into ABORTED commits, which the SDK retries only five times by
 * default: allow more, and when contention still outlasts them, answer a sentence instead of an
 * internal error. `fn` must do every read before any write and may run more than once.
 */
import type { Firestore, Transaction } from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';

/** gRPC ABORTED: a conflicting transaction won, or a lock wait timed out. */
const ABORTED = 10;

export async function runContended<T>(
	db: Firestore,
	fn: (tx: Transaction) => Promise<T>,
	maxAttempts = 10
): Promise<T> {
	try {
		return await db.runTransaction(fn, { maxAttempts });
	} catch (error) {
		if ((error as { code?: unknown }).code === ABORTED) {
			throw new HttpsError('aborted', 'Too many people are answering at once. Please try again.');
		}
		throw error;
	}
}
