/**
 * Callable function names with their request and response types. The app calls them only
 * through the typed wrapper in `src/lib/firebase/callables.ts`.
 */
import type { EndedBy, RequestStatus } from './chat.js';
import type { LockStatus } from './locks.js';
import type { SettableStatus } from './presence.js';
import type { Role } from './roles.js';

export interface AdminContract {
	adminSetRole: {
		req: { email: string; role: Role; groupId?: string | null };
		res: { uid: string; role: Role; groupId: string | null };
	};
	adminCreateGroup: {
		req: { name: string; ownerEmail: string };
		res: { groupId: string };
	};
	adminListUsers: {
		req: { pageToken?: string | null };
		res: {
			users: {
				uid: string;
				email: string;
				displayName: string;
				role: Role;
				groupId: string | null;
			}[];
			nextPageToken: string | null;
		};
	};
	adminListGroups: {
		req: Record<string, never>;
		res: {
			groups: {
				id: string;
				name: string;
				ownerUid: string;
				ownerEmail: string;
				operatorCount: number;
			}[];
		};
	};
}

export interface PresenceContract {
	presenceOpenPanel: {
		req: Record<string, never>;
		/** heartbeatSeconds: how often the page must refresh the panel's heartbeat. */
		res: { panelId: string; closeKey: string; operatorIds: string[]; heartbeatSeconds: number };
	};
	presenceSetStatus: {
		req: { panelId: string; operatorIds: string[]; status: SettableStatus };
		res: { changed: string[] };
	};
	presenceClosePanel: {
		req: { panelId: string };
		res: { wentOffline: string[] };
	};
}

/**
 * Chat requests and sessions (see chat.ts for the documents and the lifecycle). Refusals are
 * HttpsErrors whose messages are sentences to show as they are; the codes the UI may branch on
 * are listed per callable.
 */
export interface ChatContract {
	/**
	 * A customer account (no role claim) asks an online operator for a chat. Idempotent: asking
	 * again while a request to the same operator rings returns that request. One ringing request
	 * per customer: asking someone else meanwhile is refused (cancel first).
	 * failed-precondition: the operator is busy, away or offline; another request is ringing.
	 * permission-denied: operator, group owner and admin accounts cannot ask for chats.
	 * resource-exhausted: asked again within DEFAULTS.ringCooldownSeconds, or more than
	 *   DEFAULTS.ringsPerMinute new requests in a minute.
	 */
	chatRequest: {
		req: { operatorId: string };
		/** expiresAt: epoch milliseconds (server clock) when the request stops ringing. */
		res: { requestId: string; expiresAt: number };
	};
	/**
	 * The customer withdraws its ringing request. Idempotent; a request already declined or
	 * expired is left as it is; cancelling after expiresAt records the expiry (it rang out).
	 * failed-precondition: the operator has just accepted (the chat is opening).
	 */
	chatCancel: {
		req: { requestId: string };
		res: { status: RequestStatus };
	};
	/**
	 * The operator, or the owner of its group, answers a ringing request. The first answer wins:
	 * any later one (another window, a race) gets failed-precondition "This request was already
	 * answered in another window." Accepting makes the operator busy and returns the new session;
	 * other requests ringing for that operator are then declined automatically.
	 * failed-precondition: answered already, cancelled, expired, or the operator is already in a
	 * chat.
	 */
	chatAnswer: {
		req: { requestId: string; accept: boolean };
		res: { sessionId: string | null };
	};
	/**
	 * Any participant ends the ringing of a request whose expiresAt has passed (clients call it
	 * when their countdown ends; the sweep does the same as a backstop). Idempotent: returns the
	 * request's status whatever it is by then. An expiry counts as a missed request.
	 * failed-precondition: the request is still ringing (called too early: try again shortly).
	 */
	chatExpire: {
		req: { requestId: string };
		res: { status: RequestStatus; sessionId: string | null };
	};
	/**
	 * Either side (customer, operator, or the operator's group owner) ends an active session:
	 * a system line announces who left, the operator returns to online/away as its panel chose
	 * (offline when no panel manages it any more). Idempotent: `alreadyEnded` when it had ended.
	 */
	chatEnd: {
		req: { sessionId: string };
		res: { endedBy: EndedBy; alreadyEnded: boolean };
	};
	/**
	 * A participant's window sees the other side silent (no heartbeat for about the session's
	 * windowTimeoutSeconds) and asks the server to end the chat for it. The server decides on its
	 * own clock: `ended` when the other side's windows have all been silent past the timeout (the
	 * session ends 'timeout' or 'customerTimeout'), else `ended: false` with why (`here`: a window
	 * of theirs is still beating; `held`: an offer waits for the customer, who may be topping up;
	 * `over`: the chat had already ended). Idempotent.
	 */
	chatPeerLost: {
		req: { sessionId: string };
		res: { ended: boolean; reason: 'ended' | 'here' | 'held' | 'over' };
	};
	/**
	 * The customer rates an ended session, once: 1 to 5 whole stars and an optional comment of
	 * at most LIMITS.ratingCommentMax characters. The operator's rating aggregates follow.
	 * failed-precondition: the chat is still going, or was already rated.
	 */
	chatRate: {
		req: { sessionId: string; stars: number; comment?: string };
		res: { stars: number };
	};
}

/**
 * Chat locks, wallets and admin money tools (see locks.ts for the documents, the lifecycle, the
 * error sentences and the ledger queries). Every money move is one server-side transaction.
 * Common refusals: unauthenticated "Please sign in first."; invalid-argument for a payload that
 * does not fit (a sentence naming the field); not-found "We could not find this chat." /
 * "We could not find this offer." (also for people who do not take part in the chat).
 */
export interface MoneyContract {
	/**
	 * The operator side (the operator, or its group owner) offers a paid service in an active
	 * session. The price must lie within settings/platform's bounds (DEFAULTS until set); price,
	 * currency and commission are frozen on the lock. Writes no message.
	 * permission-denied: MONEY_ERRORS.operatorOnly (the customer).
	 * invalid-argument: priceBoundsSentence(min, max, currency); description 1..500 characters.
	 * failed-precondition: MONEY_ERRORS.alreadyPending; MONEY_ERRORS.sessionEnded.
	 */
	lockCreate: {
		req: { sessionId: string; priceCents: number; description: string };
		res: { lockId: string };
	};
	/**
	 * The operator side withdraws its pending offer (line 'lockWithdrawn'). Idempotent: a lock
	 * already withdrawn answers its status.
	 * failed-precondition: lockNotPendingSentence(status) for paid, declined or expired locks.
	 */
	lockWithdraw: {
		req: { sessionId: string; lockId: string };
		res: { status: LockStatus };
	};
	/**
	 * The session's customer pays a pending lock: wallet debited, operator's payee account (its
	 * group's when it has one) and the platform credited, receipt line 'lockPaid', lockPending
	 * false — all in one transaction. `key`: a random id the app makes once per Pay click and
	 * reuses for retries of that click (IDEMPOTENCY_KEY_PATTERN): the same key answers the same
	 * result again. Paying an already paid lock (another window, a race) charges nothing and
	 * answers its transfer with `alreadyPaid: true`. `balanceCents`: the wallet after the call.
	 * failed-precondition: insufficientFundsSentence(...) with details InsufficientFundsDetails
	 * (the offer then waits DEFAULTS.lockReserveSeconds for a top-up); lockNotPendingSentence for
	 * declined, withdrawn or expired locks; MONEY_ERRORS.sessionEnded.
	 * permission-denied: MONEY_ERRORS.customerOnly (the operator side).
	 * invalid-argument: MONEY_ERRORS.keyReused (the key was used for another lock).
	 * aborted: MONEY_ERRORS.busy (contention outlasted the retries; send again with the same key).
	 */
	lockAgree: {
		req: { sessionId: string; lockId: string; key: string };
		res: { transferId: string; balanceCents: number; alreadyPaid: boolean };
	};
	/**
	 * The customer declines a pending lock (line 'lockDeclined'): chat goes on unlocked, and the
	 * operator decides to continue or end. Idempotent like lockWithdraw.
	 * failed-precondition: lockNotPendingSentence(status) for paid, withdrawn or expired locks.
	 */
	lockDecline: {
		req: { sessionId: string; lockId: string };
		res: { status: LockStatus };
	};
	/**
	 * Emulators only (the local demo): credits the caller's wallet. Idempotent per `key`.
	 * failed-precondition: MONEY_ERRORS.demoOnly in production.
	 * permission-denied: MONEY_ERRORS.walletCustomersOnly.
	 * invalid-argument: topUpBoundsSentence(TOP_UP.demoMinCents, TOP_UP.demoMaxCents, currency).
	 */
	walletDemoTopUp: {
		req: { amountCents: number; key: string };
		res: { transferId: string; balanceCents: number };
	};
	/**
	 * Production top-up: a Stripe Checkout page for `amountCents`; the money arrives through the
	 * signed webhook once paid (watch wallets/{uid}). `returnPath` (an app path such as
	 * "/chat/abc", default "/wallet") is where Stripe sends the customer back, with `?topUp=done`
	 * or `?topUp=cancelled` appended.
	 * failed-precondition: MONEY_ERRORS.checkoutUnavailable (no Stripe key configured).
	 * unavailable: MONEY_ERRORS.checkoutFailed.
	 * invalid-argument: topUpBoundsSentence(TOP_UP.checkoutMinCents, TOP_UP.checkoutMaxCents, …).
	 */
	walletCheckout: {
		req: { amountCents: number; returnPath?: string };
		res: { url: string };
	};
	/** Admin: platform settings for offers created from now on (frozen on existing ones). */
	adminUpdateSettings: {
		req: { commissionBps: number; lockMinCents: number; lockMaxCents: number };
		res: { commissionBps: number; lockMinCents: number; lockMaxCents: number; currency: string };
	};
	/**
	 * Admin: refunds a paid lock with a correcting transfer (kind 'refund', the payment's entries
	 * reversed), once per lock: a second call answers the same transfer with alreadyRefunded.
	 * failed-precondition: MONEY_ERRORS.refundNotPaid.
	 */
	adminRefundLock: {
		req: { sessionId: string; lockId: string; reason: string };
		res: { transferId: string; alreadyRefunded: boolean };
	};
	/** Admin: recomputes every wallet from its entries and checks every transfer balances. */
	adminReconcile: {
		req: Record<string, never>;
		res: ReconcileReport;
	};
}

export interface ReconcileReport {
	walletsChecked: number;
	transfersChecked: number;
	entriesChecked: number;
	/** Wallets whose stored balance differs from the sum of their entries (stored 0 if no doc). */
	mismatches: { uid: string; stored: number; computed: number }[];
	/** Transfers whose entries do not sum to zero (or that have no entries). */
	unbalancedTransfers: { transferId: string; sum: number; entries: number }[];
	/** Entries whose transfer document is missing. */
	orphanEntries: string[];
	/** Wallets below zero (stored balance). */
	negativeWallets: string[];
	/** Sum of all entries per account kind; together they sum to 0. */
	totals: { wallet: number; payee: number; platform: number; external: number; other: number };
	/** True when nothing above is wrong. */
	clean: boolean;
}

/**
 * The webcam of a session (README, Webcam). Only the two sides of an active session without a
 * pending lock may use it; the operator side publishes, the customer watches.
 */
export interface CamContract {
	/**
	 * How to carry the webcam: a LiveKit room (`session-<sessionId>`) with a short-lived token
	 * when a LiveKit server is configured, else peer to peer between the two windows, signalled
	 * through `sessions/{id}/signals` (see src/lib/cam).
	 * not-found: not a participant. failed-precondition: the chat ended, or a lock is pending.
	 */
	camJoin: {
		req: { sessionId: string };
		res: { transport: 'p2p' } | { transport: 'livekit'; url: string; token: string };
	};
}

/** Help pages. */
export interface HelpContract {
	/**
	 * A "Was this helpful?" answer, signed in or not (a comment only with a "No").
	 * resource-exhausted: LIMITS.feedbackPerHour answers this hour from this person or address.
	 */
	helpFeedback: {
		req: { article: string; helpful: boolean; comment?: string };
		res: { saved: true };
	};
}

export interface CallableContract
	extends AdminContract, PresenceContract, ChatContract, MoneyContract, CamContract, HelpContract {}

export type CallableName = keyof CallableContract;
export type CallableRequest<N extends CallableName> = CallableContract[N]['req'];
export type CallableResponse<N extends CallableName> = CallableContract[N]['res'];

/** Region every function runs in; the app connects to the same one. */
export const FUNCTIONS_REGION = 'us-central1';

/** HTTP endpoints (not callables): the pagehide beacon cannot use the callable protocol. */
export const HTTP_ENDPOINTS = {
	presenceBeacon: 'presenceBeacon',
	/** A closing chat window's leave beacon (CHAT_BEACON_PATH). */
	chatBeacon: 'chatBeacon',
	presenceSweepLocal: 'presenceSweepLocal',
	/** Stripe's webhook (configure its URL in the Stripe dashboard: checkout.session.completed). */
	stripeWebhook: 'stripeWebhook'
} as const;
