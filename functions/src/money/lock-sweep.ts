/**
 * The sweep's pass over locks: a pending lock whose top-up reservation has passed expires, with
 * its transcript line, as a payment attempted after that moment would expire it (lock-pay.ts).
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { shapedQuery } from '../lib/shaped-query.js';
import { getAllIn, lockRef as lockDocRef, sessionRef as sessionDocRef } from '../lib/refs.js';
import { QUERIES } from '../shared/queries.js';
import { lockOf, writeClose } from './lock-docs.js';
import { runMoneyTransaction } from './money-transaction.js';

/** Expires one pending lock whose reservation has passed. Idempotent; false if nothing changed. */
export async function expireLock(
	db: Firestore,
	sessionId: string,
	lockId: string,
	nowMs: number
): Promise<boolean> {
	return runMoneyTransaction(db, async (tx) => {
		const [session, lock] = await getAllIn(
			tx,
			sessionDocRef(db, sessionId),
			lockDocRef(db, sessionId, lockId)
		);
		const stored = lock.data();
		if (!session.exists || !stored) return false;
		const l = lockOf(stored);
		if (l.status !== 'pending' || l.reservedUntilMs === null || l.reservedUntilMs > nowMs) {
			return false;
		}
		writeClose(tx, session, lock, 'expired', 'lockExpired');
		return true;
	});
}

const SWEEP_PAGE = 200;

/** The sweep's pass over locks: pending ones whose reservation has passed expire. */
export async function sweepLocks(
	db: Firestore,
	nowMs = Date.now()
): Promise<{ locksExpired: number }> {
	const overdue = await shapedQuery(db, QUERIES.overdueLocks, {
		eq: { status: 'pending' },
		range: { '<=': Timestamp.fromMillis(nowMs) }
	})
		.limit(SWEEP_PAGE)
		.get();
	let locksExpired = 0;
	for (const lock of overdue.docs) {
		const sessionId = lock.ref.parent.parent!.id;
		if (await expireLock(db, sessionId, lock.id, nowMs)) locksExpired += 1;
	}
	return { locksExpired };
}
