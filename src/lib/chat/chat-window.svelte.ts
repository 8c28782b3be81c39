/**
 * The state of one open chat session window, for either side: the session, the newest messages
 * with their delivery state, the other side's connection and typing, and the verbs (send, end).
 * Created by the session page; every subscription belongs to its effects.
 *
 * - Messages are sent on client-generated ids: while offline they wait in the SDK's queue and are
 *   delivered once on reconnect; a write the server refuses (the chat ended, a lock is pending)
 *   comes back as "Not sent" with a retry on the same id.
 * - This window refreshes its own party document every `session.heartbeatSeconds` (timed by a
 *   Worker, so a hidden window keeps beating); the server ends the chat when the operator side's
 *   windows have been silent longer than the reload grace, so a reload does not end it.
 */
import { DEFAULTS } from '$shared/config';
import { chatSideOf, type ChatSide, type PartyDoc } from '$shared/chat';
import { humanError, call } from '$lib/firebase/callables';
import { LiveDoc, LiveQuery } from '$lib/firebase/live.svelte';
import { sessionRef, type ChatSession } from '$lib/data/sessions';
import { followMessages, newMessageId, sendMessage, type ChatMessage } from '$lib/data/messages';
import { beatParty, markTyping, partiesQuery } from '$lib/data/parties';
import { startTicker } from '$lib/presence/ticker';
import { signInIsLive } from '$lib/firebase/sign-in';
import type { Session } from '$lib/session.svelte';

export type PeerState = 'waiting' | 'here' | 'away' | 'left';

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
		private readonly me: Session
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

		// Heartbeat while the chat is active and this person takes part in it.
		$effect(() => {
			const id = this.beatSessionId;
			const side = this.beatSide;
			const uid = this.me.uid;
			const period = this.beatPeriodMs;
			if (!id || !side || !uid) return;
			let first = true;
			let beating = false;
			const beat = () => {
				// One beat at a time, and only with a live sign-in ($lib/firebase/sign-in): a
				// window whose sign-in cannot be renewed falls silent, as it would in production.
				if (beating) return;
				beating = true;
				void signInIsLive()
					.then((live) =>
						live ? beatParty(id, uid, side, first).then(() => (first = false)) : null
					)
					.catch(() => undefined) // offline: the SDK retries; the server's grace covers a gap
					.finally(() => (beating = false));
			};
			beat();
			return startTicker(period, beat);
		});

		// The other side's connection and typing, from its party documents.
		$effect(() => {
			const side = this.side;
			const docs = this.parties.current;
			if (!side) return;
			const now = Date.now();
			let typing = 0;
			const others = docs.filter((d) => d.role !== side);
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

		// Re-evaluate "away" as time passes without the other side's heartbeat.
		$effect(() => {
			const timer = setInterval(() => this.updatePeer(this.seen.size > 0), 2000);
			return () => {
				clearInterval(timer);
				clearTimeout(this.typingTimer);
			};
		});
	}

	private updatePeer(present: boolean) {
		const session = this.session.current;
		if (session?.status === 'ended') {
			this.peer = 'left';
			return;
		}
		if (!present) {
			this.peer = 'waiting';
			return;
		}
		const period = (session?.heartbeatSeconds ?? DEFAULTS.heartbeatSeconds) * 1000;
		const freshest = Math.max(...[...this.seen.values()].map((s) => s.changedAt));
		this.peer = Date.now() - freshest > period * 2.5 ? 'away' : 'here';
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
			if (s.endedBy === 'customer') return `${s.customerName} has left the chat.`;
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
