/**
 * LiveKit webcam (production): the operator side publishes its camera and microphone into the
 * session's room, the customer subscribes. `livekit-client` is imported dynamically, when a
 * webcam starts, so the app's and the session page's chunks do not carry it. The room token
 * (camJoin) grants the operator side camera+microphone publishing and the customer watching only.
 * The signals channel still carries `live`/`stop`, so the customer's window joins the room only
 * while a webcam is on.
 */
import type { Room, RemoteTrack } from 'livekit-client';
import {
	Emitter,
	camError,
	newEpoch,
	type CamPublisher,
	type PublisherEvent,
	type ViewerEvent
} from './transport';
import type { SignalChannel } from './signals';

const livekit = () => import('livekit-client');

export class LiveKitPublisher implements CamPublisher {
	private readonly events = new Emitter<PublisherEvent>();
	private room: Room | null = null;
	private epoch: string | null = null;

	constructor(
		private readonly channel: SignalChannel,
		private readonly url: string,
		private readonly token: string
	) {}

	on(listener: (event: PublisherEvent) => void) {
		return this.events.on(listener);
	}

	async start(stream: MediaStream) {
		const { Room, RoomEvent, Track } = await livekit();
		const room = new Room();
		this.room = room;
		room.on(RoomEvent.Disconnected, () => {
			if (this.room === room) this.events.emit({ type: 'error', error: camError('connection') });
		});
		room.on(RoomEvent.ParticipantConnected, () =>
			this.events.emit({ type: 'viewer', connected: true })
		);
		try {
			await room.connect(this.url, this.token);
			for (const track of stream.getVideoTracks()) {
				await room.localParticipant.publishTrack(track, { source: Track.Source.Camera });
			}
			for (const track of stream.getAudioTracks()) {
				await room.localParticipant.publishTrack(track, { source: Track.Source.Microphone });
			}
		} catch {
			this.room = null;
			await room.disconnect();
			throw camError('connection');
		}
		this.epoch = newEpoch();
		await this.channel.send({ epoch: this.epoch, kind: 'live', data: '' });
		this.events.emit({ type: 'live' });
	}

	async stop() {
		const room = this.room;
		const epoch = this.epoch;
		this.room = null;
		this.epoch = null;
		await room?.disconnect();
		this.events.emit({ type: 'stopped' });
		if (epoch) await this.channel.send({ epoch, kind: 'stop', data: '' }).catch(() => undefined);
	}
}

/** The customer's side of a LiveKit webcam: joins the room while a webcam is on. */
export class LiveKitReceiver {
	private room: Room | null = null;
	private closed = false;
	private readonly stream = new MediaStream();

	constructor(
		readonly epoch: string,
		private readonly events: Emitter<ViewerEvent>
	) {}

	async connect(url: string, token: string) {
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
		room.on(RoomEvent.Disconnected, () => {
			for (const t of this.stream.getTracks()) this.stream.removeTrack(t);
			update();
		});
		try {
			await room.connect(url, token);
		} catch {
			this.events.emit({ type: 'error', error: camError('connection') });
		}
	}

	close() {
		this.closed = true;
		void this.room?.disconnect();
		this.room = null;
		this.events.emit({ type: 'remote', stream: null });
	}
}
