/**
 * Chat locks on the server, what every transition shares: the lock and its session as they are
 * read, the caller's side, and the writes that close a pending lock and put its line in the
 * transcript. The transitions live by job: lock-open.ts (offer, withdraw, decline), lock-pay.ts
 * (agree), lock-sweep.ts (expiry), lock-on-end.ts (a chat ending with an offer pending).
 * Invariants, each enforced by the transitions:
 * - One pending lock per session, and `session.lockPending` true exactly while there is one: every
 *   transition re-reads the session and writes the lock and the session in the same transaction.
 * - Reads before writes: these transactions may run more than once, so they decide from what
 *   they read and return plain outcomes; errors that must keep a write (the reservation of an
 *   unfunded lock, an expiry) are thrown after the commit.
 */
import {
	FieldValue,
	type DocumentReference,
	type DocumentSnapshot,
	type Timestamp,
	type Transaction
} from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import type { Caller } from '../lib/guard.js';
import { messageRef, type ServerDoc } from '../lib/refs.js';
import { chatSideOf, type ChatMembers, type SessionDoc } from '../shared/chat.js';
import {
	MONEY_ERRORS,
	lockLine,
	lockLineId,
	type LockDoc,
	type LockEvent
} from '../shared/locks.js';
import { SESSION_NOT_FOUND } from '../chat/sentences.js';

export type Session = ServerDoc<SessionDoc<Timestamp>>;
export type SessionSnapshot = DocumentSnapshot<Session, Session>;
export type Lock = ServerDoc<LockDoc<Timestamp>>;
export type LockSnapshot = DocumentSnapshot<Lock, Lock>;
export type LockReference = DocumentReference<Lock, Lock>;

export function membersOf(session: Session): ChatMembers {
	return {
		customerUid: session.customerUid,
		operatorId: session.operatorId,
		groupId: session.groupId ?? null
	};
}

export function lockOf(lock: Lock) {
	return {
		price: lock.price,
		operatorShare: lock.operatorShare,
		platformShare: lock.platformShare,
		currency: lock.currency,
		description: lock.description,
		status: lock.status,
		transferId: lock.transferId ?? null,
		reservedUntilMs: lock.reservedUntil?.toMillis() ?? null
	};
}

/**
 * The session and the caller's side in it, refusing people who take no part (as if it did not
 * exist).
 */
export function sideIn(caller: Caller, snap: SessionSnapshot) {
	const session = snap.data();
	if (!session) throw new HttpsError('not-found', SESSION_NOT_FOUND);
	const side = chatSideOf(caller, membersOf(session));
	if (side === null) throw new HttpsError('not-found', SESSION_NOT_FOUND);
	return { side, session };
}

export function requireLock(snap: LockSnapshot) {
	const lock = snap.data();
	if (!lock) throw new HttpsError('not-found', MONEY_ERRORS.lockNotFound);
	return lockOf(lock);
}

/** Writes a lock's system line into the transcript (one per lock and event). */
export function writeLockLine(
	tx: Transaction,
	session: SessionSnapshot,
	lockId: string,
	event: LockEvent,
	lock: { price: number; currency: string; description: string }
): void {
	const names = session.data()!;
	tx.create(messageRef(session.ref.firestore, session.id, lockLineId(lockId, event)), {
		authorUid: null,
		authorRole: 'system',
		text: lockLine(event, lock, names),
		createdAt: FieldValue.serverTimestamp(),
		event,
		lockId
	});
}

/** Ends a pending lock (declined, withdrawn, expired): the lock, the session flag and a line. */
export function writeClose(
	tx: Transaction,
	session: SessionSnapshot,
	lock: LockSnapshot,
	status: 'declined' | 'withdrawn' | 'expired',
	event: LockEvent | null
) {
	tx.update(lock.ref, { status, answeredAt: FieldValue.serverTimestamp() });
	tx.update(session.ref, { lockPending: false });
	if (event) writeLockLine(tx, session, lock.id, event, lockOf(lock.data()!));
}
