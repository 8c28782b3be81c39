/**
 * Rune state over an Inbox, owned by the component that creates it (create it during component
 * initialisation: it follows `requestIds()` in an effect).
 */
import { untrack } from 'svelte';
import { call, humanError } from '$lib/firebase/callables';
import { Inbox, type AnswerState, type ChatWindows } from './inbox';

const browserWindows: ChatWindows<Window> = {
	reserve: () => window.open('', '_blank'),
	show(reserved, url) {
		if (reserved) reserved.location.href = url;
		else window.open(url, '_blank');
	},
	release: (reserved) => reserved?.close()
};

export class RequestInbox {
	answers = $state.raw<Readonly<Record<string, AnswerState>>>({});
	error = $state<string | null>(null);

	private readonly inbox = new Inbox(
		{ call, describe: humanError, windows: browserWindows },
		(snapshot) => {
			this.answers = snapshot.answers;
			this.error = snapshot.error;
		}
	);

	constructor(requestIds: () => readonly string[]) {
		$effect(() => {
			const ids = requestIds();
			untrack(() => this.inbox.keepOnly(ids));
		});
	}

	busy(requestId: string): boolean {
		return this.answers[requestId]?.kind === 'answering';
	}

	/** Call from the click (the chat's window is opened in it). */
	accept(requestId: string) {
		void this.inbox.answer(requestId, true);
	}

	decline(requestId: string) {
		void this.inbox.answer(requestId, false);
	}

	expire(requestId: string) {
		this.inbox.expire(requestId);
	}
}
