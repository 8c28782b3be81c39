/**
 * Pure money decisions, unit-tested on their own: the ids of lock transfers, the entries of a
 * lock payment and of its refund, the platform shard of a transfer, and the settings in force.
 */
import { createHash } from 'node:crypto';
import { DEFAULTS } from '../shared/config.js';
import { isCents, splitPrice, type Cents } from '../shared/money.js';
import { ACCOUNTS } from '../shared/paths.js';
import { SETTINGS_BOUNDS } from '../shared/locks.js';
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

export interface PlatformSettings {
	commissionBps: number;
	lockMinCents: Cents;
	lockMaxCents: Cents;
	currency: string;
}

/**
 * The settings in force: the stored document's values where they are sound, DEFAULTS otherwise
 * (an absent document, or a field an old version wrote differently, must not make prices free).
 */
export function settingsFrom(data: Record<string, unknown> | undefined): PlatformSettings {
	const d = data ?? {};
	const int = (v: unknown, min: number, max: number): v is number =>
		isCents(v) && v >= min && v <= max;
	const commissionBps = int(d.commissionBps, 0, SETTINGS_BOUNDS.commissionBpsMax)
		? d.commissionBps
		: DEFAULTS.commissionBps;
	let lockMinCents = int(
		d.lockMinCents,
		SETTINGS_BOUNDS.lockMinCentsMin,
		SETTINGS_BOUNDS.lockMaxCentsCap
	)
		? d.lockMinCents
		: DEFAULTS.lockMinCents;
	let lockMaxCents = int(
		d.lockMaxCents,
		SETTINGS_BOUNDS.lockMinCentsMin,
		SETTINGS_BOUNDS.lockMaxCentsCap
	)
		? d.lockMaxCents
		: DEFAULTS.lockMaxCents;
	if (lockMinCents > lockMaxCents) {
		lockMinCents = DEFAULTS.lockMinCents;
		lockMaxCents = DEFAULTS.lockMaxCents;
	}
	const currency =
		typeof d.currency === 'string' && /^[A-Z]{3}$/.test(d.currency)
			? d.currency
			: DEFAULTS.currency;
	return {
		commissionBps,
		lockMinCents: lockMinCents as Cents,
		lockMaxCents: lockMaxCents as Cents,
		currency
	};
}

/** The frozen money fields of a new lock (I7): price, currency, commission and the split. */
export function frozenPrice(price: Cents, settings: PlatformSettings) {
	const split = splitPrice(price, settings.commissionBps);
	return {
		price,
		currency: settings.currency,
		commissionBps: settings.commissionBps,
		operatorShare: split.payee,
		platformShare: split.platform
	};
}
