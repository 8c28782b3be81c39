/**
 * LiveKit webcam (production): the operator side publishes its camera and microphone into the
 * session's room, the customer subscribes. `livekit-client` is imported dynamically, when a
 * webcam starts, so the app's and the session page's chunks do not carry it. The room token
 * (camJoin) grants the operator side camera+microphone publishing and the customer watching only.
 * The signals channel still carries `live`/`stop`, so the customer's window joins the room only
 * while a webcam is on.
 *
 * Tokens live a minute (tokens.ts): every connect made here takes a fresh one. livekit-client
 * reconnects by itself after a network blip (with tokens the server refreshes); when it gives up,
 * the room is connected again here with a new token, a few times, unless the server ended it (the
 * chat ended or paused: the room was deleted, or the person removed) or camJoin now refuses.
 */
import type { DisconnectReason, Room, RemoteTrack } from 'livekit-client';
import {
	Emitter,
	camError,
	newEpoch,
	type CamPublisher,
	type PublisherEvent,
	type ViewerEvent
} from './transport';
import type { SignalChannel } from './signals';
import type { CamTokens } from './tokens';

const livekit = () => import('livekit-client');

/** Delays before each reconnect of our own, after livekit-client gave up. */
export const RECONNECT_DELAYS_MS = [1_000, 3_000, 8_000];

/**
 * Whether a disconnect is worth connecting again: not when we left, nor when the server ended
 * the room or removed the person (the chat ended or paused), nor when the same person joined
 * elsewhere. Values of livekit's DisconnectReason (protocol enum), kept as numbers so this module
 * does not load livekit-client to decide.
 */
export function reconnectable(reason: DisconnectReason | undefined): boolean {
	const FINAL = [
		1, // CLIENT_INITIATED
		2, // DUPLICATE_IDENTITY
		4, // PARTICIPANT_REMOVED
		5, // ROOM_DELETED
		10 // ROOM_CLOSED
	];
	return !FINAL.includes(Number(reason ?? 0));
}

/**
 * Connects `room` again with fresh tokens, at the delays above, while `current()` says the room
 * is still wanted. Resolves true once connected; false when it gave up or was stopped. A refusal
 * from camJoin (the chat ended or paused) ends the attempts at once.
 */
async function reconnect(
	room: Room,
	tokens: CamTokens,
	current: () => boolean,
	afterConnect: () => Promise<void> = async () => undefined
): Promise<boolean> {
	for (const delay of RECONNECT_DELAYS_MS) {
		await new Promise((resolve) => setTimeout(resolve, delay));
		if (!current()) return false;
		let join;
		try {
			join = await tokens.get();
		} catch {
			return false;
		}
		try {
			await room.connect(join.url, join.token);
			if (!current()) return false;
			await afterConnect();
			return true;
		} catch {
			// Next attempt, with a token fresh again.
		}
	}
	return false;
}

export class LiveKitPublisher implements CamPublisher {
	private readonly events = new Emitter<PublisherEvent>();
	private room: Room | null = null;
	private epoch: string | null = null;
	private stopRefresh: (() => void) | null = null;

	constructor(
		private readonly channel: SignalChannel,
		private readonly tokens: CamTokens
	) {}

	on(listener: (event: PublisherEvent) => void) {
		return this.events.on(listener);
	}

	async start(stream: MediaStream) {
		const { Room, RoomEvent, Track } = await livekit();
		// The camera's tracks outlive a dropped connection, so a reconnect can publish them again
		// (stop() and the page stop them).
		const room = new Room({ stopLocalTrackOnUnpublish: false });
		this.room = room;
		const publish = async () => {
			for (const track of stream.getVideoTracks()) {
				await room.localParticipant.publishTrack(track, { source: Track.Source.Camera });
			}
			for (const track of stream.getAudioTracks()) {
				await room.localParticipant.publishTrack(track, { source: Track.Source.Microphone });
			}
		};
		room.on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
			if (this.room !== room) return;
			const current = () => this.room === room;
			const back = reconnectable(reason)
				? reconnect(room, this.tokens, current, publish)
				: Promise.resolve(false);
			void back.then((ok) => {
				if (!ok && current()) this.events.emit({ type: 'error', error: camError('connection') });
			});
		});
		room.on(RoomEvent.ParticipantConnected, () =>
			this.events.emit({ type: 'viewer', connected: true })
		);
		let join;
		try {
			// Fresh: the camera permission prompt may have taken longer than a token lives.
			join = await this.tokens.get();
		} catch (error) {
			// The server's refusal (the chat ended or paused meanwhile): shown as it is.
			this.room = null;
			throw error;
		}
		try {
			await room.connect(join.url, join.token);
			await publish();
		} catch {
			this.room = null;
			await room.disconnect();
			throw camError('connection');
		}
		this.stopRefresh = this.tokens.keepFresh();
		this.epoch = newEpoch();
		await this.channel.send({ epoch: this.epoch, kind: 'live', data: '' });
		this.events.emit({ type: 'live' });
	}

	async stop() {
		const room = this.room;
		const epoch = this.epoch;
		this.room = null;
		this.epoch = null;
		this.stopRefresh?.();
		this.stopRefresh = null;
		await room?.disconnect();
		this.events.emit({ type: 'stopped' });
		if (epoch) await this.channel.send({ epoch, kind: 'stop', data: '' }).catch(() => undefined);
	}
}

/** The customer's side of a LiveKit webcam: joins the room while a webcam is on. */
export class LiveKitReceiver {
	private room: Room | null = null;
	private closed = false;
	private stopRefresh: (() => void) | null = null;
	private readonly stream = new MediaStream();

	constructor(
		readonly epoch: string,
		private readonly events: Emitter<ViewerEvent>
	) {}

	/** Joins the room with a token from `tokens`, and again with fresh ones if it drops. */
	async connect(tokens: CamTokens) {
		const { Room, RoomEvent, Track } = await livekit();
		if (this.closed) return;
		const room = new Room();
		this.room = room;
		const update = () => {
			const hasVideo = this.stream.getVideoTracks().length > 0;
			this.events.emit({ type: 'remote', stream: hasVideo ? this.stream : null });
		};
		room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack) => {
			if (track.source !== Track.Source.Camera && track.source !== Track.Source.Microphone) return;
			this.stream.addTrack(track.mediaStreamTrack);
			update();
		});
		room.on(RoomEvent.TrackUnsubscribed, (track: RemoteTrack) => {
			this.stream.removeTrack(track.mediaStreamTrack);
			update();
		});
		room.on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
			for (const t of this.stream.getTracks()) this.stream.removeTrack(t);
			update();
			const current = () => this.room === room && !this.closed;
			if (!current() || !reconnectable(reason)) return;
			void reconnect(room, tokens, current).then((ok) => {
				if (!ok && current()) this.events.emit({ type: 'error', error: camError('connection') });
			});
		});
		try {
			const join = await tokens.get();
			if (this.closed) return;
			await room.connect(join.url, join.token);
			this.stopRefresh = tokens.keepFresh();
		} catch {
			if (!this.closed) this.events.emit({ type: 'error', error: camError('connection') });
		}
	}

	close() {
		this.closed = true;
		this.stopRefresh?.();
		this.stopRefresh = null;
		void this.room?.disconnect();
		this.room = null;
		this.events.emit({ type: 'remote', stream: null });
	}
}
