/**
 * The customer pays a lock (lockAgree). Invariants, each enforced here:
 * - A lock becomes paid only together with its transfer (I7), and at most once (I4): the transfer
 *   id derives from the lock, the transaction re-reads the lock, and `tx.create` of the transfer
 *   would fail if it existed.
 * - No wallet goes below zero (I3): the balance is read and written in the paying transaction.
 * - Entries sum to zero (I1) and the shares add up to the price (I5): checked before any write.
 * - Reads before writes (lock-docs.ts): refusals that keep a write (the reservation of an
 *   unfunded lock, an expiry) are thrown after the commit.
 */
import { FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import type { Caller } from '../lib/guard.js';
import {
	getAllIn,
	groupRef,
	idempotencyRef,
	lockRef as lockDocRef,
	sessionRef as sessionDocRef,
	transferRef as transferDocRef,
	walletRef as walletDocRef
} from '../lib/refs.js';
import {
	LOCK_RESERVE_MS,
	MONEY_ERRORS,
	insufficientFundsSentence,
	lockNotPendingSentence,
	type InsufficientFundsDetails
} from '../shared/locks.js';
import { cents, type Cents } from '../shared/money.js';
import { idempotencyId, lockKey, lockPaymentEntries, lockPaymentId } from './ledger-entries.js';
import { writeTransfer } from './ledger.js';
import { membersOf, requireLock, sideIn, writeClose, writeLockLine } from './lock-docs.js';
import { runMoneyTransaction } from './money-transaction.js';

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
		const readers = [members.customerUid, members.operatorId];
		if (members.groupId !== null) {
			const group = await tx.get(groupRef(db, members.groupId));
			const ownerUid = group.data()?.ownerUid;
			if (ownerUid && !readers.includes(ownerUid)) readers.push(ownerUid);
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
			readers,
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
