/**
 * Offering a lock (lockCreate) and ending an offer before it is paid: the operator side withdraws
 * it (lockWithdraw), the customer declines it (lockDecline). The price and its split are frozen
 * when the offer is made (I7).
 */
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import type { Caller } from '../lib/guard.js';
import {
	getAllIn,
	lockRef as lockDocRef,
	newLockRef,
	sessionRef as sessionDocRef,
	settingsRef
} from '../lib/refs.js';
import {
	MONEY_ERRORS,
	frozenPrice,
	lockNotPendingSentence,
	priceProblem,
	type LockStatus
} from '../shared/locks.js';
import type { Cents } from '../shared/money.js';
import { settingsFrom } from '../shared/settings.js';
import { requireLock, sideIn, writeClose } from './lock-docs.js';
import { runMoneyTransaction } from './money-transaction.js';

export async function createLock(
	db: Firestore,
	caller: Caller,
	input: { sessionId: string; priceCents: number; description: string }
): Promise<{ lockId: string }> {
	const sessionRef = sessionDocRef(db, input.sessionId);
	// Chosen once, outside the transaction: a retried attempt creates the same lock.
	const lockRef = newLockRef(db, input.sessionId);
	await runMoneyTransaction(db, async (tx) => {
		const [sessionSnap, settingsDoc] = await getAllIn(tx, sessionRef, settingsRef(db));
		const { side, session } = sideIn(caller, sessionSnap);
		if (side !== 'operator') throw new HttpsError('permission-denied', MONEY_ERRORS.operatorOnly);
		// A price outside the bounds is refused as such whatever the chat's state.
		const settings = settingsFrom(settingsDoc.data());
		const priceRefusal = priceProblem(input.priceCents, settings);
		if (priceRefusal) throw new HttpsError('invalid-argument', priceRefusal);
		if (session.status !== 'active') {
			throw new HttpsError('failed-precondition', MONEY_ERRORS.sessionEnded);
		}
		if (session.lockPending === true) {
			throw new HttpsError('failed-precondition', MONEY_ERRORS.alreadyPending);
		}
		tx.create(lockRef, {
			...frozenPrice(input.priceCents as Cents, settings),
			description: input.description,
			status: 'pending',
			createdBy: caller.uid,
			createdAt: FieldValue.serverTimestamp(),
			answeredAt: null,
			transferId: null,
			reservedUntil: null,
			refundedTransferId: null
		});
		tx.update(sessionRef, { lockPending: true });
	});
	return { lockId: lockRef.id };
}

/**
 * The operator side withdraws, or the customer declines, a pending lock. Idempotent: a lock
 * already in the wanted state answers it; any other settled state is refused with its sentence.
 */
export async function closeLock(
	db: Firestore,
	caller: Caller,
	input: { sessionId: string; lockId: string },
	to: 'withdrawn' | 'declined'
): Promise<{ status: LockStatus }> {
	const sessionRef = sessionDocRef(db, input.sessionId);
	const lockRef = lockDocRef(db, input.sessionId, input.lockId);
	return runMoneyTransaction(db, async (tx) => {
		const [session, lock] = await getAllIn(tx, sessionRef, lockRef);
		const { side } = sideIn(caller, session);
		const wanted = to === 'withdrawn' ? 'operator' : 'customer';
		if (side !== wanted) {
			throw new HttpsError(
				'permission-denied',
				to === 'withdrawn' ? MONEY_ERRORS.operatorOnly : MONEY_ERRORS.customerOnly
			);
		}
		const { status } = requireLock(lock);
		if (status === to) return { status };
		if (status !== 'pending') {
			throw new HttpsError('failed-precondition', lockNotPendingSentence(status));
		}
		writeClose(tx, session, lock, to, to === 'withdrawn' ? 'lockWithdrawn' : 'lockDeclined');
		return { status: to };
	});
}
