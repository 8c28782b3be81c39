/**
 * Pure chat decisions, shared by the callables and the sweep and unit-tested on their own:
 * whether an operator can be asked for a chat, what answering a request in its current state
 * means, the system lines, when a side of a chat counts as gone, and what a closed window means.
 */
import type {
	ChatSide,
	EndedBy,
	LeaveOutcome,
	RequestStatus,
	SystemEvent
} from '../shared/chat.js';
import type { OperatorStatus } from '../shared/types.js';

/** Said to the second window (or the slower of two racing ones) that answers a request. */
export const ALREADY_ANSWERED = 'This request was already answered in another window.';
export const REQUEST_EXPIRED = 'This request has expired.';
export const REQUEST_NOT_FOUND = 'We could not find this chat request.';
export const SESSION_NOT_FOUND = 'We could not find this chat.';
export const CUSTOMERS_ONLY =
	'Chats are for customer accounts. Sign in with a customer account to start one.';

/** Why an operator in this public status cannot be asked for a chat now, or null if it can. */
export function requestRefusal(status: OperatorStatus, name: string): string | null {
	switch (status) {
		case 'online':
			return null;
		case 'busy':
			return `${name} is in another chat right now. Try again in a few minutes, or choose another advisor.`;
		case 'away':
			return `${name} is away right now. Choose another advisor, or try again later.`;
		case 'offline':
			return `${name} is offline right now. Choose another advisor, or try again later.`;
	}
}

/**
 * Where a request stands at `nowMs`: still ringing, ringing past its expiry (it must expire, and
 * that counts as a miss), or already settled.
 */
export function ringState(
	request: { status: RequestStatus; expiresAtMs: number },
	nowMs: number
): 'ringing' | 'overdue' | 'settled' {
	if (request.status !== 'ringing') return 'settled';
	return nowMs >= request.expiresAtMs ? 'overdue' : 'ringing';
}

/** The refusal for answering a request that no longer rings. */
export function notRingingSentence(status: Exclude<RequestStatus, 'ringing'>): string {
	switch (status) {
		case 'accepted':
		case 'declined':
			return ALREADY_ANSWERED;
		case 'cancelled':
			return 'The customer cancelled this request.';
		case 'expired':
			return REQUEST_EXPIRED;
	}
}

/** The first line of a transcript. */
export function startedLine(operatorName: string): { text: string; event: SystemEvent } {
	return { text: `${operatorName} joined the chat.`, event: 'started' };
}

/** The line that tells the other side the chat is over, and why. */
export function endedLine(
	endedBy: EndedBy,
	names: { operatorName: string; customerName: string }
): { text: string; event: SystemEvent } {
	switch (endedBy) {
		case 'operator':
			return { text: `${names.operatorName} has left the chat.`, event: 'operatorLeft' };
		case 'customer':
			return { text: `${names.customerName} has left the chat.`, event: 'customerLeft' };
		case 'timeout':
			return {
				text: `${names.operatorName} has left the chat (their window stopped responding).`,
				event: 'timedOut'
			};
		case 'customerTimeout':
			return {
				text: `${names.customerName} has left the chat (their window stopped responding).`,
				event: 'customerTimedOut'
			};
	}
}

/** One chat window as the server last saw it (its party document). */
export interface WindowSeen {
	role: ChatSide;
	/** Its last heartbeat (server clock). */
	seenAtMs: number;
	/** When its close was announced (leave beacon), or null while it is open. */
	leavingAtMs: number | null;
}

/**
 * Whether a window still counts as open at `cutoffMs`: it beat at or after the cutoff, and it is
 * not a window whose close was announced longer than the leave grace ago (the end that beacon
 * should have made never came: the function handling it failed, so the sweep finishes it).
 */
export function windowOpen(
	window: WindowSeen,
	at: { cutoffMs: number; nowMs: number; leaveGraceMs: number }
): boolean {
	if (window.leavingAtMs !== null && at.nowMs - window.leavingAtMs > 2 * at.leaveGraceMs) {
		return false;
	}
	return window.seenAtMs >= at.cutoffMs;
}

/**
 * The side of a session that has gone (every window of it silent since before `cutoffMs`), or
 * null. The operator side (the operator's and its group owner's windows) is checked first: its
 * loss frees the operator. The customer side is never lost while an offer waits for them
 * (`lockPending`): they may be topping up, away from the chat, for as long as the offer holds.
 * `only` restricts the check to one side (the other side's window asking: it is evidently here).
 */
export function lostSide(
	windows: WindowSeen[],
	at: { cutoffMs: number; nowMs: number; leaveGraceMs: number },
	options: { lockPending: boolean; only?: ChatSide }
): ChatSide | null {
	const gone = (side: ChatSide) => !windows.some((w) => w.role === side && windowOpen(w, at));
	if (options.only !== 'customer' && gone('operator')) return 'operator';
	if (options.only !== 'operator' && !options.lockPending && gone('customer')) return 'customer';
	return null;
}

/** How a session that ended because a side was lost records it. */
export function lostEndedBy(side: ChatSide): EndedBy {
	return side === 'operator' ? 'timeout' : 'customerTimeout';
}

/**
 * What a window's announced close comes to, once the leave grace has passed:
 * - `returned`: the window wrote again since (a reload, or the person opened the chat again;
 *   its `leavingAt` is no longer the one the beacon set, or its document is gone);
 * - `stayed`: another window of the same side is still open (the group owner's, say);
 * - `held`: the customer left while an offer waits for them (they may be topping up);
 * - `ended`: the chat ends for that side, as if it had pressed End / Leave.
 */
export function leaveOutcome(input: {
	/** The `leavingAt` the beacon set, and the one the window's document holds now. */
	markedMs: number;
	currentMs: number | null;
	side: ChatSide;
	/** The other windows of the session (this one excluded). */
	others: WindowSeen[];
	at: { cutoffMs: number; nowMs: number; leaveGraceMs: number };
	lockPending: boolean;
}): Exclude<LeaveOutcome, 'ended'> | 'end' {
	if (input.currentMs !== input.markedMs) return 'returned';
	const sameSide = input.others.filter((w) => w.role === input.side);
	if (sameSide.some((w) => w.leavingAtMs === null && windowOpen(w, input.at))) return 'stayed';
	if (input.side === 'customer' && input.lockPending) return 'held';
	return 'end';
}
