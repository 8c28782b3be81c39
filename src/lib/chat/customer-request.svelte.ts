/**
 * Rune state over a RequestCall, owned by the page that creates it (create it during component
 * initialisation): it asks once the caller is known, follows the request's document, and cancels
 * a request still ringing when the page goes away.
 */
import { untrack } from 'svelte';
import { requestRef } from '$lib/data/requests';
import { LiveDoc } from '$lib/firebase/live.svelte';
import { call, callOnExit, humanError, prepareExitCall } from '$lib/firebase/callables';
import { warmChatBeacon } from './window-link';
import { RequestCall, type WaitingOutcome } from './customer-request';

export class CustomerRequest {
	requestId = $state<string | null>(null);
	expiresAtMs = $state<number | null>(null);
	outcome = $state<WaitingOutcome | null>(null);
	sessionId = $state<string | null>(null);
	error = $state<string | null>(null);
	cancelling = $state(false);
	/** When the request stops ringing (server time); null while it is being sent. */
	expiresAt = $derived(this.expiresAtMs === null ? null : new Date(this.expiresAtMs));

	private readonly core = new RequestCall(
		{ call, callOnExit, describe: humanError, onRinging: warmChatBeacon },
		(snapshot) => {
			this.requestId = snapshot.requestId;
			this.expiresAtMs = snapshot.expiresAtMs;
			this.outcome = snapshot.outcome;
			this.sessionId = snapshot.sessionId;
			this.error = snapshot.error;
			this.cancelling = snapshot.cancelling;
		}
	);
	private readonly request = new LiveDoc(() =>
		this.requestId ? requestRef(this.requestId) : null
	);

	constructor(
		private readonly operatorId: () => string,
		caller: () => { ready: boolean; uid: string | null }
	) {
		// Ask once, as soon as we know who is asking.
		let asked = false;
		$effect(() => {
			const { ready, uid } = caller();
			if (!ready || !uid || asked) return;
			asked = true;
			untrack(() => this.retry());
		});
		// The exit call needs a token at hand; fetch it once we know who is signed in.
		$effect(() => {
			if (caller().uid) void prepareExitCall();
		});
		$effect(() => {
			const request = this.request.current;
			untrack(() => this.core.observe(request));
		});
		$effect(() => {
			const onPageHide = () => this.core.exit();
			addEventListener('pagehide', onPageHide);
			return () => {
				removeEventListener('pagehide', onPageHide);
				this.core.leave();
			};
		});
	}

	/** Asks again (after a failed, declined or expired request). */
	retry() {
		void this.core.ask(this.operatorId());
	}

	cancel() {
		void this.core.cancel();
	}

	expire() {
		this.core.expire();
	}
}
