/**
 * Alerts for chat requests ringing on a control panel: a looping chime, the count in the tab
 * title and on the favicon, and a browser notification when the panel is not visible.
 *
 * The Ringer decides; a RingerDom (see ringer-dom.ts for the browser one) does. Keeping every
 * browser call behind that small interface lets the decisions be tested without a DOM.
 *
 * Browsers only let a page play sound after the person has interacted with it. Opening the panel
 * is usually that interaction; when it was not (a restored tab, a strict browser), `play()` is
 * refused: the Ringer then reports `soundBlocked` so the panel can show a visible "Enable sound"
 * button, whose click (a fresh interaction) calls `enableSound()`.
 */

export interface RingRequest {
	/** The request id: notifications are per request. */
	id: string;
	/** Who is asking, as shown to the operator ("Alice"). */
	label: string;
}

export type NotificationPermissionState = 'default' | 'granted' | 'denied' | 'unsupported';

export interface NotificationHandle {
	close(): void;
}

export interface RingerDom {
	/** Starts the looping chime from the beginning; rejects when the browser refuses to play. */
	playLoop(): Promise<void>;
	stopLoop(): void;
	/** Plays silently for an instant inside a click, so later rings are allowed to sound. */
	unlock(): Promise<void>;
	getTitle(): string;
	setTitle(title: string): void;
	/** Shows the favicon with a count badge. */
	showBadge(count: number): void;
	restoreFavicon(): void;
	isHidden(): boolean;
	notificationPermission(): NotificationPermissionState;
	requestNotificationPermission(): Promise<NotificationPermissionState>;
	/** Shows a system notification; null when the browser cannot. */
	notify(notification: { tag: string; title: string; body: string }): NotificationHandle | null;
}

export interface RingerSnapshot {
	count: number;
	soundBlocked: boolean;
	notificationPermission: NotificationPermissionState;
}

const COUNT_PREFIX = /^\(\d+\+?\)(?: |$)/;

/** The tab title while requests ring: "(2) Chat messenger". */
export function titleWithCount(title: string, count: number): string {
	const base = title.replace(COUNT_PREFIX, '');
	return count > 0 ? `(${count}) ${base}` : base;
}

/** The number drawn on the favicon: at most two characters fit. */
export function badgeText(count: number): string {
	return count > 9 ? '9+' : String(count);
}

/** The notification shown for one new request. */
export function requestNotification(request: RingRequest): {
	tag: string;
	title: string;
	body: string;
} {
	return {
		tag: `chat-request-${request.id}`,
		title: `New chat request from ${request.label}`,
		body: 'Open the chat messenger to accept or decline.'
	};
}

export interface RingPlan {
	/** The chime starts (nothing was ringing, something is now). */
	start: boolean;
	/** The chime stops (something was ringing, nothing is now). */
	stop: boolean;
	/** Requests that began ringing since the last update. */
	added: RingRequest[];
	/** Ids of requests that stopped ringing (answered, cancelled, expired). */
	removed: string[];
	count: number;
}

/** What changes between the previous set of ringing requests and the current one. */
export function planRing(
	previous: ReadonlySet<string>,
	requests: readonly RingRequest[]
): RingPlan {
	const current = new Map<string, RingRequest>();
	for (const request of requests) if (!current.has(request.id)) current.set(request.id, request);
	const added = [...current.values()].filter((r) => !previous.has(r.id));
	const removed = [...previous].filter((id) => !current.has(id));
	return {
		start: previous.size === 0 && current.size > 0,
		stop: previous.size > 0 && current.size === 0,
		added,
		removed,
		count: current.size
	};
}

/** Whether a new request deserves a system notification (the panel is out of sight). */
export function shouldNotify(hidden: boolean, permission: NotificationPermissionState): boolean {
	return hidden && permission === 'granted';
}

export class Ringer {
	private ringing = new Set<string>();
	private notifications = new Map<string, NotificationHandle>();
	private soundBlocked = false;
	private permission: NotificationPermissionState;
	/** The page's own title (without our count) and what we last set it to. */
	private baseTitle: string | null = null;
	private lastTitle: string | null = null;
	private disposed = false;

	constructor(
		private readonly dom: RingerDom,
		private readonly onChange: (snapshot: RingerSnapshot) => void = () => {}
	) {
		this.permission = dom.notificationPermission();
	}

	get snapshot(): RingerSnapshot {
		return {
			count: this.ringing.size,
			soundBlocked: this.soundBlocked,
			notificationPermission: this.permission
		};
	}

	/** Call with every change of the requests ringing now (an empty list when none). */
	update(requests: readonly RingRequest[]) {
		if (this.disposed) return;
		const plan = planRing(this.ringing, requests);
		const changed = plan.added.length > 0 || plan.removed.length > 0;
		this.ringing = new Set(requests.map((r) => r.id));

		for (const id of plan.removed) {
			this.notifications.get(id)?.close();
			this.notifications.delete(id);
		}
		if (plan.start) this.startSound();
		if (plan.stop) this.dom.stopLoop();
		if (changed) this.showCount(plan.count);

		this.permission = this.dom.notificationPermission();
		if (plan.added.length > 0 && shouldNotify(this.dom.isHidden(), this.permission)) {
			for (const request of plan.added) {
				const handle = this.dom.notify(requestNotification(request));
				if (handle) this.notifications.set(request.id, handle);
			}
		}
		if (changed) this.emit();
	}

	/** From a click on "Enable sound": plays now if something rings, and allows later rings. */
	async enableSound(): Promise<void> {
		if (this.disposed) return;
		try {
			if (this.ringing.size > 0) await this.dom.playLoop();
			else await this.dom.unlock();
			this.soundBlocked = false;
		} catch {
			this.soundBlocked = true;
		}
		// The last request may have stopped while the browser was starting the sound.
		if (this.ringing.size === 0 || this.disposed) this.dom.stopLoop();
		this.emit();
	}

	/** From a click on "Turn on notifications": the browser asks the person once. */
	async requestNotificationPermission(): Promise<NotificationPermissionState> {
		if (this.permission !== 'default') return this.permission;
		try {
			this.permission = await this.dom.requestNotificationPermission();
		} catch {
			this.permission = this.dom.notificationPermission();
		}
		this.emit();
		return this.permission;
	}

	/** Stops the sound and puts the title, favicon and notifications back as they were. */
	dispose() {
		if (this.disposed) return;
		this.dom.stopLoop();
		if (this.ringing.size > 0) this.showCount(0);
		for (const handle of this.notifications.values()) handle.close();
		this.notifications.clear();
		this.ringing.clear();
		this.disposed = true;
	}

	private startSound() {
		this.dom.playLoop().then(
			() => {
				if (this.ringing.size === 0 || this.disposed) this.dom.stopLoop();
				if (this.soundBlocked) {
					this.soundBlocked = false;
					this.emit();
				}
			},
			() => {
				if (this.disposed) return;
				this.soundBlocked = true;
				this.emit();
			}
		);
	}

	private showCount(count: number) {
		const current = this.dom.getTitle();
		// Someone else (a page navigation) changed the title since we last set it: that is the base.
		if (this.baseTitle === null || current !== this.lastTitle) {
			this.baseTitle = titleWithCount(current, 0);
		}
		const next = titleWithCount(this.baseTitle, count);
		this.dom.setTitle(next);
		this.lastTitle = next;
		if (count > 0) this.dom.showBadge(count);
		else this.dom.restoreFavicon();
	}

	private emit() {
		if (!this.disposed) this.onChange(this.snapshot);
	}
}
