/**
 * Chat locks on the server: offering, withdrawing, declining, paying and expiring.
 * Invariants, each enforced here:
 * - One pending lock per session, and `session.lockPending` true exactly while there is one: every
 *   transition re-reads the session and writes the lock and the session in the same transaction.
 * - A lock becomes paid only together with its transfer (I7), and at most once (I4): the transfer
 *   id derives from the lock, the transaction re-reads the lock, and `tx.create` of the transfer
 *   would fail if it existed.
 * - No wallet goes below zero (I3): the balance is read and written in the paying transaction.
 * - Entries sum to zero (I1) and the shares add up to the price (I5): checked before any write.
 * - Reads before writes: these transactions may run more than once, so they decide from what
 *   they read and return plain outcomes; errors that must keep a write (the reservation of an
 *   unfunded lock, an expiry) are thrown after the commit.
 */
import {
	FieldValue,
	Timestamp,
	type DocumentReference,
	type DocumentSnapshot,
	type Firestore,
	type Transaction
} from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import type { Caller } from '../lib/guard.js';
import { chatSideOf, type ChatMembers, type SessionDoc } from '../shared/chat.js';
import {
	LOCK_RESERVE_MS,
	MONEY_ERRORS,
	frozenPrice,
	insufficientFundsSentence,
	lockLine,
	lockLineId,
	lockNotPendingSentence,
	priceProblem,
	type InsufficientFundsDetails,
	type LockDoc,
	type LockEvent,
	type LockStatus
} from '../shared/locks.js';
import { cents, type Cents } from '../shared/money.js';
import { QUERIES } from '../shared/queries.js';
import { shapedQuery } from '../lib/shaped-query.js';
import {
	CONVERTERS,
	getAllIn,
	groupRef,
	idempotencyRef,
	lockRef as lockDocRef,
	messageRef,
	newLockRef,
	sessionRef as sessionDocRef,
	settingsRef,
	transferRef as transferDocRef,
	typedQuery,
	walletRef as walletDocRef,
	type ServerDoc
} from '../lib/refs.js';
import { SESSION_NOT_FOUND } from '../chat/logic.js';
import { idempotencyId, lockKey, lockPaymentEntries, lockPaymentId } from './entries.js';
import { settingsFrom } from '../shared/settings.js';
import { writeTransfer } from './ledger.js';
import { runMoneyTransaction } from './transaction.js';

type Session = ServerDoc<SessionDoc<Timestamp>>;
type SessionSnapshot = DocumentSnapshot<Session, Session>;
type Lock = ServerDoc<LockDoc<Timestamp>>;
type LockSnapshot = DocumentSnapshot<Lock, Lock>;
type LockReference = DocumentReference<Lock, Lock>;

function membersOf(session: Session): ChatMembers {
	return {
		customerUid: session.customerUid,
		operatorId: session.operatorId,
		groupId: session.groupId ?? null
	};
}

function lockOf(lock: Lock) {
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
function sideIn(caller: Caller, snap: SessionSnapshot) {
	const session = snap.data();
	if (!session) throw new HttpsError('not-found', SESSION_NOT_FOUND);
	const side = chatSideOf(caller, membersOf(session));
	if (side === null) throw new HttpsError('not-found', SESSION_NOT_FOUND);
	return { side, session };
}

function requireLock(snap: LockSnapshot) {
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
function writeClose(
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

// ---- lockCreate ------------------------------------------------------------------------------

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

// ---- lockWithdraw / lockDecline --------------------------------------------------------------

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

// ---- lockAgree -------------------------------------------------------------------------------

export interface AgreeResult {
	transferId: string;
	balanceCents: number;
	alreadyPaid: boolean;
}

type AgreeOutcome =
	| { kind: 'done'; result: AgreeResult }
	| { kind: 'insufficient'; details: InsufficientFundsDetails; currency: string }
	| { kind: 'expired' };

/**
 * The customer pays a pending lock. One transaction reads the key's record, the session, the
 * lock, the wallet, the payment transfer and the operator's group, then writes the payment: lock
 * paid, wallet debited, transfer and entries, receipt line, lockPending false, the key's record.
 * Without enough funds it only reserves the lock (once) and refuses after the commit.
 * `afterCommit` runs once the transaction has committed, before the answer (a fault hook).
 */
export async function agreeLock(
	db: Firestore,
	caller: Caller,
	input: { sessionId: string; lockId: string; key: string },
	nowMs: () => number = Date.now,
	afterCommit: () => void = () => {}
): Promise<AgreeResult> {
	const sessionRef = sessionDocRef(db, input.sessionId);
	const lockRef = lockDocRef(db, input.sessionId, input.lockId);
	const walletRef = walletDocRef(db, caller.uid);
	const transferId = lockPaymentId(input.sessionId, input.lockId);
	const transferRef = transferDocRef(db, transferId);
	const keyRef = idempotencyRef<AgreeResult>(db, idempotencyId('lockAgree', caller.uid, input.key));
	const target = lockKey(input.sessionId, input.lockId);

	const outcome = await runMoneyTransaction<AgreeOutcome>(db, async (tx) => {
		// Reads before writes: this transaction may run more than once.
		const [keyDoc, sessionSnap, lock, wallet, transfer] = await getAllIn(
			tx,
			keyRef,
			sessionRef,
			lockRef,
			walletRef,
			transferRef
		);
		const record = keyDoc.data();
		if (record) {
			// The same click sent again (a lost answer, a retry): the same answer, nothing charged.
			if (record.target !== target) {
				throw new HttpsError('invalid-argument', MONEY_ERRORS.keyReused);
			}
			return { kind: 'done', result: record.result };
		}
		const { side, session } = sideIn(caller, sessionSnap);
		if (side !== 'customer') throw new HttpsError('permission-denied', MONEY_ERRORS.customerOnly);
		const l = requireLock(lock);
		const balance = wallet.exists ? wallet.data()!.balance : cents(0);
		const remember = (result: AgreeResult): AgreeOutcome => {
			tx.create(keyRef, {
				uid: caller.uid,
				callable: 'lockAgree',
				target,
				result,
				createdAt: FieldValue.serverTimestamp()
			});
			return { kind: 'done', result };
		};

		if (l.status === 'paid') {
			// Paid already (another window, a race): I4, answer the one transfer, charge nothing.
			return remember({ transferId: l.transferId!, balanceCents: balance, alreadyPaid: true });
		}
		if (l.status !== 'pending') {
			throw new HttpsError('failed-precondition', lockNotPendingSentence(l.status));
		}
		if (session.status !== 'active') {
			throw new HttpsError('failed-precondition', MONEY_ERRORS.sessionEnded);
		}
		const now = nowMs();
		if (l.reservedUntilMs !== null && l.reservedUntilMs <= now) {
			// The top-up window has passed: the lock expires now, as the sweep would expire it.
			writeClose(tx, sessionSnap, lock, 'expired', 'lockExpired');
			return { kind: 'expired' };
		}
		if (balance < l.price) {
			const reservedUntil = l.reservedUntilMs ?? now + LOCK_RESERVE_MS;
			if (l.reservedUntilMs === null) {
				tx.update(lockRef, { reservedUntil: Timestamp.fromMillis(reservedUntil) });
			}
			return {
				kind: 'insufficient',
				currency: l.currency,
				details: {
					reason: 'insufficientFunds',
					needCents: l.price - balance,
					balanceCents: balance,
					priceCents: l.price,
					reservedUntil
				}
			};
		}
		if (transfer.exists) {
			// A transfer without a paid lock cannot be written by this module (I7): stop loudly.
			throw new HttpsError('internal', 'This payment is in an inconsistent state.');
		}
		const members = membersOf(session);
		const parties = [members.customerUid, members.operatorId];
		if (members.groupId !== null) {
			const group = await tx.get(groupRef(db, members.groupId));
			const ownerUid = group.data()?.ownerUid;
			if (ownerUid && !parties.includes(ownerUid)) parties.push(ownerUid);
		}
		const entries = lockPaymentEntries(transferId, l, {
			customerUid: members.customerUid,
			operatorUid: members.operatorId,
			groupId: members.groupId
		});
		// ---- writes ----
		writeTransfer(db, tx, transferId, {
			kind: 'lockPayment',
			key: target,
			amount: l.price,
			sessionId: input.sessionId,
			lockId: input.lockId,
			parties,
			entries
		});
		const next = (balance - l.price) as Cents;
		tx.set(walletRef, { balance: next, updatedAt: FieldValue.serverTimestamp() });
		tx.update(lockRef, {
			status: 'paid',
			answeredAt: FieldValue.serverTimestamp(),
			transferId
		});
		tx.update(sessionRef, { lockPending: false });
		writeLockLine(tx, sessionSnap, input.lockId, 'lockPaid', l);
		return remember({ transferId, balanceCents: next, alreadyPaid: false });
	});
	// Committed (a payment, a reservation or an expiry): what follows only turns it into an answer.
	afterCommit();

	switch (outcome.kind) {
		case 'done':
			return outcome.result;
		case 'expired':
			throw new HttpsError('failed-precondition', lockNotPendingSentence('expired'));
		case 'insufficient':
			throw new HttpsError(
				'failed-precondition',
				insufficientFundsSentence(
					outcome.details.balanceCents,
					outcome.details.priceCents,
					outcome.currency
				),
				outcome.details
			);
	}
}

// ---- expiry (the sweep) and the end of a chat ------------------------------------------------

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
