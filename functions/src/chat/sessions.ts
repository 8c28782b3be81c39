/**
 * Chat sessions on the server: ending (by either side, or by the sweep when the operator side's
 * window has gone) and rating.
 * Invariants:
 * - A session ends once: the transaction re-reads it, and a second end changes nothing.
 * - Ending writes the session, one system line, the operator's status (through operator-status:
 *   busy returns to the panel's choice, or offline if no panel manages it any more), withdraws a
 *   pending chat lock (lockPending false) and removes the party documents, all in one transaction. With no party documents left, an ended session
 *   never shows up in the sweep's query again.
 * - Reads before writes: these transactions may run more than once.
 */
import { runContended } from '../lib/transaction.js';
import { FieldValue, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import type { Caller } from '../lib/guard.js';
import {
	planStatus,
	sessionDelta,
	statusState,
	statusUpdate
} from '../presence/operator-status.js';
import { chatSideOf, SYSTEM_MESSAGE_IDS, type EndedBy } from '../shared/chat.js';
import { COL } from '../shared/paths.js';
import { pendingLocksIn, withdrawPendingIn } from '../money/locks.js';
import { SESSION_NOT_FOUND, endedLine, operatorSideGone } from './logic.js';

type Snapshot = FirebaseFirestore.DocumentSnapshot;
type QuerySnapshot = FirebaseFirestore.QuerySnapshot;

/** A session has one party document per window: the customer's and one or two operator-side. */
const PARTIES_MAX = 20;

function members(session: Snapshot) {
	return {
		customerUid: session.get('customerUid') as string,
		operatorId: session.get('operatorId') as string,
		groupId: (session.get('groupId') as string | null) ?? null
	};
}

function partiesOf(db: Firestore, sessionId: string) {
	return db.collection(COL.sessions).doc(sessionId).collection(COL.parties).limit(PARTIES_MAX);
}

/** The writes that end an active session; every read was made by the caller. */
function writeEnd(
	db: Firestore,
	tx: Transaction,
	session: Snapshot,
	operator: Snapshot,
	parties: QuerySnapshot,
	pendingLocks: Snapshot[],
	endedBy: EndedBy
) {
	const now = FieldValue.serverTimestamp();
	tx.update(session.ref, { status: 'ended', endedAt: now, endedBy, lockPending: false });
	withdrawPendingIn(tx, pendingLocks);
	const line = endedLine(endedBy, {
		operatorName: session.get('operatorName') as string,
		customerName: session.get('customerName') as string
	});
	tx.create(session.ref.collection(COL.messages).doc(SYSTEM_MESSAGE_IDS.ended), {
		authorUid: null,
		authorRole: 'system',
		text: line.text,
		createdAt: now,
		event: line.event
	});
	if (operator.exists) {
		const status = statusState(operator.data());
		const update = statusUpdate(planStatus(status, sessionDelta(status, -1)));
		if (update) tx.update(operator.ref, update);
	}
	for (const party of parties.docs) tx.delete(party.ref);
}

/** Either side ends a session. Idempotent. */
export async function endSession(
	db: Firestore,
	caller: Caller,
	sessionId: string
): Promise<{ endedBy: EndedBy; alreadyEnded: boolean }> {
	const sessionRef = db.collection(COL.sessions).doc(sessionId);
	return runContended(db, async (tx) => {
		const session = await tx.get(sessionRef);
		if (!session.exists) throw new HttpsError('not-found', SESSION_NOT_FOUND);
		const side = chatSideOf(caller, members(session));
		if (side === null) throw new HttpsError('not-found', SESSION_NOT_FOUND);
		if (session.get('status') === 'ended') {
			return { endedBy: session.get('endedBy') as EndedBy, alreadyEnded: true };
		}
		const operator = await tx.get(db.collection(COL.operators).doc(members(session).operatorId));
		const parties = await tx.get(partiesOf(db, sessionId));
		const locks = await pendingLocksIn(tx, session);
		writeEnd(db, tx, session, operator, parties, locks, side);
		return { endedBy: side, alreadyEnded: false };
	});
}

/**
 * The sweep's decision for one session with a silent operator-side window: end it (no
 * operator-side window seen since `cutoffMs`), or, while another operator-side window is still
 * open, remove the silent windows' documents so they do not come back in the next sweep (a
 * window that reappears writes its document again). Party documents left behind by a session
 * that ended are removed too.
 */
export async function sweepSession(
	db: Firestore,
	sessionId: string,
	cutoffMs: number
): Promise<'ended' | 'pruned' | 'kept'> {
	const sessionRef = db.collection(COL.sessions).doc(sessionId);
	return runContended(db, async (tx) => {
		const session = await tx.get(sessionRef);
		const parties = await tx.get(partiesOf(db, sessionId));
		const seen = parties.docs.map((p) => ({
			ref: p.ref,
			role: p.get('role') as 'customer' | 'operator',
			seenAtMs: (p.get('seenAt') as FirebaseFirestore.Timestamp | null)?.toMillis() ?? 0
		}));
		if (!session.exists || session.get('status') !== 'active') {
			for (const p of seen) tx.delete(p.ref);
			return seen.length > 0 ? 'pruned' : 'kept';
		}
		if (operatorSideGone(seen, cutoffMs)) {
			const operator = await tx.get(db.collection(COL.operators).doc(members(session).operatorId));
			const locks = await pendingLocksIn(tx, session);
			writeEnd(db, tx, session, operator, parties, locks, 'timeout');
			return 'ended';
		}
		const silent = seen.filter((p) => p.role === 'operator' && p.seenAtMs < cutoffMs);
		for (const p of silent) tx.delete(p.ref);
		return silent.length > 0 ? 'pruned' : 'kept';
	});
}

/** The customer rates an ended session, once; the operator's aggregates follow atomically. */
export async function rateSession(
	db: Firestore,
	caller: Caller,
	input: { sessionId: string; stars: number; comment?: string }
): Promise<{ stars: number }> {
	const sessionRef = db.collection(COL.sessions).doc(input.sessionId);
	return runContended(db, async (tx) => {
		const session = await tx.get(sessionRef);
		if (!session.exists) throw new HttpsError('not-found', SESSION_NOT_FOUND);
		const side = chatSideOf(caller, members(session));
		if (side === null) throw new HttpsError('not-found', SESSION_NOT_FOUND);
		if (side !== 'customer') {
			throw new HttpsError('permission-denied', 'Only the customer can rate this chat.');
		}
		if (session.get('status') !== 'ended') {
			throw new HttpsError('failed-precondition', 'You can rate this chat once it has ended.');
		}
		if (session.get('rating') !== null && session.get('rating') !== undefined) {
			throw new HttpsError('failed-precondition', 'You already rated this chat.');
		}
		tx.update(sessionRef, {
			rating: { stars: input.stars, comment: input.comment ?? '', at: FieldValue.serverTimestamp() }
		});
		tx.update(db.collection(COL.operators).doc(members(session).operatorId), {
			ratingSum: FieldValue.increment(input.stars),
			ratingCount: FieldValue.increment(1)
		});
		return { stars: input.stars };
	});
}
