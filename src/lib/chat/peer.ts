/**
 * How a chat window reads the other side's windows (their party documents), as pure decisions:
 * what to show about them, and when to ask the server to end a chat whose other side has gone
 * silent (chatPeerLost). Times are this window's clock, measured between snapshots: the server's
 * and this machine's clocks may differ, so only "how long since their heartbeat last changed"
 * is trusted here. The server decides on its own clock anyway.
 */

/**
 * waiting: their window has not opened yet · here: beating · away: no heartbeat for a while
 * (a lost connection, perhaps coming back) · leaving: their window closed and the chat is about
 * to end unless it comes back (a reload) · left: the chat has ended.
 */
export type PeerState = 'waiting' | 'here' | 'away' | 'leaving' | 'left';

/** Silent for this many heartbeat periods: shown as away (one late beat is not). */
const AWAY_PERIODS = 2.5;

/** How often a window asks the server about a silent peer while it stays silent. */
export const PEER_LOST_ASK_MS = 5000;

export function peerState(input: {
	ended: boolean;
	/** Their party documents exist (the server writes them when the chat starts). */
	present: boolean;
	/** Every window of theirs has announced its close. */
	leaving: boolean;
	/** When (this clock) their freshest heartbeat was first seen. */
	lastChangeMs: number;
	nowMs: number;
	periodMs: number;
}): PeerState {
	if (input.ended) return 'left';
	if (!input.present) return 'waiting';
	if (input.leaving) return 'leaving';
	return input.nowMs - input.lastChangeMs > input.periodMs * AWAY_PERIODS ? 'away' : 'here';
}

/**
 * Whether to ask the server now: they are away, silent for longer than the window timeout, this
 * window itself is connected (a window cut off sees everyone silent), and it has not asked
 * within PEER_LOST_ASK_MS.
 */
export function shouldReportLost(input: {
	peer: PeerState;
	online: boolean;
	lastChangeMs: number;
	nowMs: number;
	timeoutMs: number;
	lastAskedMs: number;
}): boolean {
	return (
		input.peer === 'away' &&
		input.online &&
		input.nowMs - input.lastChangeMs > input.timeoutMs &&
		input.nowMs - input.lastAskedMs >= PEER_LOST_ASK_MS
	);
}
