/**
 * Admin refund of a paid lock: a correcting transfer (kind 'refund') whose entries are exactly the
 * payment's with opposite signs, never an edit of the payment. The admin's reason goes to
 * refundNotes/{refundId} (admins only), not into the transfer its readers read. Once per lock: the refund's id
 * derives from the lock, and the lock records it (`refundedTransferId`).
 * Reads before writes: this transaction may run more than once.
 */
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import { MONEY_ERRORS } from '../shared/locks.js';
import type { Cents } from '../shared/money.js';
import { ACCOUNTS } from '../shared/paths.js';
import { QUERIES } from '../shared/queries.js';
import { shapedQuery } from '../lib/shaped-query.js';
import {
	CONVERTERS,
	getAllIn,
	lockRef as lockDocRef,
	refundNoteRef,
	sessionRef as sessionDocRef,
	transferRef,
	typedQuery,
	walletRef as walletDocRef
} from '../lib/refs.js';
import { SESSION_NOT_FOUND } from '../chat/sentences.js';
import { lockKey, lockRefundId, reversedEntries } from './ledger-entries.js';
import { writeTransfer, type EntryInput } from './ledger.js';
import { writeLockLine } from './lock-docs.js';
import { runMoneyTransaction } from './money-transaction.js';

export async function refundLock(
	db: Firestore,
	input: { sessionId: string; lockId: string; reason: string; adminUid: string }
): Promise<{ transferId: string; alreadyRefunded: boolean }> {
	const sessionRef = sessionDocRef(db, input.sessionId);
	const lockRef = lockDocRef(db, input.sessionId, input.lockId);
	const refundId = lockRefundId(input.sessionId, input.lockId);
	const refundRef = transferRef(db, refundId);
	return runMoneyTransaction(db, async (tx) => {
		const [sessionSnap, lockSnap, refund] = await getAllIn(tx, sessionRef, lockRef, refundRef);
		const session = sessionSnap.data();
		const lock = lockSnap.data();
		if (!session) throw new HttpsError('not-found', SESSION_NOT_FOUND);
		if (!lock) throw new HttpsError('not-found', MONEY_ERRORS.lockNotFound);
		if (refund.exists) return { transferId: refundId, alreadyRefunded: true };
		const paymentId = lock.transferId;
		if (lock.status !== 'paid' || !paymentId) {
			throw new HttpsError('failed-precondition', MONEY_ERRORS.refundNotPaid);
		}
		const payment = (await tx.get(transferRef(db, paymentId))).data();
		const paid = await tx.get(
			typedQuery(
				shapedQuery(db, QUERIES.transferEntries, { eq: { transferId: paymentId } }),
				CONVERTERS.ledgerEntry
			)
		);
		const entries: EntryInput[] = paid.docs
			.sort((a, b) => a.id.localeCompare(b.id))
			.map((doc) => {
				const e = doc.data();
				return {
					account: e.account,
					amount: e.amount,
					ownerUid: e.ownerUid ?? null,
					groupId: e.groupId ?? null,
					operatorUid: e.operatorUid ?? null
				};
			});
		const customerUid = session.customerUid;
		const walletAccount = ACCOUNTS.wallet(customerUid);
		const paidFromWallet = entries
			.filter((e) => e.account === walletAccount)
			.reduce((s, e) => s - e.amount, 0);
		if (!payment || entries.length === 0 || paidFromWallet <= 0) {
			throw new HttpsError('internal', 'This payment is in an inconsistent state.');
		}
		const walletRef = walletDocRef(db, customerUid);
		const wallet = await tx.get(walletRef);
		const balance = wallet.exists ? wallet.data()!.balance : (0 as Cents);
		// ---- writes ----
		writeTransfer(db, tx, refundId, {
			kind: 'refund',
			key: lockKey(input.sessionId, input.lockId),
			amount: payment.amount,
			sessionId: input.sessionId,
			lockId: input.lockId,
			readers: payment.readers,
			entries: reversedEntries(entries),
			refundOf: paymentId
		});
		// The reason beside the transfer, not in it: the transfer's readers read the transfer.
		tx.create(refundNoteRef(db, refundId), {
			transferId: refundId,
			sessionId: input.sessionId,
			lockId: input.lockId,
			reason: input.reason,
			adminUid: input.adminUid,
			createdAt: FieldValue.serverTimestamp()
		});
		tx.set(walletRef, {
			balance: (balance + paidFromWallet) as Cents,
			updatedAt: FieldValue.serverTimestamp()
		});
		tx.update(lockRef, { refundedTransferId: refundId });
		writeLockLine(tx, sessionSnap, input.lockId, 'lockRefunded', {
			price: paidFromWallet,
			currency: lock.currency,
			description: lock.description
		});
		return { transferId: refundId, alreadyRefunded: false };
	});
}
