/**
 * Document shapes: the contract between the app, the rules and the functions.
 * `T` is the timestamp type: `Date` once read in the app, Firestore's Timestamp/FieldValue on
 * the server. Fields marked "server" are written only by Cloud Functions.
 */
import type { Cents } from './money.js';
import type { CategoryId } from './categories.js';
import type { Role } from './roles.js';

/** Public availability shown to customers. */
export type OperatorStatus = 'online' | 'busy' | 'away' | 'offline';

/** `users/{uid}`: private account data; the owner and admins read it. */
export interface UserDoc<T = Date> {
	displayName: string;
	email: string;
	/** server: mirror of the role claim, so the UI can react live when an admin changes it. */
	role: Role;
	/** server: mirror of the groupId claim. */
	groupId: string | null;
	/** Changes whenever the avatar document changes, so views can refetch it. */
	avatarVersion: number;
	createdAt: T;
	updatedAt: T;
	/** server: when this person last asked for a chat (serialises their concurrent requests). */
	lastChatRequestAt?: T;
	/** server: this person's latest chat request (the one that may still be ringing). */
	ringingRequestId?: string;
}

/** `avatars/{uid}`: a small square image resized in the browser, stored as a data URL. */
export interface AvatarDoc<T = Date> {
	dataUrl: string;
	updatedAt: T;
}

/** `operators/{uid}`: the public profile of an operator; anyone may read it. */
export interface OperatorDoc<T = Date> {
	displayName: string;
	/** Lower-cased display name, for prefix search in the directory. */
	nameLower: string;
	headline: string;
	bio: string;
	categories: CategoryId[];
	avatarVersion: number;
	/** server: false once the account is no longer an operator; the directory hides it. */
	listed: boolean;
	/** server: the group this operator is listed under, if any. */
	groupId: string | null;
	/** Public status. Changes only on transitions (never on heartbeats). */
	status: OperatorStatus;
	/** The control panel that set the operator online/away; it alone may take it back. */
	statusPanelId: string | null;
	/**
	 * server: what the managing panel chose (online, away or offline). `status` shows busy over
	 * it while the operator is in chats, and returns to it when the chats end.
	 */
	chosenStatus: 'online' | 'away' | 'offline';
	statusChangedAt: T;
	/** Sort key for the directory: online 0, busy 1, away 2, offline 3. */
	statusRank: number;
	/** server: open chat sessions right now. */
	activeSessions: number;
	/** server: consecutive requests that rang out unanswered. */
	missStreak: number;
	/** server: rating aggregates (average = sum / count). */
	ratingSum: number;
	ratingCount: number;
	createdAt: T;
	updatedAt: T;
}

export const STATUS_RANK: Record<OperatorStatus, number> = {
	online: 0,
	busy: 1,
	away: 2,
	offline: 3
};

/** `groups/{groupId}`: an agency; server-written. */
export interface GroupDoc<T = Date> {
	name: string;
	ownerUid: string;
	createdAt: T;
}

/** `settings/platform`: admin-editable platform settings; server-written, public read. */
export interface PlatformSettingsDoc<T = Date> {
	commissionBps: number;
	lockMinCents: Cents;
	lockMaxCents: Cents;
	currency: string;
	updatedAt: T;
}

/** `helpFeedback/{id}`: "Was this helpful?" answers; anyone creates, admins read. */
export interface HelpFeedbackDoc<T = Date> {
	article: string;
	helpful: boolean;
	comment: string;
	uid: string | null;
	createdAt: T;
}

/**
 * `rateLimits/{kind}:{key}`: server-only counters for abuse limits (shared/meters.ts): the latest
 * counted action, and the count in the current window with its start. Keys are uids, or a hash
 * of a network address for signed-out visitors (never the address itself).
 */
export interface RateLimitDoc<T = Date> {
	lastAt: T;
	count: number;
	since: T;
}

/**
 * `idempotency/{id}`: server-only record of a client idempotency key (lockAgree):
 * the answer `R` the first call gave, so a repeated call gets it again and nothing twice.
 */
export interface IdempotencyDoc<R = unknown, T = Date> {
	uid: string;
	callable: string;
	/** What the key was used for (a lock's key): the same key for another target is refused. */
	target: string;
	result: R;
	createdAt: T;
}

/** `wallets/{uid}`: a customer's spendable balance; server-written. */
export interface WalletDoc<T = Date> {
	balance: Cents;
	updatedAt: T;
}

export type TransferKind = 'topUp' | 'lockPayment' | 'refund';

/** `transfers/{id}`: one movement of money; its entries sum to zero. Server-written, immutable. */
export interface TransferDoc<T = Date> {
	kind: TransferKind;
	amount: Cents;
	/** Idempotency key: a lock id, a payment provider event id, a refund id. */
	key: string;
	sessionId: string | null;
	lockId: string | null;
	/** uids allowed to read this transfer and its entries. */
	readers: string[];
	createdAt: T;
	/** For a refund: the transfer it reverses. Its reason is in refundNotes/{id}, admins only. */
	refundOf?: string;
}

/**
 * `refundNotes/{transferId}`: the admin's side of a refund, beside the transfer. The transfer is
 * read by its readers (customer, operator, group owner); an admin's reason is internal, so it lives
 * here, readable by admins only. Server-written, immutable.
 */
export interface RefundNoteDoc<T = Date> {
	transferId: string;
	sessionId: string;
	lockId: string;
	reason: string;
	/** The admin who refunded. */
	adminUid: string;
	createdAt: T;
}

/** `ledger/{id}`: one immutable entry of a transfer. */
export interface LedgerEntryDoc<T = Date> {
	transferId: string;
	kind: TransferKind;
	account: string;
	amount: Cents;
	/** uid that may read this entry (wallet owner, operator, group owner), or null. */
	ownerUid: string | null;
	/** For payee entries of a group: lets the group owner read them. */
	groupId: string | null;
	/** For earnings: the operator whose session produced the entry. */
	operatorUid: string | null;
	createdAt: T;
}

/** `notifications/{id}`: a message to one person (e.g. the miss policy); server-written. */
export interface NotificationDoc<T = Date> {
	toUid: string;
	kind: 'missedRequests';
	operatorId: string | null;
	text: string;
	read: boolean;
	createdAt: T;
}
