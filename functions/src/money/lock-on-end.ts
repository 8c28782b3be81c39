/**
 * A chat that ends with an offer pending: the ending transaction (chat/sessions.ts) finds the
 * session's pending lock(s) and withdraws them with its own writes, so nobody pays for a service in
 * a chat that is over.
 */
import { FieldValue, type DocumentReference, type Transaction } from 'firebase-admin/firestore';
import { shapedQuery } from '../lib/shaped-query.js';
import { CONVERTERS, typedQuery } from '../lib/refs.js';
import { QUERIES } from '../shared/queries.js';
import type { LockReference, LockSnapshot, Session, SessionSnapshot } from './lock-docs.js';

const PENDING_LOCKS_MAX = 10;

function pendingLocksOf(sessionRef: DocumentReference<Session, Session>) {
	return typedQuery(
		shapedQuery(sessionRef, QUERIES.locksByStatus, { eq: { status: 'pending' } }),
		CONVERTERS.lock
	).limit(PENDING_LOCKS_MAX);
}

/**
 * Before a transaction that ends a session: the session's pending lock(s), looked up outside it
 * (a query inside a transaction locks the whole collection on the emulator). Pass the result to
 * `pendingLocksIn` inside the transaction.
 */
export async function pendingLockRefs(
	sessionRef: DocumentReference<Session, Session>
): Promise<LockReference[]> {
	return (await pendingLocksOf(sessionRef).get()).docs.map((d) => d.ref);
}

/**
 * The read a transaction ending a session makes first: its pending lock(s), if the session says
 * one is pending. `candidates` (from `pendingLockRefs`) are read again and kept while still
 * pending; a lock offered after the look-up is found by a query here, the rare case. Pass the
 * result to `withdrawPendingIn` with the ending writes.
 */
export async function pendingLocksIn(
	tx: Transaction,
	session: SessionSnapshot,
	candidates: LockReference[]
): Promise<LockSnapshot[]> {
	if (session.data()?.lockPending !== true) return [];
	if (candidates.length > 0) {
		const pending = (await tx.getAll(...candidates)).filter((l) => l.data()?.status === 'pending');
		if (pending.length > 0) return pending;
	}
	return (await tx.get(pendingLocksOf(session.ref))).docs;
}

/**
 * A chat that ends withdraws its pending lock, in the ending transaction: nobody can pay for a
 * service in a chat that is over. The session's end line says why; the caller writes the session
 * (and with it `lockPending: false`).
 */
export function withdrawPendingIn(tx: Transaction, locks: LockSnapshot[]): void {
	for (const lock of locks) {
		tx.update(lock.ref, { status: 'withdrawn', answeredAt: FieldValue.serverTimestamp() });
	}
}
