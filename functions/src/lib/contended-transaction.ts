/**
 * The one way callables run a Firestore transaction where several people may race for one
 * document (two accepts, an accept and a cancel, payments from one wallet): counted (every
 * attempt, so contention can be measured: the SDK re-runs the function after an ABORTED commit),
 * with more retries than the SDK's default five (the emulator locks pessimistically and a busy
 * machine turns lock waits into ABORTED commits), and with contention that outlasts them turned
 * into a sentence the app can show. A transaction the database dropped before committing (see
 * isDroppedTransaction) runs again too. `fn` must do every read before any write and may run more
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
/** gRPC INVALID_ARGUMENT, which the SDK does not retry. */
const INVALID_ARGUMENT = 3;

/**
 * A transaction the database dropped before its commit: "Transaction is invalid or closed" (the
 * emulator invalidates transactions that read a query when it is busy) or one that expired.
 * Nothing was committed, so running the whole transaction again is safe.
 */
export function isDroppedTransaction(error: unknown): boolean {
	const e = error as { code?: unknown; message?: unknown } | null;
	return (
		e?.code === INVALID_ARGUMENT &&
		/transaction (is )?(invalid|closed|expired|has expired)/i.test(String(e.message ?? ''))
	);
}

const DROPPED_RETRIES = 3;

export async function runContended<T>(
	db: Firestore,
	fn: (tx: Transaction) => Promise<T>,
	{
		busy = 'Too many people are answering at once. Please try again.',
		maxAttempts = 10
	}: { busy?: string; maxAttempts?: number } = {}
): Promise<T> {
	transactionStats.transactions += 1;
	for (let dropped = 0; ; dropped++) {
		try {
			return await db.runTransaction(
				(tx) => {
					transactionStats.attempts += 1;
					return fn(tx);
				},
				{ maxAttempts }
			);
		} catch (error) {
			if (isDroppedTransaction(error) && dropped < DROPPED_RETRIES) {
				await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** dropped));
				continue;
			}
			if ((error as { code?: unknown }).code === ABORTED || isDroppedTransaction(error)) {
				transactionStats.gaveUp += 1;
				throw new HttpsError('aborted', busy);
			}
			throw error;
		}
	}
}
