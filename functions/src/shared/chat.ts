/**
 * Chat contract: requests that ring on operators' panels, the sessions they open, the messages of
 * a session and the per-window presence of its participants ("parties").
 *
 * Who takes part in a chat:
 * - the **customer side**: the customer who asked (`customerUid`);
 * - the **operator side**: the operator (`operatorId`) and the owner of the operator's group
 *   (`groupId`, matched against the group owner's `groupId` claim), who may do everything the
 *   operator does, on its behalf.
 * Admins are not participants: chats are private between the two sides.
 *
 * Lifecycle:
 *   request  ringing ──accept──▶ accepted (a session starts, the operator shows busy)
 *                    ──decline─▶ declined (also when the operator starts another chat meanwhile)
 *                    ──cancel──▶ cancelled (by the customer)
 *                    ──time────▶ expired  (counts as a miss for the operator: see miss policy)
 *   session  active ──end or leave (either side), a window closed and not back within the leave
 *                   grace, or one side's windows silent past the window timeout──▶ ended
 *
 * Every transition is made by a callable or the sweep (Cloud Functions). Clients write only
 * messages and their own party document, under the rules in firestore.rules.
 *
 * Timestamps: `T` is `Date` once read in the app, Firestore's Timestamp/FieldValue on the server.
 */
import { LIMITS } from './config.js';
import type { LockEvent } from './locks.js';
import type { Role } from './roles.js';

// ---- requests/{requestId} ---------------------------------------------------------------------

export type RequestStatus = 'ringing' | 'accepted' | 'declined' | 'expired' | 'cancelled';

/**
 * `requests/{requestId}`: one "Chat now" click. Server-written only.
 *
 * Queries the app may run (each needs `limit(<= LIMITS.pageMax)`; rules refuse other shapes;
 * firestore.indexes.json has their indexes):
 * - a panel, one listener for one operator: `operatorId == X, status == 'ringing'`, optionally
 *   ordered by `createdAt`
 * - a group console, one listener for all its operators: `groupId == myGroupId,
 *   status == 'ringing'`, optionally ordered by `createdAt`
 * - the customer's waiting screen: the one document by id (returned by `chatRequest`); when it
 *   turns `accepted`, open `sessions/{sessionId}`; `declined`/`expired`: offer other operators
 * - a customer's history: `customerUid == me` ordered by `createdAt desc`
 */
export interface RequestDoc<T = Date> {
	customerUid: string;
	/** The customer's display name at request time (shown on the ringing row). */
	customerName: string;
	/** The customer's profile image version (0: none), so the other side can show it. */
	customerAvatarVersion: number;
	operatorId: string;
	/** The operator's display name at request time. */
	operatorName: string;
	/**
	 * The operator's group at request time, or null for an independent operator: lets a group
	 * console follow all its operators' requests with one listener.
	 */
	groupId: string | null;
	status: RequestStatus;
	createdAt: T;
	/** When the request stops ringing: creation + DEFAULTS.ringSeconds (server clock). */
	expiresAt: T;
	/** When it was accepted, declined or cancelled; null while ringing and for expiry. */
	answeredAt: T | null;
	/**
	 * Who accepted or declined: the operator, or the group owner acting for it. The customer's uid
	 * when cancelled. Null while ringing, on expiry, and when declined automatically because the
	 * operator started another chat in the meantime (the customer UI may say "now in another chat").
	 */
	answeredByUid: string | null;
	/** The session the accept opened (same id as the request); null otherwise. */
	sessionId: string | null;
}

// ---- sessions/{sessionId} ---------------------------------------------------------------------

export type SessionStatus = 'active' | 'ended';
/**
 * Who ended a session: either side (End / Leave, or closing its last window), or the loss of one
 * side's windows (crash, lost network): 'timeout' the operator side's, 'customerTimeout' the
 * customer's.
 */
export type EndedBy = 'operator' | 'customer' | 'timeout' | 'customerTimeout';

export interface SessionRating<T = Date> {
	/** Whole stars, 1 to 5. */
	stars: number;
	/** May be empty; at most LIMITS.ratingCommentMax characters. */
	comment: string;
	at: T;
}

/**
 * `sessions/{sessionId}`: one chat between a customer and an operator. Server-written only, and
 * only on transitions (start, lock state, end, rating): never per message, keystroke or heartbeat.
 * Its id is the id of the request it came from.
 *
 * Queries the app may run (bounded, each constrained to one of):
 * `customerUid == me` / `operatorId == me` / `groupId == myGroupId`, optionally with
 * `status == 'active'`, ordered by `startedAt desc`.
 */
export interface SessionDoc<T = Date> {
	requestId: string;
	customerUid: string;
	customerName: string;
	/** The customer's profile image version (0: none), so the other side can show it. */
	customerAvatarVersion: number;
	operatorId: string;
	operatorName: string;
	/** The operator's group when the chat started; its owner takes part on the operator side. */
	groupId: string | null;
	status: SessionStatus;
	startedAt: T;
	endedAt: T | null;
	endedBy: EndedBy | null;
	/**
	 * True while a lock (locks.ts) waits for the customer's answer: nobody may post messages then
	 * (the rules refuse them). Written in the same transactions as the lock's status.
	 */
	lockPending: boolean;
	/** The customer's rating, given once after the chat ended. */
	rating: SessionRating<T> | null;
	/**
	 * How often (seconds) each open session window must refresh `seenAt` in its party document.
	 * Set by the server so the windows and the sweep agree without a rebuild of the app.
	 */
	heartbeatSeconds: number;
	/**
	 * A side whose windows have all been silent for longer than this (seconds) is gone, and the
	 * session ends ('timeout' / 'customerTimeout'). The other side's window asks for that when it
	 * sees the silence (chatPeerLost); the sweep does it when no window is left to ask.
	 */
	windowTimeoutSeconds: number;
}

/**
 * A session as it starts: active, nothing pending, not rated. The one place its fields are
 * listed, for the server (chatAnswer) and for tests and benchmarks that open a chat directly.
 */
export function startedSession<T>(start: {
	requestId: string;
	customer: { uid: string; name: string; avatarVersion?: number };
	operator: { id: string; name: string };
	groupId: string | null;
	startedAt: T;
	heartbeatSeconds: number;
	windowTimeoutSeconds: number;
}): SessionDoc<T> {
	return {
		requestId: start.requestId,
		customerUid: start.customer.uid,
		customerName: start.customer.name,
		customerAvatarVersion: start.customer.avatarVersion ?? 0,
		operatorId: start.operator.id,
		operatorName: start.operator.name,
		groupId: start.groupId,
		status: 'active',
		startedAt: start.startedAt,
		endedAt: null,
		endedBy: null,
		lockPending: false,
		rating: null,
		heartbeatSeconds: start.heartbeatSeconds,
		windowTimeoutSeconds: start.windowTimeoutSeconds
	};
}

// ---- sessions/{sessionId}/messages/{messageId} ------------------------------------------------

/** Which side a message comes from. `system` lines are written by the server only. */
export type AuthorRole = 'customer' | 'operator' | 'system';

/**
 * What a system line records, so the UI can render it in its own way (the `text` is a ready
 * sentence too). Lock events (locks.ts) carry the lock's id in `lockId`.
 */
export type SystemEvent =
	'started' | 'operatorLeft' | 'customerLeft' | 'timedOut' | 'customerTimedOut' | LockEvent;

/**
 * A message written by a person. Sent by the client with `setDoc` on a client-generated id (the
 * Firestore SDK's `doc(collection(...)).id`: 20 letters and digits, see MESSAGE_ID_PATTERN), so a
 * write queued offline and retried lands once: a second write on the same id is refused by the
 * rules (messages are never updated), which the sender may treat as "already delivered".
 *
 * Exactly these four keys. `authorUid` is always the writer's own uid; `authorRole` is the
 * writer's side in this session: a group owner writing on behalf of its operator writes
 * `authorRole: 'operator'` with its own uid, and the UI shows it as the operator (operatorName)
 * — the customer talks to the operator, whoever types.
 */
export interface PersonMessageDoc<T = Date> {
	authorUid: string;
	authorRole: 'customer' | 'operator';
	/** 1..LIMITS.messageMax characters, with at least one non-space. Plain text: never HTML. */
	text: string;
	/** serverTimestamp(): the rules refuse any other value. */
	createdAt: T;
}

/**
 * A line written by the server: the chat started, someone left, or a lock was paid (its receipt),
 * declined, withdrawn, expired or refunded.
 */
export interface SystemMessageDoc<T = Date> {
	authorUid: null;
	authorRole: 'system';
	text: string;
	createdAt: T;
	event: SystemEvent;
	/** For lock events: the lock (`sessions/{id}/locks/{lockId}`) the line is about. */
	lockId?: string;
}

/** `sessions/{id}/messages/{messageId}`: read by both sides, ordered by `createdAt`, bounded. */
export type MessageDoc<T = Date> = PersonMessageDoc<T> | SystemMessageDoc<T>;

/** Ids of messages written by clients: the shape of Firestore's auto ids. */
export const MESSAGE_ID_PATTERN = /^[A-Za-z0-9]{20}$/;

/** Ids of the server's system lines (they cannot collide with client ids: they contain '-'). */
export const SYSTEM_MESSAGE_IDS = {
	started: 'system-started',
	ended: 'system-ended'
} as const;

// ---- sessions/{sessionId}/parties/{uid} -------------------------------------------------------

/** The side a participant is on. A group owner acting for its operator is on the operator side. */
export type ChatSide = 'customer' | 'operator';

/**
 * `sessions/{id}/parties/{uid}`: one per participant window (customer, operator, and the acting
 * group owner, each under its own uid). It carries connection state and the typing mark, so the
 * session document never changes for them.
 *
 * - The server creates the customer's and the answerer's documents when the chat starts (seenAt =
 *   that moment), so a window that never opens is noticed like one that closed.
 * - The window writes its own document: `seenAt: serverTimestamp()` every
 *   `session.heartbeatSeconds` while open (also when hidden), and `typingAt: serverTimestamp()`
 *   at most every DEFAULTS.typingWriteSeconds while the person types (`typingAt: null` once the
 *   text is sent or cleared). Exactly these three keys; `role` is the writer's side; timestamps
 *   must be the server's. Use `setDoc(ref, {...}, { merge: true })` or `updateDoc`.
 * - Reading: show "typing…" for DEFAULTS.typingShowSeconds after a snapshot brings a newer
 *   `typingAt`; show the other side as disconnected when its newest `seenAt` has not advanced
 *   for about 2 × heartbeatSeconds (measure with the local clock between snapshots: client and
 *   server clocks may differ).
 * - Leaving: each window load makes a random leave key (LEAVE_KEY_PATTERN) and writes its hash
 *   (`leaveKeyHash`, lower-case hex SHA-256 of the key's UTF-8 bytes) with its first write, with
 *   `leavingAt: null`. On `pagehide` (or leaving the page inside the app) it sends
 *   {sessionId, uid, leaveKey} to CHAT_BEACON_PATH (a beacon carries no ID token: the key is the
 *   proof). The server sets `leavingAt` and, DEFAULTS.leaveGraceSeconds later, ends the chat for
 *   that side unless the window came back: a reload's first write replaces the hash and clears
 *   `leavingAt`, which cancels the end. Only the server sets `leavingAt`; a window may clear it.
 * - Gone: a side whose windows have all been silent for longer than `session.windowTimeoutSeconds`
 *   ends the session (chatPeerLost from the other side, or the sweep); then all party documents
 *   are removed.
 */
export interface PartyDoc<T = Date> {
	role: ChatSide;
	seenAt: T;
	typingAt: T | null;
	/** The hash of this window load's leave key; null until the window's first write. */
	leaveKeyHash: string | null;
	/** When this window's close was announced (server-set); null while it is open. */
	leavingAt: T | null;
	/**
	 * Flood meters (shared/meters.ts): messages (`posts`) and webcam signals this person sent in
	 * the current minute window, and when that began. Absent until the first.
	 */
	posts?: number;
	postsSince?: T;
	signals?: number;
	signalsSince?: T;
}

/** A party document as the server writes it when a chat starts (no window has written yet). */
export function openedWindow<T>(role: ChatSide, now: T): PartyDoc<T> {
	return { role, seenAt: now, typingAt: null, leaveKeyHash: null, leavingAt: null };
}

/** A window's leave key: 32 url-safe characters (24 random bytes, base64url). */
export const LEAVE_KEY_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/** Where a closing chat window sends its leave beacon (a Hosting rewrite to chatBeacon). */
export const CHAT_BEACON_PATH = '/api/chat/beacon';

/**
 * What the leave beacon answers (its status code says the same): the end is under way or done,
 * the window came back within the grace, another window of the same side is still open, or the
 * side is held while an offer waits for the customer (who may be topping up).
 */
export type LeaveOutcome = 'ended' | 'returned' | 'stayed' | 'held';

// ---- Pure helpers shared by the app, the functions and the tests ------------------------------

/** The part of a request or session that says who takes part in it. */
export interface ChatMembers {
	customerUid: string;
	operatorId: string;
	groupId: string | null;
}

/**
 * The side a signed-in person is on in a request or session, or null when they are not a
 * participant. Mirrors `chatSideOf` in firestore.rules.
 */
export function chatSideOf(
	person: { uid: string; role: Role; groupId: string | null },
	chat: ChatMembers
): ChatSide | null {
	if (person.uid === chat.customerUid) return 'customer';
	if (person.uid === chat.operatorId) return 'operator';
	if (person.role === 'groupOwner' && chat.groupId !== null && person.groupId === chat.groupId) {
		return 'operator';
	}
	return null;
}

/** Whether a message text is acceptable: what the rules check, for the app to check first. */
export function isValidMessageText(text: string): boolean {
	return text.length >= 1 && text.length <= LIMITS.messageMax && /\S/.test(text);
}
