/**
 * The one way money code runs a Firestore transaction: counted (every attempt, so contention can
 * be measured: the SDK re-runs the function after an ABORTED commit) and with contention that
 * outlasts the retries turned into a sentence the app can show.
 */
import type { Firestore, Transaction } from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import { MONEY_ERRORS } from '../shared/locks.js';

/**
 * Attempts seen by this process. `attempts - transactions` is how many times a transaction
 * function ran again (its commit aborted by a conflicting one, or its read lock timed out).
 */
export const transactionStats = { transactions: 0, attempts: 0, gaveUp: 0 };

export function resetTransactionStats(): void {
	transactionStats.transactions = 0;
	transactionStats.attempts = 0;
	transactionStats.gaveUp = 0;
}

/** gRPC ABORTED: a conflicting transaction won, or a lock wait timed out. */
const ABORTED = 10;

/**
 * Runs `fn` in a transaction, up to `maxAttempts` times. `fn` must do every read before any
 * write, and may run more than once: it must not have side effects outside `tx`.
 */
export async function runMoneyTransaction<T>(
	db: Firestore,
	fn: (tx: Transaction) => Promise<T>,
	maxAttempts = 10
): Promise<T> {
	transactionStats.transactions += 1;
	try {
		return await db.runTransaction(
			(tx) => {
				transactionStats.attempts += 1;
				return fn(tx);
			},
			{ maxAttempts }
		);
	} catch (error) {
		if ((error as { code?: unknown }).code === ABORTED) {
			transactionStats.gaveUp += 1;
			throw new HttpsError('aborted', MONEY_ERRORS.busy);
		}
		throw error;
	}
}
