/**
 * The signalling channel of a session's webcam: documents under sessions/{id}/signals (rules in
 * firestore.rules). One camera start is one `epoch`; its signals are:
 *   operator side: `offer` (SDP, peer to peer) or `live` (LiveKit), `candidate`s, `stop`
 *   customer side: `answer` (SDP), `candidate`s
 * Signals are only ever added: the newest start without a stop is the webcam that is on.
 */
import type { ChatSide } from '$shared/chat';

export type SignalKind = 'offer' | 'answer' | 'candidate' | 'live' | 'stop';

export interface Signal {
	id: string;
	from: string;
	side: ChatSide;
	epoch: string;
	kind: SignalKind;
	data: string;
}

export interface SignalChannel {
	/**
	 * Follows the other side's signals. `onBatch` gets every signal once, oldest first, a
	 * snapshot at a time (the first batch is the history). `onReady` runs once the listener has
	 * seen the server (not only the cache): before that, a write of the other side could be missed.
	 */
	follow(
		onBatch: (signals: Signal[]) => void,
		onReady: () => void,
		onError: (error: unknown) => void
	): () => void;
	send(signal: Pick<Signal, 'epoch' | 'kind' | 'data'>): Promise<void>;
}

/** The newest start (offer or live) not followed by a stop of the same epoch, or null. */
export function currentStart(history: Signal[]): Signal | null {
	let current: Signal | null = null;
	for (const s of history) {
		if (s.kind === 'offer' || s.kind === 'live') current = s;
		else if (s.kind === 'stop' && current?.epoch === s.epoch) current = null;
	}
	return current;
}
