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
import { FieldValue, Timestamp, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import type { Caller } from '../lib/guard.js';
import { chatSideOf, type ChatMembers } from '../shared/chat.js';
import {
	LOCK_RESERVE_MS,
	MONEY_ERRORS,
	insufficientFundsSentence,
	lockLine,
	lockLineId,
	lockNotPendingSentence,
	priceBoundsSentence,
	type InsufficientFundsDetails,
	type LockEvent,
	type LockStatus
} from '../shared/locks.js';
import type { Cents } from '../shared/money.js';
import { COL, PATHS } from '../shared/paths.js';
import { QUERIES } from '../shared/queries.js';
import { shapedQuery } from '../lib/shaped-query.js';
import { SESSION_NOT_FOUND } from '../chat/logic.js';
import {
	frozenPrice,
	idempotencyId,
	lockKey,
	lockPaymentEntries,
	lockPaymentId,
	settingsFrom
} from './entries.js';
import { writeTransfer } from './ledger.js';
import { runMoneyTransaction } from './transaction.js';

type Snapshot = FirebaseFirestore.DocumentSnapshot;

function membersOf(session: Snapshot): ChatMembers {
	return {
		customerUid: session.get('customerUid') as string,
		operatorId: session.get('operatorId') as string,
		groupId: (session.get('groupId') as string | null) ?? null
	};
}

function namesOf(session: Snapshot) {
	return {
		customerName: session.get('customerName') as string,
		operatorName: session.get('operatorName') as string
	};
}

function lockOf(lock: Snapshot) {
	return {
		price: lock.get('price') as Cents,
		operatorShare: lock.get('operatorShare') as Cents,
		platformShare: lock.get('platformShare') as Cents,
		currency: lock.get('currency') as string,
		description: lock.get('description') as string,
		status: lock.get('status') as LockStatus,
		transferId: (lock.get('transferId') as string | null) ?? null,
		reservedUntilMs: (lock.get('reservedUntil') as Timestamp | null)?.toMillis() ?? null
	};
}

/** The caller's side in the session, refusing people who take no part (as if it did not exist). */
function sideIn(caller: Caller, session: Snapshot) {
	if (!session.exists) throw new HttpsError('not-found', SESSION_NOT_FOUND);
	const side = chatSideOf(caller, membersOf(session));
	if (side === null) throw new HttpsError('not-found', SESSION_NOT_FOUND);
	return side;
}

function requireLock(lock: Snapshot) {
	if (!lock.exists) throw new HttpsError('not-found', MONEY_ERRORS.lockNotFound);
	return lockOf(lock);
}

/** Writes a lock's system line into the transcript (one per lock and event). */
export function writeLockLine(
	tx: Transaction,
	session: Snapshot,
	lockId: string,
	event: LockEvent,
	lock: { price: number; currency: string; description: string }
): void {
	tx.create(session.ref.collection(COL.messages).doc(lockLineId(lockId, event)), {
		authorUid: null,
		authorRole: 'system',
		text: lockLine(event, lock, namesOf(session)),
		createdAt: FieldValue.serverTimestamp(),
		event,
		lockId
	});
}

/** Ends a pending lock (declined, withdrawn, expired): the lock, the session flag and a line. */
function writeClose(
	tx: Transaction,
	session: Snapshot,
	lock: Snapshot,
	status: 'declined' | 'withdrawn' | 'expired',
	event: LockEvent | null
) {
	tx.update(lock.ref, { status, answeredAt: FieldValue.serverTimestamp() });
	tx.update(session.ref, { lockPending: false });
	if (event) writeLockLine(tx, session, lock.id, event, lockOf(lock));
}

// ---- lockCreate ------------------------------------------------------------------------------

export async function createLock(
	db: Firestore,
	caller: Caller,
	input: { sessionId: string; priceCents: number; description: string }
): Promise<{ lockId: string }> {
	const sessionRef = db.collection(COL.sessions).doc(input.sessionId);
	const settingsRef = db.doc(PATHS.platformSettings());
	// Chosen once, outside the transaction: a retried attempt creates the same lock.
	const lockRef = sessionRef.collection(COL.locks).doc();
	await runMoneyTransaction(db, async (tx) => {
		const [session, settingsDoc] = await tx.getAll(sessionRef, settingsRef);
		const side = sideIn(caller, session!);
		if (side !== 'operator') throw new HttpsError('permission-denied', MONEY_ERRORS.operatorOnly);
		// A price outside the bounds is refused as such whatever the chat's state.
		const settings = settingsFrom(settingsDoc!.data());
		if (input.priceCents < settings.lockMinCents || input.priceCents > settings.lockMaxCents) {
			throw new HttpsError(
				'invalid-argument',
				priceBoundsSentence(settings.lockMinCents, settings.lockMaxCents, settings.currency)
			);
		}
		if (session!.get('status') !== 'active') {
			throw new HttpsError('failed-precondition', MONEY_ERRORS.sessionEnded);
		}
		if (session!.get('lockPending') === true) {
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
	const sessionRef = db.collection(COL.sessions).doc(input.sessionId);
	const lockRef = sessionRef.collection(COL.locks).doc(input.lockId);
	return runMoneyTransaction(db, async (tx) => {
		const [session, lock] = await tx.getAll(sessionRef, lockRef);
		const side = sideIn(caller, session!);
		const wanted = to === 'withdrawn' ? 'operator' : 'customer';
		if (side !== wanted) {
			throw new HttpsError(
				'permission-denied',
				to === 'withdrawn' ? MONEY_ERRORS.operatorOnly : MONEY_ERRORS.customerOnly
			);
		}
		const { status } = requireLock(lock!);
		if (status === to) return { status };
		if (status !== 'pending') {
			throw new HttpsError('failed-precondition', lockNotPendingSentence(status));
		}
		writeClose(tx, session!, lock!, to, to === 'withdrawn' ? 'lockWithdrawn' : 'lockDeclined');
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
	const sessionRef = db.collection(COL.sessions).doc(input.sessionId);
	const lockRef = sessionRef.collection(COL.locks).doc(input.lockId);
	const walletRef = db.collection(COL.wallets).doc(caller.uid);
	const transferId = lockPaymentId(input.sessionId, input.lockId);
	const transferRef = db.collection(COL.transfers).doc(transferId);
	const keyRef = db
		.collection(COL.idempotency)
		.doc(idempotencyId('lockAgree', caller.uid, input.key));
	const target = lockKey(input.sessionId, input.lockId);

	const outcome = await runMoneyTransaction<AgreeOutcome>(db, async (tx) => {
		// Reads before writes: this transaction may run more than once.
		const [keyDoc, session, lock, wallet, transfer] = await tx.getAll(
			keyRef,
			sessionRef,
			lockRef,
			walletRef,
			transferRef
		);
		if (keyDoc!.exists) {
			// The same click sent again (a lost answer, a retry): the same answer, nothing charged.
			if (keyDoc!.get('target') !== target) {
				throw new HttpsError('invalid-argument', MONEY_ERRORS.keyReused);
			}
			return { kind: 'done', result: keyDoc!.get('result') as AgreeResult };
		}
		const side = sideIn(caller, session!);
		if (side !== 'customer') throw new HttpsError('permission-denied', MONEY_ERRORS.customerOnly);
		const l = requireLock(lock!);
		const balance = (wallet!.exists ? (wallet!.get('balance') as number) : 0) as Cents;
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
		if (session!.get('status') !== 'active') {
			throw new HttpsError('failed-precondition', MONEY_ERRORS.sessionEnded);
		}
		const now = nowMs();
		if (l.reservedUntilMs !== null && l.reservedUntilMs <= now) {
			// The top-up window has passed: the lock expires now, as the sweep would expire it.
			writeClose(tx, session!, lock!, 'expired', 'lockExpired');
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
		if (transfer!.exists) {
			// A transfer without a paid lock cannot be written by this module (I7): stop loudly.
			throw new HttpsError('internal', 'This payment is in an inconsistent state.');
		}
		const members = membersOf(session!);
		const parties = [members.customerUid, members.operatorId];
		if (members.groupId !== null) {
			const group = await tx.get(db.collection(COL.groups).doc(members.groupId));
			const ownerUid = group.get('ownerUid') as string | undefined;
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
		writeLockLine(tx, session!, input.lockId, 'lockPaid', l);
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
	const sessionRef = db.collection(COL.sessions).doc(sessionId);
	const lockRef = sessionRef.collection(COL.locks).doc(lockId);
	return runMoneyTransaction(db, async (tx) => {
		const [session, lock] = await tx.getAll(sessionRef, lockRef);
		if (!session!.exists || !lock!.exists) return false;
		const l = lockOf(lock!);
		if (l.status !== 'pending' || l.reservedUntilMs === null || l.reservedUntilMs > nowMs) {
			return false;
		}
		writeClose(tx, session!, lock!, 'expired', 'lockExpired');
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

function pendingLocksOf(sessionRef: FirebaseFirestore.DocumentReference) {
	return shapedQuery(sessionRef, QUERIES.locksByStatus, { eq: { status: 'pending' } }).limit(
		PENDING_LOCKS_MAX
	);
}

/**
 * Before a transaction that ends a session: the session's pending lock(s), looked up outside it
 * (a query inside a transaction locks the whole collection on the emulator). Pass the result to
 * `pendingLocksIn` inside the transaction.
 */
export async function pendingLockRefs(sessionRef: FirebaseFirestore.DocumentReference) {
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
	session: Snapshot,
	candidates: FirebaseFirestore.DocumentReference[]
) {
	if (session.get('lockPending') !== true) return [];
	if (candidates.length > 0) {
		const pending = (await tx.getAll(...candidates)).filter((l) => l.get('status') === 'pending');
		if (pending.length > 0) return pending;
	}
	return (await tx.get(pendingLocksOf(session.ref))).docs;
}

/**
 * A chat that ends withdraws its pending lock, in the ending transaction: nobody can pay for a
 * service in a chat that is over. The session's end line says why; the caller writes the session
 * (and with it `lockPending: false`).
 */
export function withdrawPendingIn(tx: Transaction, locks: Snapshot[]): void {
	for (const lock of locks) {
		tx.update(lock.ref, { status: 'withdrawn', answeredAt: FieldValue.serverTimestamp() });
	}
}
