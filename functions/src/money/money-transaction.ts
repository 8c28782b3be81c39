/**
 * Money transactions: the contended-transaction runner (lib/contended-transaction.ts), answering
 * the money sentence when contention outlasts the retries.
 */
import type { Firestore, Transaction } from 'firebase-admin/firestore';
import { MONEY_ERRORS } from '../shared/locks.js';
import { runContended } from '../lib/contended-transaction.js';

export function runMoneyTransaction<T>(
	db: Firestore,
	fn: (tx: Transaction) => Promise<T>
): Promise<T> {
	return runContended(db, fn, { busy: MONEY_ERRORS.busy });
}
