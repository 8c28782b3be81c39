/**
 * The control panel's connection to the server, framework-agnostic:
 * - opens a panel record (a callable) and keeps it alive with heartbeats to that one document;
 * - on `pagehide` (window closed, navigation away, reload) sends a beacon that takes the
 *   operators this panel set online offline at once;
 * - a crash or lost network stops the heartbeats, and the server's sweep does the rest.
 * Heartbeats are timed by a Worker (./ticker): a minimised panel must stay online.
 */
import { DEFAULTS } from '$shared/config';
import type { SettableStatus } from '$shared/presence';
import { call } from '$lib/firebase/callables';
import { writeHeartbeat } from '$lib/data/panels';
import { renewedSignIn, signInIsLive } from '$lib/firebase/sign-in';
import { warmChatBeacon } from '$lib/chat/window-link';
import { startTicker } from './ticker';

/**
 * opening: asking the server for a panel · connected: heartbeats are acknowledged ·
 * unreachable: heartbeats are not getting through (they keep trying) · expired: the server
 * closed this panel (it was unreachable past the timeout) and set its operators offline ·
 * closed: this page closed it.
 */
export type PanelLink = 'opening' | 'connected' | 'unreachable' | 'expired' | 'closed';

export const BEACON_PATH = '/api/presence/beacon';

/**
 * How often an open panel warms the beacon endpoints (its own, and the chat windows'). A closing
 * window's beacon must take its operators offline within 2 s (a chat window's must end its chat
 * within 5 s), which a function cold start alone can exceed; server instances
 * stay warm for several minutes after a request, so a GET this often keeps one ready for as
 * long as any panel is open, and costs nothing when none is.
 */
const WARM_EVERY_MS = 4 * 60_000;

export interface PanelOptions {
	onLink(link: PanelLink): void;
}

export class PanelConnection {
	panelId: string | null = null;
	operatorIds: string[] = [];
	private closeKey: string | null = null;
	private stopTicker: (() => void) | null = null;
	private lastAck = 0;
	private lastWarm = 0;
	private closed = false;
	private heartbeatMs = DEFAULTS.heartbeatSeconds * 1000;

	constructor(private readonly options: PanelOptions) {}

	async open(): Promise<void> {
		this.options.onLink('opening');
		await renewedSignIn();
		const panel = await call('presenceOpenPanel', {});
		if (this.closed) {
			// Unmounted while opening: close the record we just made.
			void call('presenceClosePanel', { panelId: panel.panelId }).catch(() => undefined);
			return;
		}
		this.panelId = panel.panelId;
		this.closeKey = panel.closeKey;
		this.operatorIds = panel.operatorIds;
		// The server says how often to beat: its sweep's timeout is built around that period.
		this.heartbeatMs = panel.heartbeatSeconds * 1000;
		this.lastAck = Date.now();
		addEventListener('pagehide', this.onPageHide);
		addEventListener('online', this.beat);
		this.stopTicker = startTicker(this.heartbeatMs, this.beat);
		this.warm();
		this.options.onLink('connected');
	}

	private warm() {
		this.lastWarm = Date.now();
		void fetch(BEACON_PATH, { method: 'GET', cache: 'no-store' }).catch(() => undefined);
		// The chat windows this panel opens close through the chat beacon: keep it warm too.
		warmChatBeacon();
	}

	/** A heartbeat is on its way (token check, then the write): beats never pile up. */
	private beating = false;

	private beat = () => {
		const panelId = this.panelId;
		if (!panelId || this.closed) return;
		if (Date.now() - this.lastWarm > WARM_EVERY_MS) this.warm();
		// Unacknowledged for two periods: say so (the write itself waits and retries).
		if (Date.now() - this.lastAck > this.heartbeatMs * 2) this.options.onLink('unreachable');
		// One beat at a time: while offline, one queued write says all the others would.
		if (this.beating) return;
		this.beating = true;
		void this.heartbeat(panelId).finally(() => (this.beating = false));
	};

	private async heartbeat(panelId: string) {
		// No live sign-in, no heartbeat (see $lib/firebase/sign-in): the page stays silent and
		// says so, and the sweep takes its operators offline, in production and on the emulator.
		if (!(await signInIsLive())) {
			if (!this.closed) this.options.onLink('unreachable');
			return;
		}
		try {
			await writeHeartbeat(panelId);
			this.lastAck = Date.now();
			if (!this.closed) this.options.onLink('connected');
		} catch (error) {
			if (this.closed) return;
			if ((error as { code?: string })?.code === 'permission-denied') {
				// The rules refuse heartbeats only to a closed panel: the sweep gave up on this
				// one while it was unreachable, and its operators are offline. Stop beating.
				this.stop();
				this.options.onLink('expired');
			} else {
				this.options.onLink('unreachable');
			}
		}
	}

	private onPageHide = () => {
		this.sendBeacon();
	};

	private sendBeacon() {
		if (!this.panelId || !this.closeKey) return;
		const body = JSON.stringify({ panelId: this.panelId, closeKey: this.closeKey });
		navigator.sendBeacon(BEACON_PATH, new Blob([body], { type: 'text/plain' }));
	}

	async setStatus(operatorIds: string[], status: SettableStatus) {
		if (!this.panelId) throw new Error('The control panel is still connecting.');
		await renewedSignIn();
		return call('presenceSetStatus', { panelId: this.panelId, operatorIds, status });
	}

	/** Stops everything; with `beacon`, also takes this panel's operators offline. */
	dispose({ beacon }: { beacon: boolean }) {
		if (this.closed) return;
		if (beacon) this.sendBeacon();
		this.stop();
		this.options.onLink('closed');
	}

	private stop() {
		this.closed = true;
		removeEventListener('pagehide', this.onPageHide);
		removeEventListener('online', this.beat);
		this.stopTicker?.();
		this.stopTicker = null;
	}
}
