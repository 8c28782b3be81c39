/**
 * Chat sessions on the server: ending (by either side; by a window's announced close once the
 * leave grace has passed; by the loss of one side's windows, noticed by the other side or the
 * sweep) and rating.
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
 * - A window's close (the leave beacon) is two steps: mark its party document `leavingAt`, then,
 *   after the leave grace, end the chat for its side unless the window came back (its document no
 *   longer holds that mark). The second step reads that one party document inside its
 *   transaction, before the session: a returning window's write is an update, which the rules
 *   let through without reading the session, so the two cannot wait on each other.
 * - Reads before writes: these transactions may run more than once.
 */
import { runContended } from '../lib/contended-transaction.js';
import {
	FieldValue,
	type DocumentSnapshot,
	type Firestore,
	type QueryDocumentSnapshot,
	type Transaction
} from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import type { Caller } from '../lib/guard.js';
import {
	planStatus,
	sessionDelta,
	statusState,
	statusUpdate
} from '../presence/operator-status.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import {
	chatSideOf,
	SYSTEM_MESSAGE_IDS,
	type ChatSide,
	type EndedBy,
	type LeaveOutcome,
	type PartyDoc,
	type SessionDoc
} from '../shared/chat.js';
import { chatTiming } from '../config.js';
import type { OperatorDoc } from '../shared/types.js';
import {
	messageRef,
	operatorRef,
	partiesRef,
	partyRef as partyDocRef,
	sessionRef as sessionDocRef,
	type ServerDoc
} from '../lib/refs.js';
import { pendingLockRefs, pendingLocksIn, withdrawPendingIn } from '../money/lock-on-end.js';
import { SESSION_NOT_FOUND, endedLine } from './sentences.js';
import { leaveOutcome, lostEndedBy, lostSide, type WindowSeen } from './windows.js';

type Session = ServerDoc<SessionDoc<Timestamp>>;
type SessionSnapshot = DocumentSnapshot<Session, Session>;
type Operator = ServerDoc<OperatorDoc<Timestamp>>;
type Party = ServerDoc<PartyDoc<Timestamp>>;

/** A session has one party document per window: the customer's and one or two operator-side. */
const PARTIES_MAX = 20;

function members(session: Session) {
	return {
		customerUid: session.customerUid,
		operatorId: session.operatorId,
		groupId: session.groupId ?? null
	};
}

function partiesOf(db: Firestore, sessionId: string) {
	return partiesRef(db, sessionId).limit(PARTIES_MAX);
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
	session: SessionSnapshot,
	operator: DocumentSnapshot<Operator, Operator>,
	pendingLocks: Parameters<typeof withdrawPendingIn>[1],
	endedBy: EndedBy
) {
	const now = FieldValue.serverTimestamp();
	tx.update(session.ref, { status: 'ended', endedAt: now, endedBy, lockPending: false });
	withdrawPendingIn(tx, pendingLocks);
	const line = endedLine(endedBy, session.data()!);
	tx.create(messageRef(db, session.id, SYSTEM_MESSAGE_IDS.ended), {
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
	const sessionRef = sessionDocRef(db, sessionId);
	const lockCandidates = await pendingLockRefs(sessionRef);
	const outcome = await runContended(db, async (tx) => {
		const snap = await tx.get(sessionRef);
		const session = snap.data();
		if (!session) throw new HttpsError('not-found', SESSION_NOT_FOUND);
		const side = chatSideOf(caller, members(session));
		if (side === null) throw new HttpsError('not-found', SESSION_NOT_FOUND);
		if (session.status === 'ended') {
			return { endedBy: session.endedBy as EndedBy, alreadyEnded: true };
		}
		const operator = await tx.get(operatorRef(db, session.operatorId));
		const locks = await pendingLocksIn(tx, snap, lockCandidates);
		writeEnd(db, tx, snap, operator, locks, side);
		return { endedBy: side, alreadyEnded: false };
	});
	await removeParties(db, sessionId);
	return outcome;
}

const millis = (value: Timestamp | null | undefined) => value?.toMillis() ?? null;

function windowSeen(party: QueryDocumentSnapshot<Party, Party>): WindowSeen & {
	ref: QueryDocumentSnapshot<Party, Party>['ref'];
} {
	const seen = party.data();
	return {
		ref: party.ref,
		role: seen.role,
		seenAtMs: millis(seen.seenAt) ?? 0,
		leavingAtMs: millis(seen.leavingAt)
	};
}

/**
 * The instants the window rules are judged at: now, the timeout's cutoff, the leave grace. The
 * timeout is the session's own (written when it started, so its windows and the server agree
 * whatever the configuration does later), else the configured one.
 */
function windowClock(nowMs: number, session: Session) {
	const timing = chatTiming();
	const stored: unknown = session.windowTimeoutSeconds;
	const timeoutSeconds =
		typeof stored === 'number' && stored > 0 ? stored : timing.windowTimeoutSeconds;
	return {
		nowMs,
		cutoffMs: nowMs - timeoutSeconds * 1000,
		leaveGraceMs: timing.leaveGraceSeconds * 1000
	};
}

/**
 * Ends the session if one side of it is gone (see lostSide), or tidies it: the decision of the
 * sweep (both sides) and of chatPeerLost (`only` the side the caller is not on). The windows are
 * read before the transaction (see the header): a heartbeat landing in between comes from a
 * window silent for longer than the timeout, so the chat ends as it would have a moment earlier.
 * When nothing ends, the silent operator-side windows' documents are removed while another
 * operator-side window is open (so they do not come back in every sweep; a window that reappears
 * writes its document again), and those left behind by a session that ended are removed too.
 */
export async function endIfLost(
	db: Firestore,
	sessionId: string,
	nowMs: number,
	only?: ChatSide
): Promise<'ended' | 'pruned' | 'kept' | 'held' | 'over'> {
	const sessionRef = sessionDocRef(db, sessionId);
	const [parties, lockCandidates] = await Promise.all([
		partiesOf(db, sessionId).get(),
		pendingLockRefs(sessionRef)
	]);
	const seen = parties.docs.map(windowSeen);
	let cutoffMs = nowMs;
	const state = await runContended(db, async (tx) => {
		const snap = await tx.get(sessionRef);
		const session = snap.data();
		if (!session || session.status !== 'active') return 'over' as const;
		const clock = windowClock(nowMs, session);
		cutoffMs = clock.cutoffMs;
		const lockPending = session.lockPending === true;
		const lost = lostSide(seen, clock, { lockPending, only });
		if (lost === null) {
			// The customer would be lost but for the offer waiting for them.
			const held =
				lockPending && lostSide(seen, clock, { lockPending: false, only }) === 'customer';
			return held ? ('held' as const) : ('active' as const);
		}
		const operator = await tx.get(operatorRef(db, session.operatorId));
		const locks = await pendingLocksIn(tx, snap, lockCandidates);
		writeEnd(db, tx, snap, operator, locks, lostEndedBy(lost));
		return 'ended' as const;
	});
	if (state === 'ended') {
		await removeParties(db, sessionId);
		return 'ended';
	}
	if (state === 'held') return 'held';
	const stale =
		state === 'over'
			? seen
			: seen.filter(
					(p) => p.role === 'operator' && p.seenAtMs < cutoffMs && p.leavingAtMs === null
				);
	if (stale.length > 0) {
		const batch = db.batch();
		for (const p of stale) batch.delete(p.ref);
		await batch.commit();
	}
	if (state === 'over') return 'over';
	return stale.length > 0 ? 'pruned' : 'kept';
}

/** A participant's window sees the other side silent and asks for the chat to end (chatPeerLost). */
export async function endLostPeer(
	db: Firestore,
	caller: Caller,
	sessionId: string,
	nowMs = Date.now()
): Promise<{ ended: boolean; reason: 'ended' | 'here' | 'held' | 'over' }> {
	const session = (await sessionDocRef(db, sessionId).get()).data();
	if (!session) throw new HttpsError('not-found', SESSION_NOT_FOUND);
	const side = chatSideOf(caller, members(session));
	if (side === null) throw new HttpsError('not-found', SESSION_NOT_FOUND);
	const other: ChatSide = side === 'customer' ? 'operator' : 'customer';
	const outcome = await endIfLost(db, sessionId, nowMs, other);
	switch (outcome) {
		case 'ended':
			return { ended: true, reason: 'ended' };
		case 'over':
			return { ended: false, reason: 'over' };
		case 'held':
			return { ended: false, reason: 'held' };
		default:
			return { ended: false, reason: 'here' };
	}
}

// ---- a window's announced close (the leave beacon) ---------------------------------------------

/** The hash a window stores for its leave key (see PartyDoc in shared/chat.ts). */
export function hashLeaveKey(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest('hex');
}

function sameHash(stored: string | null | undefined, key: string): boolean {
	if (typeof stored !== 'string') return false;
	const want = Buffer.from(stored, 'utf8');
	const got = Buffer.from(hashLeaveKey(key), 'utf8');
	return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * Step one of a window's close: proves the window by its leave key and marks its party document
 * `leavingAt`. `unknown`: no such window (no party document, or another key: never said apart, so
 * a probe learns nothing); `over`: the chat has ended. `marked` carries the mark for step two.
 */
export async function announceLeave(
	db: Firestore,
	input: { sessionId: string; uid: string; leaveKey: string }
): Promise<{ kind: 'unknown' } | { kind: 'over' } | { kind: 'marked'; markedMs: number }> {
	const sessionRef = sessionDocRef(db, input.sessionId);
	const partyRef = partyDocRef(db, input.sessionId, input.uid);
	return runContended(db, async (tx) => {
		const party = (await tx.get(partyRef)).data();
		if (!party || !sameHash(party.leaveKeyHash, input.leaveKey)) {
			return { kind: 'unknown' as const };
		}
		const session = (await tx.get(sessionRef)).data();
		if (!session || session.status !== 'active') return { kind: 'over' as const };
		// A second beacon of the same window (a retry) keeps the first mark.
		const already = millis(party.leavingAt);
		if (already !== null) return { kind: 'marked' as const, markedMs: already };
		// The server's clock, as a Timestamp the document can be compared with afterwards.
		const mark = Timestamp.now();
		tx.update(partyRef, { leavingAt: mark });
		return { kind: 'marked' as const, markedMs: mark.toMillis() };
	});
}

/**
 * Step two, after the leave grace: what the announced close comes to (windows.ts leaveOutcome). On
 * `ended` the session ends for the window's side, as an End would; on `stayed` the closed
 * window's document is removed in the same transaction (another window of its side carries on).
 */
export async function finishLeave(
	db: Firestore,
	input: { sessionId: string; uid: string; markedMs: number },
	nowMs = Date.now()
): Promise<LeaveOutcome> {
	const sessionRef = sessionDocRef(db, input.sessionId);
	const partyRef = partyDocRef(db, input.sessionId, input.uid);
	const [parties, lockCandidates] = await Promise.all([
		partiesOf(db, input.sessionId).get(),
		pendingLockRefs(sessionRef)
	]);
	const others = parties.docs.filter((p) => p.id !== input.uid).map(windowSeen);
	const outcome = await runContended(db, async (tx) => {
		// The party document first, then the session (see the header).
		const party = (await tx.get(partyRef)).data();
		const snap = await tx.get(sessionRef);
		const session = snap.data();
		if (!session || session.status !== 'active') return 'ended' as const;
		const side: ChatSide = party?.role ?? 'customer';
		const decision = leaveOutcome({
			markedMs: input.markedMs,
			currentMs: party ? millis(party.leavingAt) : null,
			side,
			others,
			at: windowClock(nowMs, session),
			lockPending: session.lockPending === true
		});
		// Another window of the side carries on: the closed one's document goes now.
		if (decision === 'stayed') tx.delete(partyRef);
		if (decision !== 'end') return decision;
		const operator = await tx.get(operatorRef(db, session.operatorId));
		const locks = await pendingLocksIn(tx, snap, lockCandidates);
		writeEnd(db, tx, snap, operator, locks, side);
		return 'ended' as const;
	});
	if (outcome === 'ended') await removeParties(db, input.sessionId);
	return outcome;
}

/** The customer rates an ended session, once; the operator's aggregates follow atomically. */
export async function rateSession(
	db: Firestore,
	caller: Caller,
	input: { sessionId: string; stars: number; comment?: string }
): Promise<{ stars: number }> {
	const sessionRef = sessionDocRef(db, input.sessionId);
	return runContended(db, async (tx) => {
		const session = (await tx.get(sessionRef)).data();
		if (!session) throw new HttpsError('not-found', SESSION_NOT_FOUND);
		const side = chatSideOf(caller, members(session));
		if (side === null) throw new HttpsError('not-found', SESSION_NOT_FOUND);
		if (side !== 'customer') {
			throw new HttpsError('permission-denied', 'Only the customer can rate this chat.');
		}
		if (session.status !== 'ended') {
			throw new HttpsError('failed-precondition', 'You can rate this chat once it has ended.');
		}
		if (session.rating !== null && session.rating !== undefined) {
			throw new HttpsError('failed-precondition', 'You already rated this chat.');
		}
		tx.update(sessionRef, {
			rating: { stars: input.stars, comment: input.comment ?? '', at: FieldValue.serverTimestamp() }
		});
		tx.update(operatorRef(db, session.operatorId), {
			ratingSum: FieldValue.increment(input.stars),
			ratingCount: FieldValue.increment(1)
		});
		return { stars: input.stars };
	});
}
