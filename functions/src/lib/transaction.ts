/**
 * The one way callables run a Firestore transaction where several people may race for one
 * document (two accepts, an accept and a cancel, payments from one wallet): counted (every
 * attempt, so contention can be measured: the SDK re-runs the function after an ABORTED commit),
 * with more retries than the SDK's default five (the emulator locks pessimistically and a busy
 * machine turns lock waits into ABORTED commits), and with contention that outlasts them turned
 * into a sentence the app can show. `fn` must do every read before any write and may run more
 * than once: it must not have side effects outside `tx`.
 */
import type { Firestore, Transaction } from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';

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

export async function runContended<T>(
	db: Firestore,
	fn: (tx: Transaction) => Promise<T>,
	{
		busy = 'Too many people are answering at once. Please try again.',
		maxAttempts = 10
	}: { busy?: string; maxAttempts?: number } = {}
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
			throw new HttpsError('aborted', busy);
		}
		throw error;
	}
}
