/**
 * The browser side of the Ringer (see ringer.ts): an HTMLAudioElement for the chime, the
 * document title, a canvas-drawn favicon badge and the Notification API. Nothing here runs until
 * the Ringer calls it, so creating it during server rendering or prerendering is harmless.
 */
import { badgeText, type NotificationPermissionState, type RingerDom } from './ringer';

export interface BrowserRingerOptions {
	/** URL of the looping chime (e.g. "/sounds/ring.wav"). */
	soundUrl: string;
	/** Icon shown in notifications; the page's favicon by default. */
	notificationIcon?: string;
}

const BADGE_SIZE = 64;

/** The page's icon links, as they were before a badge replaced them. */
interface SavedIcon {
	link: HTMLLinkElement;
	href: string;
	type: string;
}

function notificationsSupported(): boolean {
	return typeof window !== 'undefined' && 'Notification' in window;
}

function loadImage(src: string): Promise<HTMLImageElement | null> {
	return new Promise((resolve) => {
		const img = new Image();
		img.onload = () => resolve(img);
		img.onerror = () => resolve(null);
		img.src = src;
	});
}

export function browserRingerDom(options: BrowserRingerOptions): RingerDom {
	let audio: HTMLAudioElement | null = null;
	let saved: SavedIcon[] | null = null;
	let created: HTMLLinkElement | null = null;
	let baseImage: Promise<HTMLImageElement | null> | null = null;
	/** Bumped on every favicon change, so a badge drawn late never overrides a newer state. */
	let generation = 0;

	function sound(): HTMLAudioElement {
		if (!audio) {
			audio = new Audio(options.soundUrl);
			audio.loop = true;
			audio.preload = 'auto';
		}
		return audio;
	}

	function iconLinks(): HTMLLinkElement[] {
		return Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]'));
	}

	async function drawBadge(count: number): Promise<string | null> {
		const canvas = document.createElement('canvas');
		canvas.width = BADGE_SIZE;
		canvas.height = BADGE_SIZE;
		const ctx = canvas.getContext('2d');
		if (!ctx) return null;
		const image = await (baseImage ??= saved?.[0]?.href
			? loadImage(saved[0].href)
			: Promise.resolve(null));
		if (image) {
			ctx.drawImage(image, 0, 0, BADGE_SIZE, BADGE_SIZE);
		} else {
			ctx.fillStyle = '#4b3fd6';
			ctx.beginPath();
			ctx.arc(32, 32, 30, 0, Math.PI * 2);
			ctx.fill();
		}
		// A red disc with a white edge at the top right, the count in bold white.
		const text = badgeText(count);
		const radius = 21;
		const cx = BADGE_SIZE - radius - 1;
		const cy = radius + 1;
		ctx.beginPath();
		ctx.arc(cx, cy, radius, 0, Math.PI * 2);
		ctx.fillStyle = '#ffffff';
		ctx.fill();
		ctx.beginPath();
		ctx.arc(cx, cy, radius - 3, 0, Math.PI * 2);
		ctx.fillStyle = '#dc2626';
		ctx.fill();
		ctx.fillStyle = '#ffffff';
		ctx.font = `bold ${text.length > 1 ? 22 : 28}px system-ui, sans-serif`;
		ctx.textAlign = 'center';
		ctx.textBaseline = 'middle';
		ctx.fillText(text, cx, cy + 2);
		try {
			return canvas.toDataURL('image/png');
		} catch {
			return null; // a cross-origin icon taints the canvas
		}
	}

	return {
		playLoop() {
			const el = sound();
			el.currentTime = 0;
			return el.play();
		},
		stopLoop() {
			if (!audio) return;
			audio.pause();
			audio.currentTime = 0;
		},
		async unlock() {
			const el = sound();
			el.muted = true;
			try {
				await el.play();
				el.pause();
				el.currentTime = 0;
			} finally {
				el.muted = false;
			}
		},
		getTitle: () => document.title,
		setTitle(title) {
			document.title = title;
		},
		showBadge(count) {
			const mine = ++generation;
			if (!saved) {
				saved = iconLinks().map((link) => ({
					link,
					href: link.href,
					type: link.getAttribute('type') ?? ''
				}));
			}
			void drawBadge(count).then((url) => {
				if (!url || mine !== generation) return;
				const links = saved && saved.length > 0 ? saved.map((s) => s.link) : null;
				if (links) {
					for (const link of links) {
						link.type = 'image/png';
						link.href = url;
					}
				} else {
					created ??= Object.assign(document.createElement('link'), { rel: 'icon' });
					created.type = 'image/png';
					created.href = url;
					if (!created.isConnected) document.head.appendChild(created);
				}
			});
		},
		restoreFavicon() {
			generation++;
			for (const { link, href, type } of saved ?? []) {
				link.href = href;
				if (type) link.type = type;
				else link.removeAttribute('type');
			}
			saved = null;
			created?.remove();
			created = null;
		},
		isHidden: () => document.hidden,
		notificationPermission(): NotificationPermissionState {
			return notificationsSupported() ? Notification.permission : 'unsupported';
		},
		async requestNotificationPermission() {
			if (!notificationsSupported()) return 'unsupported';
			return Notification.requestPermission();
		},
		notify({ tag, title, body }) {
			if (!notificationsSupported() || Notification.permission !== 'granted') return null;
			try {
				const icon = options.notificationIcon ?? saved?.[0]?.href ?? iconLinks()[0]?.href;
				const notification = new Notification(title, { body, tag, icon });
				notification.onclick = () => {
					window.focus();
					notification.close();
				};
				return notification;
			} catch {
				// Some mobile browsers only allow notifications from a service worker.
				return null;
			}
		}
	};
}
