/**
 * When a side of a chat counts as gone, and what a window's announced close comes to: the
 * decisions of the sweep, chatPeerLost and the leave beacon over the party documents (pure,
 * unit-tested on their own).
 */
import type { ChatSide, EndedBy, LeaveOutcome } from '../shared/chat.js';

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
