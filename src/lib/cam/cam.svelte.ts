/**
 * The webcam state of one session window: turns the transport's events into state for the page.
 * The operator side starts and stops its camera (and mutes its microphone); the customer side
 * watches. The camera stops by itself when the chat ends, when a lock goes pending (the chat is
 * paused) and when the page is left. Which transport carries the video is the server's choice
 * (camJoin); nothing here depends on it.
 */
import type { ChatSide } from '$shared/chat';
import { call, humanError } from '$lib/firebase/callables';
import { signalChannel } from '$lib/data/signals';
import {
	createPublisher,
	createViewer,
	isCamError,
	openCamera,
	setMicMuted,
	type CamError,
	type CamPublisher
} from './index';

export type CamStatus = 'off' | 'starting' | 'live';

export interface CamContext {
	sessionId: string;
	uid: string;
	side: ChatSide;
	/** Whether the webcam may run: the chat is active and not paused by a pending lock. */
	allowed: boolean;
}

export class Cam {
	/** The operator side's own camera. */
	status = $state<CamStatus>('off');
	preview = $state.raw<MediaStream | null>(null);
	micMuted = $state(false);
	/** True while the customer's window receives the video (peer to peer: connected). */
	viewerConnected = $state(false);
	/** The customer side: the operator's video, or null. */
	remote = $state.raw<MediaStream | null>(null);
	error = $state<CamError | null>(null);

	private publisher: CamPublisher | null = null;
	private stopListening: (() => void) | null = null;
	private run = 0;

	constructor(private readonly context: () => CamContext | null) {
		// The customer's viewer follows the session's signals while the chat is active.
		$effect(() => {
			const ctx = this.context();
			if (!ctx || ctx.side !== 'customer' || !ctx.allowed) return;
			const { sessionId, uid } = ctx;
			const viewer = createViewer(signalChannel(sessionId, uid, 'customer'), () =>
				call('camJoin', { sessionId })
			);
			const off = viewer.on((event) => {
				if (event.type === 'remote') {
					this.remote = event.stream;
					if (event.stream) this.error = null;
				} else this.error = event.error;
			});
			return () => {
				off();
				viewer.close();
				this.remote = null;
			};
		});

		// The camera stops when the chat ends or pauses.
		$effect(() => {
			const ctx = this.context();
			if ((!ctx || !ctx.allowed) && this.status !== 'off') void this.stop();
		});

		// ...and when the window goes away (a best-effort stop marker; the connection closes).
		$effect(() => {
			const leave = () => void this.stop();
			window.addEventListener('pagehide', leave);
			return () => {
				window.removeEventListener('pagehide', leave);
				void this.stop();
			};
		});
	}

	/** The operator side starts its camera (the browser may ask for permission first). */
	async start() {
		const ctx = this.context();
		if (!ctx || ctx.side !== 'operator' || !ctx.allowed || this.status !== 'off') return;
		const run = ++this.run;
		this.status = 'starting';
		this.error = null;
		let stream: MediaStream | null = null;
		try {
			const mint = () => call('camJoin', { sessionId: ctx.sessionId });
			const join = await mint();
			stream = await openCamera();
			if (run !== this.run) throw new Error('stopped');
			this.preview = stream;
			this.micMuted = false;
			const publisher = createPublisher(
				join,
				signalChannel(ctx.sessionId, ctx.uid, 'operator'),
				mint
			);
			this.publisher = publisher;
			this.stopListening = publisher.on((event) => {
				if (event.type === 'viewer') this.viewerConnected = event.connected;
				else if (event.type === 'error') this.error = event.error;
			});
			await publisher.start(stream);
			if (run !== this.run) return;
			this.status = 'live';
		} catch (error) {
			if (run !== this.run) {
				for (const t of stream?.getTracks() ?? []) t.stop();
				return;
			}
			await this.stop();
			this.error = isCamError(error) ? error : { kind: 'refused', message: humanError(error) };
		}
	}

	async stop() {
		this.run++;
		const publisher = this.publisher;
		const stream = this.preview;
		this.publisher = null;
		this.stopListening?.();
		this.stopListening = null;
		this.preview = null;
		this.status = 'off';
		this.viewerConnected = false;
		for (const t of stream?.getTracks() ?? []) t.stop();
		await publisher?.stop();
	}

	toggleMic() {
		if (!this.preview) return;
		this.micMuted = !this.micMuted;
		setMicMuted(this.preview, this.micMuted);
	}

	dismissError() {
		this.error = null;
	}
}
