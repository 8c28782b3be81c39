/**
 * Pure money decisions, unit-tested on their own: the ids of lock transfers, the entries of a
 * lock payment and of its refund, and the platform shard of a transfer.
 */
import { createHash } from 'node:crypto';
import { DEFAULTS } from '../shared/config.js';
import { isCents, type Cents } from '../shared/money.js';
import { ACCOUNTS } from '../shared/paths.js';
import { transferIdFor, type EntryInput } from './ledger.js';

/** The lock's idempotency key: one payment and one refund per lock, whatever the retries. */
export function lockKey(sessionId: string, lockId: string): string {
	return `${sessionId}/${lockId}`;
}

export function lockPaymentId(sessionId: string, lockId: string): string {
	return transferIdFor('lockPayment', lockKey(sessionId, lockId));
}

export function lockRefundId(sessionId: string, lockId: string): string {
	return transferIdFor('refund', lockKey(sessionId, lockId));
}

/**
 * The platform account a transfer credits. Platform money has no balance document (it is the sum
 * of its entries), so shards are not needed against write contention; spreading the entries over
 * DEFAULTS.platformShards account ids only keeps the (account, createdAt) index from taking every
 * unlock in one key range. Deterministic, so a retried transaction picks the same shard.
 */
export function platformShardOf(transferId: string): number {
	const hex = createHash('sha256').update(transferId).digest('hex').slice(0, 8);
	return parseInt(hex, 16) % DEFAULTS.platformShards;
}

/** Document id of a client idempotency key's record: scoped by callable and caller. */
export function idempotencyId(callable: string, uid: string, key: string): string {
	return createHash('sha256').update(`${callable}\n${uid}\n${key}`).digest('hex');
}

export interface LockPaymentParties {
	customerUid: string;
	operatorUid: string;
	/** The group of the session's operator, or null for an independent operator. */
	groupId: string | null;
}

/**
 * The entries of a lock payment: the wallet pays the price, the payee (the group's account when
 * the operator has a group, else the operator's own) gets operatorShare, the platform gets
 * platformShare. Refuses shares that do not add up to the price (I5).
 */
export function lockPaymentEntries(
	transferId: string,
	lock: { price: Cents; operatorShare: Cents; platformShare: Cents },
	who: LockPaymentParties
): EntryInput[] {
	const { price, operatorShare, platformShare } = lock;
	if (![price, operatorShare, platformShare].every(isCents) || price <= 0) {
		throw new RangeError(`Invalid lock amounts: ${price} = ${operatorShare} + ${platformShare}`);
	}
	if (operatorShare + platformShare !== price || operatorShare < 0 || platformShare < 0) {
		throw new RangeError(`Lock shares ${operatorShare} + ${platformShare} do not make ${price}.`);
	}
	const payee: EntryInput =
		who.groupId !== null
			? {
					account: ACCOUNTS.groupPayee(who.groupId),
					amount: operatorShare,
					ownerUid: null,
					groupId: who.groupId,
					operatorUid: who.operatorUid
				}
			: {
					account: ACCOUNTS.operatorPayee(who.operatorUid),
					amount: operatorShare,
					ownerUid: who.operatorUid,
					operatorUid: who.operatorUid
				};
	return [
		{
			account: ACCOUNTS.wallet(who.customerUid),
			amount: -price as Cents,
			ownerUid: who.customerUid,
			operatorUid: who.operatorUid
		},
		payee,
		{
			account: ACCOUNTS.platform(platformShardOf(transferId)),
			amount: platformShare,
			ownerUid: null,
			operatorUid: who.operatorUid
		}
	];
}

/** A refund: exactly the payment's entries with opposite signs (same accounts and owners). */
export function reversedEntries(entries: EntryInput[]): EntryInput[] {
	return entries.map((e) => ({ ...e, amount: (e.amount === 0 ? 0 : -e.amount) as Cents }));
}
