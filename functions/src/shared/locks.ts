/**
 * Chat locks and the money contract: the lock documents, the sentences the app shows, the system
 * lines a lock writes into the transcript, the checks of a new lock's price and description, and
 * the ledger queries behind wallets and earnings.
 *
 * Lifecycle of `sessions/{sessionId}/locks/{lockId}` (every transition is a callable or the sweep;
 * clients never write locks):
 *
 *   lockCreate ──▶ pending ──lockAgree (funds)──────▶ paid      (receipt line 'lockPaid')
 *                          ──lockDecline────────────▶ declined  (line 'lockDeclined')
 *                          ──lockWithdraw───────────▶ withdrawn (line 'lockWithdrawn')
 *                          ──chat ends──────────────▶ withdrawn (no line: the end line says it)
 *                          ──reservedUntil passed───▶ expired   (line 'lockExpired', by the sweep
 *                                                                 or by a late lockAgree)
 *   paid ──adminRefundLock──▶ paid + refundedTransferId          (line 'lockRefunded')
 *
 * - At most one pending lock per session; `session.lockPending` is true exactly while one is
 *   (written in the same transactions), and the rules refuse messages meanwhile.
 * - Creating a lock writes no message: the app shows the lock card from the locks collection
 *   (query: `sessions/{id}/locks` ordered by `createdAt`, limit <= LIMITS.pageMax).
 * - Price, currency and commission are frozen at creation (I7): an admin changing the commission
 *   later does not change what a shown offer costs or how it is split.
 * - Insufficient funds: lockAgree refuses with INSUFFICIENT_FUNDS and sets `reservedUntil`
 *   (now + DEFAULTS.lockReserveSeconds, once): the lock keeps waiting while the customer tops up;
 *   past that moment it expires.
 */
import { DEFAULTS, LIMITS } from './config.js';
import { formatMoney, splitPrice, type Cents } from './money.js';
import type { PlatformSettings } from './settings.js';

export type LockStatus = 'pending' | 'paid' | 'declined' | 'withdrawn' | 'expired';

/** `sessions/{sessionId}/locks/{lockId}`: read by the session's participants; server-written. */
export interface LockDoc<T = Date> {
	/** What the customer pays, in minor units; within the settings bounds at creation. */
	price: Cents;
	/** The service given once paid: 1..LIMITS.lockDescriptionMax characters, plain text. */
	description: string;
	/** The deployment currency at creation (settings/platform.currency). */
	currency: string;
	/** Platform commission frozen at creation, in basis points. */
	commissionBps: number;
	/** splitPrice(price, commissionBps), frozen at creation: operatorShare + platformShare == price. */
	operatorShare: Cents;
	platformShare: Cents;
	status: LockStatus;
	/** Who offered it: the operator, or the group owner acting for it. */
	createdBy: string;
	createdAt: T;
	/** When it left `pending` (paid, declined, withdrawn, expired); null while pending. */
	answeredAt: T | null;
	/** The lockPayment transfer once paid; null otherwise. */
	transferId: string | null;
	/**
	 * Set when the customer tried to pay without enough funds: the offer waits for a top-up until
	 * then, and expires after. Null until that happens.
	 */
	reservedUntil: T | null;
	/** The refund transfer, once an admin refunded this paid lock; null otherwise. */
	refundedTransferId: string | null;
}

/** System-line events written by locks (see SystemEvent in chat.ts). */
export type LockEvent =
	'lockPaid' | 'lockDeclined' | 'lockWithdrawn' | 'lockExpired' | 'lockRefunded';

/** Id of a lock's system line: one per lock and event, so a retried transaction writes it once. */
export function lockLineId(lockId: string, event: LockEvent): string {
	return `system-${event}-${lockId}`;
}

/** The transcript line of each lock event (the app may render its own from `event` and `lockId`). */
export function lockLine(
	event: LockEvent,
	lock: { price: number; currency: string; description: string },
	names: { customerName: string; operatorName: string }
): string {
	const price = formatMoney(lock.price, lock.currency);
	switch (event) {
		case 'lockPaid':
			return `${names.customerName} paid ${price} for: ${lock.description}`;
		case 'lockDeclined':
			return `${names.customerName} declined the offer of ${price} for: ${lock.description}`;
		case 'lockWithdrawn':
			return `${names.operatorName} withdrew the offer of ${price} for: ${lock.description}`;
		case 'lockExpired':
			return `The offer of ${price} expired before it was paid: ${lock.description}`;
		case 'lockRefunded':
			return `${price} was refunded to ${names.customerName} for: ${lock.description}`;
	}
}

// ---- Sentences of the money callables (HttpsError messages, shown as they are) ---------------

export const MONEY_ERRORS = {
	lockNotFound: 'We could not find this offer.',
	sessionEnded: 'This chat has ended.',
	operatorOnly: 'Only the advisor can lock this chat or withdraw an offer.',
	customerOnly: 'Only the customer can answer this offer.',
	alreadyPending: 'An offer is already waiting for an answer. Withdraw it first.',
	keyReused: 'This payment key was already used for another offer.',
	walletCustomersOnly: 'Only customer accounts have a wallet.',
	demoOnly: 'Demo top-ups exist only in the local demo.',
	checkoutUnavailable: 'Card payments are not set up yet. Please try again later.',
	checkoutFailed: 'The payment page could not be opened. Please try again.',
	busy: 'Too many payments at once. Please try again.',
	refundNotPaid: 'Only a paid offer can be refunded.'
} as const;

/** Refusal of an answer to a lock that is no longer pending. */
export function lockNotPendingSentence(status: Exclude<LockStatus, 'pending'>): string {
	switch (status) {
		case 'paid':
			return 'This offer was already paid.';
		case 'declined':
			return 'This offer was declined.';
		case 'withdrawn':
			return 'The advisor withdrew this offer.';
		case 'expired':
			return 'This offer has expired.';
	}
}

/** invalid-argument of lockCreate when the price is outside the bounds in force. */
export function priceBoundsSentence(min: number, max: number, currency: string): string {
	return `Choose a price from ${formatMoney(min, currency)} to ${formatMoney(max, currency)}.`;
}

/** Why a lock cannot have this price under the settings in force (the sentence), or null. */
export function priceProblem(
	price: number,
	settings: Pick<PlatformSettings, 'lockMinCents' | 'lockMaxCents' | 'currency'>
): string | null {
	return price < settings.lockMinCents || price > settings.lockMaxCents
		? priceBoundsSentence(settings.lockMinCents, settings.lockMaxCents, settings.currency)
		: null;
}

/**
 * Why a lock cannot have this description (the sentence), or null. `text` is what is stored:
 * trimmed by the caller first.
 */
export function descriptionProblem(text: string): string | null {
	if (text.length < 1) return 'Describe what you will do once the chat is unlocked.';
	if (text.length > LIMITS.lockDescriptionMax) {
		return `Descriptions have at most ${LIMITS.lockDescriptionMax} characters.`;
	}
	return null;
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

/**
 * failed-precondition of lockAgree without enough funds, e.g. "Your balance is $4.00; this costs
 * $12.50. Top up to continue." Its details are InsufficientFundsDetails.
 */
export function insufficientFundsSentence(
	balance: number,
	price: number,
	currency: string
): string {
	return `Your balance is ${formatMoney(balance, currency)}; this costs ${formatMoney(price, currency)}. Top up to continue.`;
}

/** `details` of the insufficient-funds error (HttpsError details reach the app as they are). */
export interface InsufficientFundsDetails {
	reason: 'insufficientFunds';
	/** What is missing: price - balance. */
	needCents: number;
	balanceCents: number;
	priceCents: number;
	/** Epoch ms (server clock) until which the offer waits for the top-up. */
	reservedUntil: number;
}

/** invalid-argument of top-ups outside their bounds. */
export function topUpBoundsSentence(min: number, max: number, currency: string): string {
	return `Choose an amount from ${formatMoney(min, currency)} to ${formatMoney(max, currency)}.`;
}

/** Client idempotency keys (lockAgree, walletDemoTopUp): a random id made once per attempt. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

/** Top-up bounds (minor units). Card checkout starts higher: card fees make cents absurd. */
export const TOP_UP = {
	demoMinCents: 1,
	demoMaxCents: 50_000,
	checkoutMinCents: 500,
	checkoutMaxCents: 50_000
} as const;

/** Bounds an admin may set (adminUpdateSettings). */
export const SETTINGS_BOUNDS = {
	commissionBpsMax: 10_000,
	lockMinCentsMin: 1,
	/** No single offer may cost more than this, whatever the settings. */
	lockMaxCentsCap: 1_000_000
} as const;

/** How long (ms) a lock waits for a top-up after a refused payment. */
export const LOCK_RESERVE_MS = DEFAULTS.lockReserveSeconds * 1000;

// ---- Ledger accounts and the queries the app runs --------------------------------------------
//
// Only customers' wallets have balance documents (`wallets/{uid}.balance`, the sum of their
// entries, kept in the unlock transaction so it can never go below zero). Payee accounts
// (operators', groups') and the platform have NO balance document: their money is the sum of
// their immutable ledger entries, so no unlock ever writes a shared document.
//
// Entries of a lock payment (transfer kind 'lockPayment', id transferIdFor('lockPayment',
// `${sessionId}/${lockId}`)):
//   wallet:<customer>            -price           ownerUid customer
//   payee:operator:<uid>         +operatorShare   ownerUid operator, operatorUid    (independent)
//   payee:group:<groupId>        +operatorShare   ownerUid null, groupId, operatorUid (group)
//   platform:<shard>             +platformShare   ownerUid null, operatorUid
// A refund (kind 'refund') has the same entries with opposite signs.
//
// Queries (bounded, limit <= LIMITS.pageMax; firestore.indexes.json has their indexes):
//   wallet history   ledger: ownerUid == me, account == wallet:<me>, orderBy createdAt desc
//   operator earnings ledger: ownerUid == me, account == payee:operator:<me>, createdAt in a
//                    range, orderBy createdAt desc (per day: group by the entry's createdAt)
//   group earnings   ledger: groupId == myGroupId, account == payee:group:<myGroupId>, createdAt
//                    range, orderBy createdAt desc; per operator: the entry's operatorUid
//   receipts         transfers: readers array-contains me, orderBy createdAt desc
// An operator listed under a group earns for the group: the group's entries are its owner's to
// read, not the operator's.
