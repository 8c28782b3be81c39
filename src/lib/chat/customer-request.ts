/**
 * A customer's "Chat now", framework-agnostic: the request it sends, what the server's request
 * document then says, and the cancel that goes with leaving.
 *
 *   sending ──chatRequest──▶ ringing ──▶ accepted (this window becomes the chat)
 *           └─refused──▶ error        ──▶ declined | busy (declined automatically: the operator
 *                                         started another chat) | expired | cancelled
 *   retry: a new request, from the start.
 *
 * Leaving while it rings cancels the request, so the operator is not charged with a miss for a
 * customer who has gone: inside the app (navigation) and out of it (tab closed, reload). A request
 * counts as ringing from the moment the server has created it, before its document has been
 * seen: someone may close the tab in between.
 */
import type { CallableRequest } from '$shared/callables';
import type { RequestDoc } from '$shared/chat';
import type { CallFn } from '$lib/firebase/callables';

/** How a request ended without a chat. */
export type WaitingOutcome = 'declined' | 'expired' | 'cancelled' | 'busy' | 'error';

/** The parts of `requests/{id}` the waiting customer follows. */
export type ObservedRequest = Pick<
	RequestDoc,
	'status' | 'answeredByUid' | 'sessionId' | 'expiresAt'
> & { id: string };

export interface RequestCallSnapshot {
	requestId: string | null;
	/** When it stops ringing (epoch ms, server clock); null while the request is being sent. */
	expiresAtMs: number | null;
	outcome: WaitingOutcome | null;
	/** Once accepted: the session this window becomes. */
	sessionId: string | null;
	/** The sentence of a failed request or cancel. */
	error: string | null;
	cancelling: boolean;
}

export interface RequestCallDeps {
	call: CallFn<'chatRequest' | 'chatCancel' | 'chatExpire'>;
	/** Sends a cancel as the page goes away (it cannot be awaited then). */
	callOnExit: (name: 'chatCancel', data: CallableRequest<'chatCancel'>) => void;
	describe: (error: unknown) => string;
	/** The request rings: the chat window this page may become will need its leave beacon. */
	onRinging?: () => void;
}

/** How the request ended without a chat, if it did: a failure first, then the document. */
export function requestOutcome(
	failure: string | null,
	request: ObservedRequest | null
): WaitingOutcome | null {
	if (failure) return 'error';
	const status = request?.status;
	if (status === 'declined') return request?.answeredByUid ? 'declined' : 'busy';
	if (status === 'expired' || status === 'cancelled') return status;
	return null;
}

export class RequestCall {
	private requestId: string | null = null;
	private askedExpiresAtMs: number | null = null;
	private request: ObservedRequest | null = null;
	private failure: string | null = null;
	private cancelling = false;

	constructor(
		private readonly deps: RequestCallDeps,
		private readonly onChange: (snapshot: RequestCallSnapshot) => void = () => undefined
	) {}

	get snapshot(): RequestCallSnapshot {
		const request = this.request;
		return {
			requestId: this.requestId,
			expiresAtMs: request?.expiresAt.getTime() ?? this.askedExpiresAtMs,
			outcome: requestOutcome(this.failure, request),
			sessionId: request?.status === 'accepted' ? request.sessionId : null,
			error: this.failure,
			cancelling: this.cancelling
		};
	}

	/** Whether leaving now must cancel: created on the server and not answered yet. */
	get stillRinging(): boolean {
		return this.requestId !== null && (this.request === null || this.request.status === 'ringing');
	}

	/** Asks the operator for a chat (again, for a retry). Never rejects. */
	async ask(operatorId: string): Promise<void> {
		this.failure = null;
		this.requestId = null;
		this.askedExpiresAtMs = null;
		this.request = null;
		this.emit();
		try {
			const r = await this.deps.call('chatRequest', { operatorId });
			this.requestId = r.requestId;
			this.askedExpiresAtMs = r.expiresAt;
			this.deps.onRinging?.();
		} catch (error) {
			this.failure = this.deps.describe(error);
		}
		this.emit();
	}

	/** The request's document as the server has it now (null: not seen yet). */
	observe(request: ObservedRequest | null): void {
		// A document of an earlier request (before a retry) says nothing about this one.
		if (request && request.id !== this.requestId) return;
		this.request = request;
		this.emit();
	}

	/** The customer's Cancel. Never rejects: a refusal becomes the error outcome. */
	async cancel(): Promise<void> {
		const requestId = this.requestId;
		if (!requestId) return;
		this.cancelling = true;
		this.emit();
		try {
			await this.deps.call('chatCancel', { requestId });
		} catch (error) {
			this.failure = this.deps.describe(error);
		} finally {
			this.cancelling = false;
			this.emit();
		}
	}

	/** The countdown reached zero: the server records the expiry (a refusal changes nothing). */
	expire(): void {
		const requestId = this.requestId;
		if (requestId) void this.deps.call('chatExpire', { requestId }).catch(() => undefined);
	}

	/** The page goes away inside the app (navigation). */
	leave(): void {
		const requestId = this.requestId;
		if (requestId && this.stillRinging) {
			void this.deps.call('chatCancel', { requestId }).catch(() => undefined);
		}
	}

	/** The page goes away for good (tab closed, reload): only a keepalive request gets out. */
	exit(): void {
		const requestId = this.requestId;
		if (requestId && this.stillRinging) this.deps.callOnExit('chatCancel', { requestId });
	}

	private emit() {
		this.onChange(this.snapshot);
	}
}
