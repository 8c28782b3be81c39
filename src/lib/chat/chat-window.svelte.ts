/**
 * The state of one open chat session window, for either side: the session, the newest messages
 * with their delivery state, the other side's connection and typing, and the verbs (send, end).
 * Created by the session page; every subscription belongs to its effects.
 *
 * - Messages are sent on client-generated ids: while offline they wait in the SDK's queue and are
 *   delivered once on reconnect; a write the server refuses (the chat ended, a lock is pending)
 *   comes back as "Not sent" with a retry on the same id.
 * - This window's WindowLink keeps its party document fresh and announces its close, which the
 *   server turns into the end of the chat for this side unless the window comes back (a reload).
 * - When the other side falls silent past the session's window timeout (a crash, a lost
 *   network), this window asks the server to end the chat (chatPeerLost), so the person still
 *   here is told within the timeout.
 */
import { DEFAULTS } from '$shared/config';
import { chatSideOf, type ChatSide, type PartyDoc } from '$shared/chat';
import { humanError, call } from '$lib/firebase/callables';
import { LiveDoc, LiveQuery } from '$lib/firebase/live.svelte';
import { sessionRef, type ChatSession } from '$lib/data/sessions';
import { followMessages, newMessageId, sendMessage, type ChatMessage } from '$lib/data/messages';
import { markTyping, partiesQuery } from '$lib/data/parties';
import { startTicker } from '$lib/presence/ticker';
import { untrack } from 'svelte';
import { WindowLink } from './window-link';
import { peerState, shouldReportLost, type PeerState } from './peer';
import type { Account } from '$lib/account.svelte';

export type { PeerState } from './peer';

export interface FailedMessage {
	text: string;
	error: string;
	at: Date;
}

export class ChatWindow {
	readonly session: LiveDoc<ChatSession>;
	messages = $state<ChatMessage[]>([]);
	messagesLoading = $state(true);
	/** False while this window is working from its cache (offline, reconnecting). */
	online = $state(true);
	error = $state<string | null>(null);
	/** Messages the server refused, by id, kept so they can be retried. */
	failed = $state<Record<string, FailedMessage>>({});
	ending = $state(false);
	/** The other side's window: connection and typing, from its party documents. */
	peer = $state<PeerState>('waiting');
	peerTyping = $state(false);
	/** Every window of the other side has announced its close (the chat is about to end). */
	private peerLeaving = false;
	private link: WindowLink | null = null;
	private lastAskedLost = -Infinity;

	private readonly parties: LiveQuery<PartyDoc & { id: string }>;
	// The heartbeat's inputs as plain values: a session update that keeps them (a lock offered,
	// answered or paid) does not restart the heartbeat, which would cost a full party write and
	// the other side's read of it each time.
	private readonly beatSessionId = $derived.by(() =>
		this.active ? (this.session.current?.id ?? null) : null
	);
	private readonly beatSide = $derived.by(() => this.side);
	private readonly beatPeriodMs = $derived.by(
		() => (this.session.current?.heartbeatSeconds ?? DEFAULTS.heartbeatSeconds) * 1000
	);
	private lastTypingMark = 0;
	/** For each party of the other side: its last seenAt, and when (local clock) it changed. */
	private seen = new Map<string, { seenAt: number; changedAt: number }>();
	private typingSeenAt = 0;
	private typingTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly sessionId: () => string,
		private readonly me: Account
	) {
		this.session = new LiveDoc(() => sessionRef(this.sessionId()));
		this.parties = new LiveQuery(() => (this.active ? partiesQuery(this.sessionId()) : null));

		$effect(() => {
			const id = this.sessionId();
			this.messagesLoading = true;
			return followMessages(
				id,
				(list, fromServer) => {
					this.messages = list;
					this.messagesLoading = false;
					this.online = fromServer;
				},
				(error) => {
					this.error = humanError(error);
					this.messagesLoading = false;
				}
			);
		});

		// This window's link while the chat is active and this person takes part in it: its
		// party document, heartbeats, and the leave beacon when the window goes.
		$effect(() => {
			const id = this.beatSessionId;
			const side = this.beatSide;
			const uid = this.me.uid;
			const period = this.beatPeriodMs;
			if (!id || !side || !uid) return;
			const link = new WindowLink({ sessionId: id, uid, side, periodMs: period });
			this.link = link;
			return () => {
				// Gone from the page (closed inside the app, signed out) while the chat goes on:
				// that is leaving it. The chat having ended is not.
				const s = untrack(() => this.session.current);
				link.dispose({ leave: !(s?.id === id && s.status === 'ended') });
				if (this.link === link) this.link = null;
			};
		});

		// The other side's connection and typing, from its party documents.
		$effect(() => {
			const side = this.side;
			const docs = this.parties.current;
			if (!side) return;
			const now = Date.now();
			let typing = 0;
			const mine = docs.find((d) => d.id === this.me.uid);
			if (mine) untrack(() => this.link?.ownDocument(mine.leavingAt ?? null));
			const others = docs.filter((d) => d.role !== side);
			this.peerLeaving = others.length > 0 && others.every((d) => d.leavingAt);
			for (const d of others) {
				const seenAt = d.seenAt?.getTime() ?? 0;
				const before = this.seen.get(d.id);
				if (!before || before.seenAt !== seenAt) this.seen.set(d.id, { seenAt, changedAt: now });
				typing = Math.max(typing, d.typingAt?.getTime() ?? 0);
			}
			this.updatePeer(others.length > 0);
			if (typing > this.typingSeenAt) {
				this.typingSeenAt = typing;
				this.peerTyping = true;
				clearTimeout(this.typingTimer);
				this.typingTimer = setTimeout(
					() => (this.peerTyping = false),
					DEFAULTS.typingShowSeconds * 1000
				);
			} else if (typing === 0) {
				this.peerTyping = false;
			}
		});

		// Re-evaluate "away" as time passes without the other side's heartbeat, and ask the server
		// about a peer silent past the timeout (a Worker's timer: a hidden window keeps its pace).
		$effect(() => {
			const stop = startTicker(2000, () => {
				this.updatePeer(this.seen.size > 0);
				this.reportLostPeer();
			});
			return () => {
				stop();
				clearTimeout(this.typingTimer);
			};
		});
	}

	private lastPeerChange(): number {
		return Math.max(...[...this.seen.values()].map((s) => s.changedAt));
	}

	private updatePeer(present: boolean) {
		const session = this.session.current;
		this.peer = peerState({
			ended: session?.status === 'ended',
			present,
			leaving: this.peerLeaving,
			lastChangeMs: this.lastPeerChange(),
			nowMs: Date.now(),
			periodMs: (session?.heartbeatSeconds ?? DEFAULTS.heartbeatSeconds) * 1000
		});
	}

	private reportLostPeer() {
		const session = this.session.current;
		if (!session || !this.active || !this.side) return;
		const nowMs = Date.now();
		const due = shouldReportLost({
			peer: this.peer,
			online: this.online,
			lastChangeMs: this.lastPeerChange(),
			nowMs,
			timeoutMs: (session.windowTimeoutSeconds ?? DEFAULTS.windowTimeoutSeconds) * 1000,
			lastAskedMs: this.lastAskedLost
		});
		if (!due) return;
		this.lastAskedLost = nowMs;
		// The answer shows through the session document (ended) or not at all (still there).
		void call('chatPeerLost', { sessionId: session.id }).catch(() => undefined);
	}

	get side(): ChatSide | null {
		const s = this.session.current;
		if (!s || !this.me.uid) return null;
		return chatSideOf({ uid: this.me.uid, role: this.me.role, groupId: this.me.groupId }, s);
	}

	get active() {
		return this.session.current?.status === 'active';
	}

	/** Why nobody can write right now, as a sentence; null when writing is open. */
	get closedReason(): string | null {
		const s = this.session.current;
		if (!s) return 'Loading the chat…';
		if (s.status === 'ended') {
			if (s.endedBy === 'customer' || s.endedBy === 'customerTimeout') {
				return `${s.customerName} has left the chat.`;
			}
			return `${s.operatorName} has left the chat.`;
		}
		if (s.lockPending) {
			return this.side === 'customer'
				? 'Answer the offer above to go on with the chat.'
				: `The chat is paused until ${s.customerName} answers your offer.`;
		}
		return null;
	}

	/** Sends a message; delivery shows on the message itself. */
	send(text: string, id = newMessageId(this.sessionId())) {
		const side = this.side;
		const uid = this.me.uid;
		if (!side || !uid) return;
		const { [id]: _retried, ...rest } = this.failed;
		this.failed = rest;
		const sessionId = this.sessionId();
		sendMessage(sessionId, id, { authorUid: uid, authorRole: side, text }).catch((error) => {
			this.failed = { ...this.failed, [id]: { text, error: humanError(error), at: new Date() } };
		});
		if (Date.now() - this.lastTypingMark < DEFAULTS.typingShowSeconds * 1000) {
			this.lastTypingMark = 0;
			void markTyping(sessionId, uid, side, false).catch(() => undefined);
		}
	}

	retry(id: string) {
		const failed = this.failed[id];
		if (failed) this.send(failed.text, id);
	}

	/** Called by the composer at most every few seconds while the person types. */
	typing() {
		const side = this.side;
		const uid = this.me.uid;
		if (!side || !uid || !this.active) return;
		this.lastTypingMark = Date.now();
		void markTyping(this.sessionId(), uid, side, true).catch(() => undefined);
	}

	/** Ends the chat for both sides (End, or Leave for the customer). */
	async end() {
		this.ending = true;
		this.error = null;
		try {
			await call('chatEnd', { sessionId: this.sessionId() });
		} catch (error) {
			this.error = humanError(error);
		} finally {
			this.ending = false;
		}
	}
}
