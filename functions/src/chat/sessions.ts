/**
 * Chat sessions on the server: ending (by either side, or by the sweep when the operator side's
 * window has gone) and rating.
 * Invariants:
 * - A session ends once: the transaction re-reads it, and a second end changes nothing.
 * - Ending writes the session, one system line, the operator's status (through operator-status:
 *   busy returns to the panel's choice, or offline if no panel manages it any more) and withdraws
 *   a pending chat lock (lockPending false), all in one transaction.
 * - The party documents go right after that commit, not inside it. A window's first write holds
 *   its party document while the rules read the session; a transaction holding the session while
 *   it waited for the party documents deadlocked with it on the emulator, until a lock timeout
 *   refused the write. Once the session has ended the rules refuse new party documents and an
 *   update finds none, so nothing comes back; a call that ends an ended session removes any left
 *   over, and the sweep removes silent operator-side windows of ended sessions.
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
import { pendingLockRefs, pendingLocksIn, withdrawPendingIn } from '../money/locks.js';
import { SESSION_NOT_FOUND, endedLine, operatorSideGone } from './logic.js';

type Snapshot = FirebaseFirestore.DocumentSnapshot;

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

/** Removes the session's party documents (after the session has ended: see the header). */
async function removeParties(db: Firestore, sessionId: string) {
	const parties = await partiesOf(db, sessionId).get();
	if (parties.empty) return;
	const batch = db.batch();
	for (const party of parties.docs) batch.delete(party.ref);
	await batch.commit();
}

/** The writes that end an active session; every read was made by the caller. */
function writeEnd(
	db: Firestore,
	tx: Transaction,
	session: Snapshot,
	operator: Snapshot,
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
}

/** Either side ends a session. Idempotent. */
export async function endSession(
	db: Firestore,
	caller: Caller,
	sessionId: string
): Promise<{ endedBy: EndedBy; alreadyEnded: boolean }> {
	const sessionRef = db.collection(COL.sessions).doc(sessionId);
	const lockCandidates = await pendingLockRefs(sessionRef);
	const outcome = await runContended(db, async (tx) => {
		const session = await tx.get(sessionRef);
		if (!session.exists) throw new HttpsError('not-found', SESSION_NOT_FOUND);
		const side = chatSideOf(caller, members(session));
		if (side === null) throw new HttpsError('not-found', SESSION_NOT_FOUND);
		if (session.get('status') === 'ended') {
			return { endedBy: session.get('endedBy') as EndedBy, alreadyEnded: true };
		}
		const operator = await tx.get(db.collection(COL.operators).doc(members(session).operatorId));
		const locks = await pendingLocksIn(tx, session, lockCandidates);
		writeEnd(db, tx, session, operator, locks, side);
		return { endedBy: side, alreadyEnded: false };
	});
	await removeParties(db, sessionId);
	return outcome;
}

/**
 * The sweep's decision for one session with a silent operator-side window: end it (no
 * operator-side window seen since `cutoffMs`), or, while another operator-side window is still
 * open, remove the silent windows' documents so they do not come back in the next sweep (a
 * window that reappears writes its document again). Party documents left behind by a session
 * that ended are removed too. The windows are read before the transaction (see the header): a
 * heartbeat landing in between comes from a window silent for longer than the grace, so the
 * chat ends as it would have a moment earlier.
 */
export async function sweepSession(
	db: Firestore,
	sessionId: string,
	cutoffMs: number
): Promise<'ended' | 'pruned' | 'kept'> {
	const sessionRef = db.collection(COL.sessions).doc(sessionId);
	const [parties, lockCandidates] = await Promise.all([
		partiesOf(db, sessionId).get(),
		pendingLockRefs(sessionRef)
	]);
	const seen = parties.docs.map((p) => ({
		ref: p.ref,
		role: p.get('role') as 'customer' | 'operator',
		seenAtMs: (p.get('seenAt') as FirebaseFirestore.Timestamp | null)?.toMillis() ?? 0
	}));
	const state = await runContended(db, async (tx) => {
		const session = await tx.get(sessionRef);
		if (!session.exists || session.get('status') !== 'active') return 'over';
		if (!operatorSideGone(seen, cutoffMs)) return 'active';
		const operator = await tx.get(db.collection(COL.operators).doc(members(session).operatorId));
		const locks = await pendingLocksIn(tx, session, lockCandidates);
		writeEnd(db, tx, session, operator, locks, 'timeout');
		return 'ended';
	});
	if (state === 'ended') {
		await removeParties(db, sessionId);
		return 'ended';
	}
	const stale =
		state === 'over' ? seen : seen.filter((p) => p.role === 'operator' && p.seenAtMs < cutoffMs);
	if (stale.length === 0) return 'kept';
	const batch = db.batch();
	for (const p of stale) batch.delete(p.ref);
	await batch.commit();
	return 'pruned';
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
