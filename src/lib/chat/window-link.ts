/**
 * One chat window's link to the server, framework-agnostic (the control panel's PanelConnection
 * is its sibling): it says the window is open (its party document, then a heartbeat every
 * `periodMs`, timed by a Worker so a hidden window keeps beating) and, when the window closes,
 * says so at once with a beacon, so the other side is told within seconds instead of after the
 * window timeout.
 *
 * The close is a proposal the window can take back: the server ends the chat for this side only
 * if the window has not come back within the leave grace. A reload's first write (a new leave
 * key, `leavingAt: null`) cancels it; so does any other window of the same person on this chat,
 * which sees its own document marked leaving and says it is still here.
 */
import { CHAT_BEACON_PATH, type ChatSide } from '$shared/chat';
import { announceWindow, beatParty } from '$lib/data/parties';
import { signInIsLive } from '$lib/firebase/sign-in';
import { startTicker } from '$lib/presence/ticker';

/** A fresh leave key: 24 random bytes, base64url (32 characters, LEAVE_KEY_PATTERN). */
export function newLeaveKey(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(24));
	return btoa(String.fromCharCode(...bytes))
		.replaceAll('+', '-')
		.replaceAll('/', '_');
}

/** What the party document stores for a key: SHA-256 of its UTF-8 bytes, lower-case hex. */
export async function hashLeaveKey(key: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Starts (or keeps) an instance of the leave beacon's function, so a window closing soon after
 * does not wait for a cold start: called by the window itself, by the customer's waiting page
 * while it rings, and by the control panel now and then.
 */
export function warmChatBeacon() {
	void fetch(CHAT_BEACON_PATH, { method: 'GET', cache: 'no-store' }).catch(() => undefined);
}

export interface WindowLinkOptions {
	sessionId: string;
	uid: string;
	side: ChatSide;
	periodMs: number;
}

export class WindowLink {
	private readonly leaveKey = newLeaveKey();
	private readonly hash = hashLeaveKey(this.leaveKey);
	/** This load's document is written (with its key's hash): later writes are heartbeats. */
	private announced = false;
	/**
	 * The write carrying this load's key hash has gone out: a close can be announced. Set before
	 * the server acknowledges it, since a window may close in between: should that write not have
	 * landed, the beacon finds no window with this key and changes nothing.
	 */
	private keySent = false;
	/** The page is going (pagehide, left inside the app): no more writes from it. */
	private leaving = false;
	private disposed = false;
	/** A write is on its way; `again` asks for one more right after it (never a pile-up). */
	private beating = false;
	private again = false;
	private readonly stopTicker: () => void;

	constructor(private readonly options: WindowLinkOptions) {
		addEventListener('pagehide', this.onPageHide);
		addEventListener('pageshow', this.onPageShow);
		warmChatBeacon();
		this.beat();
		this.stopTicker = startTicker(options.periodMs, this.beat);
	}

	private beat = () => {
		if (this.leaving || this.disposed) return;
		if (this.beating) {
			this.again = true;
			return;
		}
		this.beating = true;
		void this.write()
			// Offline: the SDK keeps the write and retries; the window timeout covers a gap.
			.catch(() => undefined)
			.finally(() => {
				this.beating = false;
				if (this.again) {
					this.again = false;
					this.beat();
				}
			});
	};

	private async write() {
		// Only with a live sign-in ($lib/firebase/sign-in): a window whose sign-in cannot be
		// renewed falls silent, as it would in production.
		if (!(await signInIsLive())) return;
		const { sessionId, uid, side } = this.options;
		if (this.announced) {
			await beatParty(sessionId, uid, side);
			return;
		}
		const hash = await this.hash;
		this.keySent = true;
		await announceWindow(sessionId, uid, side, hash);
		this.announced = true;
	}

	/**
	 * The window's own party document as the server has it. Marked leaving while this window is
	 * still open (another window of the same person on this chat closed, or this page came back
	 * from the back-forward cache): write it whole again, which cancels the close.
	 */
	ownDocument(leavingAt: Date | null) {
		if (leavingAt === null || this.leaving || this.disposed || !this.announced) return;
		this.announced = false;
		this.beat();
	}

	/** Tells the server this window is going; the chat ends for its side unless it comes back. */
	leave() {
		if (this.leaving) return;
		this.leaving = true;
		// Before its first write the document holds no key of this window: the timeout applies.
		if (!this.keySent) return;
		const { sessionId, uid } = this.options;
		const body = JSON.stringify({ sessionId, uid, leaveKey: this.leaveKey });
		navigator.sendBeacon(CHAT_BEACON_PATH, new Blob([body], { type: 'text/plain' }));
	}

	private onPageHide = () => this.leave();

	private onPageShow = (event: PageTransitionEvent) => {
		// Back from the back-forward cache: the page is open again.
		if (!event.persisted || this.disposed) return;
		this.leaving = false;
		this.announced = false;
		this.beat();
	};

	/** Stops beating; with `leave`, announces the close first (the page is leaving the chat). */
	dispose({ leave }: { leave: boolean }) {
		if (this.disposed) return;
		if (leave) this.leave();
		this.disposed = true;
		removeEventListener('pagehide', this.onPageHide);
		removeEventListener('pageshow', this.onPageShow);
		this.stopTicker();
	}
}
