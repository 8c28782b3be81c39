/**
 * An operator's inbox of ringing requests, framework-agnostic: what a control panel does when a
 * request is accepted, declined or rings out, and what each answer became. The requests
 * themselves come from the page's one listener; the server decides their fate (the first answer
 * wins), so this only tracks this window's answers and the sentence to show when one fails.
 *
 *   ringing ──accept/decline──▶ answering ──▶ accepted (its chat window opens) | declined
 *                                          ──▶ alreadyAnswered (another window won, or it stopped
 *                                              ringing meanwhile) | failed
 *           ──countdown at zero──▶ expired (the server is asked to record it)
 *
 * Accepting opens the chat in a new window. The window is reserved in the click itself (browsers
 * block pop-ups opened later) and pointed at the chat once the server confirms; when the answer
 * fails it is closed again.
 */
import type { CallFn } from '$lib/firebase/callables';

export type AnswerState =
	| { kind: 'answering'; accept: boolean }
	| { kind: 'accepted'; sessionId: string | null }
	| { kind: 'declined' }
	| { kind: 'alreadyAnswered'; message: string }
	| { kind: 'failed'; message: string }
	| { kind: 'expired' };

export interface InboxSnapshot {
	/** This window's answers, by request id; a request without one is simply ringing. */
	answers: Readonly<Record<string, AnswerState>>;
	/** The sentence of the latest failed answer, until the next answer starts. */
	error: string | null;
}

/** The window a chat opens in: reserved during the click, pointed at the chat later. */
export interface ChatWindows<W = unknown> {
	reserve(): W | null;
	show(reserved: W | null, url: string): void;
	release(reserved: W | null): void;
}

export interface InboxDeps<W = unknown> {
	call: CallFn<'chatAnswer' | 'chatExpire'>;
	/** Turns a thrown error into a sentence to show. */
	describe: (error: unknown) => string;
	windows: ChatWindows<W>;
}

/** The server's "too late" answer: answered elsewhere, cancelled, expired, or the operator busy. */
function isRefusal(error: unknown): boolean {
	return (error as { code?: unknown } | null)?.code === 'functions/failed-precondition';
}

export class Inbox<W = unknown> {
	private answers: Record<string, AnswerState> = {};
	private error: string | null = null;

	constructor(
		private readonly deps: InboxDeps<W>,
		private readonly onChange: (snapshot: InboxSnapshot) => void = () => undefined
	) {}

	get snapshot(): InboxSnapshot {
		return { answers: { ...this.answers }, error: this.error };
	}

	/** Whether an answer to this request is in flight (its buttons are off). */
	busy(requestId: string): boolean {
		return this.answers[requestId]?.kind === 'answering';
	}

	/**
	 * Call from the click: a window for the chat is reserved before anything is awaited. Resolves
	 * once the server answered; never rejects.
	 */
	async answer(requestId: string, accept: boolean): Promise<AnswerState> {
		this.error = null;
		this.set(requestId, { kind: 'answering', accept });
		const reserved = accept ? this.deps.windows.reserve() : null;
		let state: AnswerState;
		try {
			const r = await this.deps.call('chatAnswer', { requestId, accept });
			if (accept && r.sessionId) this.deps.windows.show(reserved, `/chat/${r.sessionId}`);
			state = accept ? { kind: 'accepted', sessionId: r.sessionId } : { kind: 'declined' };
		} catch (error) {
			this.deps.windows.release(reserved);
			const message = this.deps.describe(error);
			this.error = message;
			state = isRefusal(error) ? { kind: 'alreadyAnswered', message } : { kind: 'failed', message };
		}
		this.set(requestId, state);
		return state;
	}

	/** The request's countdown reached zero: the server records the expiry (it may have already). */
	expire(requestId: string): void {
		if (!this.busy(requestId)) this.set(requestId, { kind: 'expired' });
		void this.deps.call('chatExpire', { requestId }).catch(() => undefined);
	}

	/** Forgets the answers to requests that no longer ring (answers in flight are kept). */
	keepOnly(ringingIds: readonly string[]): void {
		const keep = new Set(ringingIds);
		let changed = false;
		for (const [id, state] of Object.entries(this.answers)) {
			if (keep.has(id) || state.kind === 'answering') continue;
			delete this.answers[id];
			changed = true;
		}
		if (changed) this.onChange(this.snapshot);
	}

	private set(requestId: string, state: AnswerState) {
		this.answers[requestId] = state;
		this.onChange(this.snapshot);
	}
}
