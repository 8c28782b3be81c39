/**
 * Admin refund of a paid lock: a correcting transfer (kind 'refund') whose entries are exactly the
 * payment's with opposite signs, never an edit of the payment. The admin's reason goes to
 * refundNotes/{refundId} (admins only), not into the transfer its parties read. Once per lock: the refund's id
 * derives from the lock, and the lock records it (`refundedTransferId`).
 * Reads before writes: this transaction may run more than once.
 */
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import { MONEY_ERRORS } from '../shared/locks.js';
import type { Cents } from '../shared/money.js';
import { ACCOUNTS, COL } from '../shared/paths.js';
import { QUERIES } from '../shared/queries.js';
import { shapedQuery } from '../lib/shaped-query.js';
import { SESSION_NOT_FOUND } from '../chat/logic.js';
import { lockKey, lockRefundId, reversedEntries } from './entries.js';
import { writeTransfer, type EntryInput } from './ledger.js';
import { writeLockLine } from './locks.js';
import { runMoneyTransaction } from './transaction.js';

export async function refundLock(
	db: Firestore,
	input: { sessionId: string; lockId: string; reason: string; adminUid: string }
): Promise<{ transferId: string; alreadyRefunded: boolean }> {
	const sessionRef = db.collection(COL.sessions).doc(input.sessionId);
	const lockRef = sessionRef.collection(COL.locks).doc(input.lockId);
	const refundId = lockRefundId(input.sessionId, input.lockId);
	const refundRef = db.collection(COL.transfers).doc(refundId);
	return runMoneyTransaction(db, async (tx) => {
		const [session, lock, refund] = await tx.getAll(sessionRef, lockRef, refundRef);
		if (!session!.exists) throw new HttpsError('not-found', SESSION_NOT_FOUND);
		if (!lock!.exists) throw new HttpsError('not-found', MONEY_ERRORS.lockNotFound);
		if (refund!.exists) return { transferId: refundId, alreadyRefunded: true };
		const paymentId = lock!.get('transferId') as string | null;
		if (lock!.get('status') !== 'paid' || !paymentId) {
			throw new HttpsError('failed-precondition', MONEY_ERRORS.refundNotPaid);
		}
		const payment = await tx.get(db.collection(COL.transfers).doc(paymentId));
		const paid = await tx.get(
			shapedQuery(db, QUERIES.transferEntries, { eq: { transferId: paymentId } })
		);
		const entries: EntryInput[] = paid.docs
			.sort((a, b) => a.id.localeCompare(b.id))
			.map((e) => ({
				account: e.get('account') as string,
				amount: e.get('amount') as Cents,
				ownerUid: (e.get('ownerUid') as string | null) ?? null,
				groupId: (e.get('groupId') as string | null) ?? null,
				operatorUid: (e.get('operatorUid') as string | null) ?? null
			}));
		const customerUid = session!.get('customerUid') as string;
		const walletAccount = ACCOUNTS.wallet(customerUid);
		const paidFromWallet = entries
			.filter((e) => e.account === walletAccount)
			.reduce((s, e) => s - e.amount, 0);
		if (!payment.exists || entries.length === 0 || paidFromWallet <= 0) {
			throw new HttpsError('internal', 'This payment is in an inconsistent state.');
		}
		const walletRef = db.collection(COL.wallets).doc(customerUid);
		const wallet = await tx.get(walletRef);
		const balance = (wallet.exists ? (wallet.get('balance') as number) : 0) as Cents;
		// ---- writes ----
		writeTransfer(db, tx, refundId, {
			kind: 'refund',
			key: lockKey(input.sessionId, input.lockId),
			amount: payment.get('amount') as Cents,
			sessionId: input.sessionId,
			lockId: input.lockId,
			parties: payment.get('parties') as string[],
			entries: reversedEntries(entries),
			refundOf: paymentId
		});
		// The reason beside the transfer, not in it: the transfer's parties read the transfer.
		tx.create(db.collection(COL.refundNotes).doc(refundId), {
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
		writeLockLine(tx, session!, input.lockId, 'lockRefunded', {
			price: paidFromWallet,
			currency: lock!.get('currency') as string,
			description: lock!.get('description') as string
		});
		return { transferId: refundId, alreadyRefunded: false };
	});
}
