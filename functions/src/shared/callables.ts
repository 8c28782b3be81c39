/**
 * Callable function names with their request and response types. The app calls them only
 * through the typed wrapper in `src/lib/firebase/callables.ts`.
 */
import type { EndedBy, RequestStatus } from './chat.js';
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
	 * The customer rates an ended session, once: 1 to 5 whole stars and an optional comment of
	 * at most LIMITS.ratingCommentMax characters. The operator's rating aggregates follow.
	 * failed-precondition: the chat is still going, or was already rated.
	 */
	chatRate: {
		req: { sessionId: string; stars: number; comment?: string };
		res: { stars: number };
	};
}

export interface CallableContract extends AdminContract, PresenceContract, ChatContract {}

export type CallableName = keyof CallableContract;
export type CallableRequest<N extends CallableName> = CallableContract[N]['req'];
export type CallableResponse<N extends CallableName> = CallableContract[N]['res'];

/** Region every function runs in; the app connects to the same one. */
export const FUNCTIONS_REGION = 'us-central1';

/** HTTP endpoints (not callables): the pagehide beacon cannot use the callable protocol. */
export const HTTP_ENDPOINTS = {
	presenceBeacon: 'presenceBeacon',
	presenceSweepLocal: 'presenceSweepLocal'
} as const;
