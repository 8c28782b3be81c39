/**
 * The double-entry ledger. A transfer is one `transfers/{id}` document plus immutable
 * `ledger/{id}` entries whose amounts sum to zero, written in the same transaction as the
 * balance documents they move. The transfer id is derived from an idempotency key, so a retried
 * or concurrent call finds the transfer already there and charges nothing twice.
 */
import { createHash } from 'node:crypto';
import { FieldValue, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { ACCOUNTS } from '../shared/paths.js';
import {
	ledgerEntryRef,
	transferRef as transferDocRef,
	walletRef as walletDocRef
} from '../lib/refs.js';
import { isCents, type Cents } from '../shared/money.js';
import type { TransferKind } from '../shared/types.js';
import { runMoneyTransaction } from './money-transaction.js';

export interface EntryInput {
	account: string;
	amount: Cents;
	ownerUid: string | null;
	groupId?: string | null;
	operatorUid?: string | null;
}

export interface TransferInput {
	kind: TransferKind;
	key: string;
	amount: Cents;
	sessionId?: string | null;
	lockId?: string | null;
	/** uids allowed to read the transfer (TransferDoc.readers). */
	readers: string[];
	entries: EntryInput[];
	/** For a refund: the transfer it reverses (the reason is not here: see refundNotes). */
	refundOf?: string;
}

export function transferIdFor(kind: TransferKind, key: string): string {
	return `${kind}_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/** Checks I1 (entries sum to zero) and that every amount is whole cents, before any write. */
export function assertBalanced(entries: EntryInput[]): void {
	// Summed exactly: a floating-point running sum leaves safe integers on large amounts and then
	// accepts entries that do not balance (2^53 - 1 + 1 + 1 - (2^53 - 1) - 1 "sums" to 0).
	let sum = 0n;
	for (const e of entries) {
		if (!isCents(e.amount)) throw new RangeError(`Entry amount is not whole cents: ${e.amount}`);
		sum += BigInt(e.amount);
	}
	if (sum !== 0n) throw new RangeError(`Transfer entries sum to ${sum}, not 0.`);
}

/**
 * Writes a transfer and its entries inside `tx`. All reads must already be done by the caller:
 * Firestore transactions require reads before writes, and this one may run more than once.
 */
export function writeTransfer(
	db: Firestore,
	tx: Transaction,
	id: string,
	input: TransferInput
): void {
	assertBalanced(input.entries);
	tx.create(transferDocRef(db, id), {
		kind: input.kind,
		amount: input.amount,
		key: input.key,
		sessionId: input.sessionId ?? null,
		lockId: input.lockId ?? null,
		readers: input.readers,
		createdAt: FieldValue.serverTimestamp(),
		...(input.refundOf !== undefined ? { refundOf: input.refundOf } : {})
	});
	input.entries.forEach((entry, index) => {
		tx.create(ledgerEntryRef(db, `${id}_${index}`), {
			transferId: id,
			kind: input.kind,
			account: entry.account,
			amount: entry.amount,
			ownerUid: entry.ownerUid,
			groupId: entry.groupId ?? null,
			operatorUid: entry.operatorUid ?? null,
			createdAt: FieldValue.serverTimestamp()
		});
	});
}

export interface TopUpResult {
	transferId: string;
	balance: Cents;
	duplicate: boolean;
}

/**
 * Credits a customer's wallet from an external source (a payment provider, or the demo top-up
 * on the emulators). Idempotent per (provider, key).
 */
export async function topUp(
	db: Firestore,
	input: { uid: string; amount: Cents; provider: 'stripe' | 'demo'; key: string }
): Promise<TopUpResult> {
	if (!isCents(input.amount) || input.amount <= 0) {
		throw new RangeError(`Top-up amount must be a positive number of cents: ${input.amount}`);
	}
	const id = transferIdFor('topUp', `${input.provider}:${input.key}`);
	const walletRef = walletDocRef(db, input.uid);
	const transferRef = transferDocRef(db, id);
	return runMoneyTransaction(db, async (tx) => {
		const [transfer, wallet] = await Promise.all([tx.get(transferRef), tx.get(walletRef)]);
		const balance = wallet.exists ? wallet.data()!.balance : (0 as Cents);
		if (transfer.exists) return { transferId: id, balance, duplicate: true };
		const next = (balance + input.amount) as Cents;
		writeTransfer(db, tx, id, {
			kind: 'topUp',
			key: `${input.provider}:${input.key}`,
			amount: input.amount,
			readers: [input.uid],
			entries: [
				{
					account: ACCOUNTS.externalTopUp(input.provider),
					amount: -input.amount as Cents,
					ownerUid: null
				},
				{ account: ACCOUNTS.wallet(input.uid), amount: input.amount, ownerUid: input.uid }
			]
		});
		tx.set(walletRef, { balance: next, updatedAt: FieldValue.serverTimestamp() });
		return { transferId: id, balance: next, duplicate: false };
	});
}
