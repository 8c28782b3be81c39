/**
 * Peer to peer webcam: one RTCPeerConnection from the operator-side window to the customer's,
 * signalled through the session's signals (signals.ts). Used when no LiveKit server is configured
 * (the local default). No STUN is needed between two windows of one machine; `iceServers` is
 * there for deployments that want it.
 *
 * Tolerance (a Firestore listener may miss a write made just as it attaches):
 * - the publisher writes its offer only after its own listener has seen the server, and re-sends
 *   a fresh offer (a new epoch, a new connection) when no answer came within a few seconds;
 * - an answer to an epoch that is no longer waiting (a reloaded customer window answering the
 *   offer it found) makes the publisher offer again, so the new window gets the video;
 * - the viewer answers the newest start it sees, and drops the video when the connection fails
 *   or the start is stopped.
 */
import {
	Emitter,
	camError,
	newEpoch,
	type CamPublisher,
	type CamViewer,
	type PublisherEvent,
	type ViewerEvent
} from './transport';
import { currentStart, type Signal, type SignalChannel } from './signals';

export interface P2POptions {
	iceServers?: RTCIceServer[];
	/** How long to wait for an answer before offering again (doubles up to 10 s). */
	answerTimeoutMs?: number;
}

/** Candidates that arrive before the remote description wait here. */
class CandidateQueue {
	private queued: RTCIceCandidateInit[] = [];
	constructor(private readonly pc: RTCPeerConnection) {}
	add(json: string) {
		let init: RTCIceCandidateInit;
		try {
			init = JSON.parse(json) as RTCIceCandidateInit;
		} catch {
			return;
		}
		if (this.pc.remoteDescription) void this.pc.addIceCandidate(init).catch(() => undefined);
		else this.queued.push(init);
	}
	flush() {
		for (const c of this.queued) void this.pc.addIceCandidate(c).catch(() => undefined);
		this.queued = [];
	}
}

function sendCandidates(pc: RTCPeerConnection, channel: SignalChannel, epoch: string) {
	pc.onicecandidate = (e) => {
		if (!e.candidate) return;
		void channel
			.send({ epoch, kind: 'candidate', data: JSON.stringify(e.candidate.toJSON()) })
			.catch(() => undefined);
	};
}

export class P2PPublisher implements CamPublisher {
	private readonly events = new Emitter<PublisherEvent>();
	private pc: RTCPeerConnection | null = null;
	private candidates: CandidateQueue | null = null;
	private epoch: string | null = null;
	private stream: MediaStream | null = null;
	private unfollow: (() => void) | null = null;
	private ready: Promise<void>;
	private resend: ReturnType<typeof setTimeout> | undefined;
	private timeoutMs: number;
	private lastRenegotiation = 0;
	private stopped = false;

	constructor(
		private readonly channel: SignalChannel,
		private readonly options: P2POptions = {}
	) {
		this.timeoutMs = options.answerTimeoutMs ?? 4000;
		this.ready = new Promise((resolve, reject) => {
			this.unfollow = channel.follow(
				(batch) => this.onSignals(batch),
				resolve,
				(error) => {
					reject(error);
					this.events.emit({ type: 'error', error: camError('connection') });
				}
			);
		});
	}

	on(listener: (event: PublisherEvent) => void) {
		return this.events.on(listener);
	}

	async start(stream: MediaStream) {
		this.stream = stream;
		this.stopped = false;
		await this.ready;
		await this.offer();
		this.events.emit({ type: 'live' });
	}

	private async offer() {
		if (this.stopped || !this.stream) return;
		clearTimeout(this.resend);
		this.pc?.close();
		const epoch = newEpoch();
		const pc = new RTCPeerConnection({ iceServers: this.options.iceServers ?? [] });
		this.pc = pc;
		this.epoch = epoch;
		this.candidates = new CandidateQueue(pc);
		for (const track of this.stream.getTracks()) pc.addTrack(track, this.stream);
		sendCandidates(pc, this.channel, epoch);
		pc.onconnectionstatechange = () => {
			if (this.pc !== pc) return;
			const state = pc.connectionState;
			if (state === 'connected') {
				this.timeoutMs = this.options.answerTimeoutMs ?? 4000;
				this.events.emit({ type: 'viewer', connected: true });
			} else if (state === 'failed') {
				this.events.emit({ type: 'viewer', connected: false });
				void this.offer();
			} else if (state === 'disconnected' || state === 'closed') {
				this.events.emit({ type: 'viewer', connected: false });
			}
		};
		const description = await pc.createOffer();
		await pc.setLocalDescription(description);
		await this.channel.send({ epoch, kind: 'offer', data: JSON.stringify(pc.localDescription) });
		// No answer in time: the viewer may have missed the offer (or is not there yet).
		this.resend = setTimeout(() => {
			if (this.pc === pc && pc.signalingState === 'have-local-offer') {
				this.timeoutMs = Math.min(this.timeoutMs * 2, 10_000);
				void this.offer();
			}
		}, this.timeoutMs);
	}

	private onSignals(batch: Signal[]) {
		for (const s of batch) {
			const pc = this.pc;
			if (!pc || this.stopped) return;
			if (s.kind === 'answer') {
				if (s.epoch === this.epoch && pc.signalingState === 'have-local-offer') {
					clearTimeout(this.resend);
					void pc
						.setRemoteDescription(JSON.parse(s.data) as RTCSessionDescriptionInit)
						.then(() => this.candidates?.flush())
						.catch(() => void this.offer());
				} else if (pc.signalingState === 'stable' && Date.now() - this.lastRenegotiation > 2000) {
					// A window that was not part of this connection (a reload) wants the video.
					this.lastRenegotiation = Date.now();
					void this.offer();
				}
			} else if (s.kind === 'candidate' && s.epoch === this.epoch) {
				this.candidates?.add(s.data);
			}
		}
	}

	async stop() {
		this.stopped = true;
		clearTimeout(this.resend);
		const epoch = this.epoch;
		this.pc?.close();
		this.pc = null;
		this.epoch = null;
		this.stream = null;
		this.unfollow?.();
		this.unfollow = null;
		this.events.emit({ type: 'stopped' });
		if (epoch) await this.channel.send({ epoch, kind: 'stop', data: '' }).catch(() => undefined);
	}
}

/** The customer's side of a peer-to-peer webcam: answers the newest offer. */
export class P2PReceiver {
	private readonly pc: RTCPeerConnection;
	private readonly candidates: CandidateQueue;
	private readonly stream = new MediaStream();
	private shown = false;
	private lost: ReturnType<typeof setTimeout> | undefined;

	constructor(
		readonly epoch: string,
		private readonly channel: SignalChannel,
		private readonly events: Emitter<ViewerEvent>,
		options: P2POptions = {}
	) {
		this.pc = new RTCPeerConnection({ iceServers: options.iceServers ?? [] });
		this.candidates = new CandidateQueue(this.pc);
		sendCandidates(this.pc, channel, epoch);
		this.pc.ontrack = (e) => {
			if (!this.stream.getTracks().includes(e.track)) this.stream.addTrack(e.track);
		};
		this.pc.onconnectionstatechange = () => {
			const state = this.pc.connectionState;
			clearTimeout(this.lost);
			if (state === 'connected') this.show(true);
			else if (state === 'failed') {
				this.show(false);
				this.events.emit({ type: 'error', error: camError('connection') });
			} else if (state === 'disconnected') {
				// Often a blip: give the connection a moment to come back.
				this.lost = setTimeout(() => this.show(false), 4000);
			}
		};
	}

	private show(on: boolean) {
		if (on === this.shown) return;
		this.shown = on;
		this.events.emit({ type: 'remote', stream: on ? this.stream : null });
	}

	async answer(offer: Signal) {
		await this.pc.setRemoteDescription(JSON.parse(offer.data) as RTCSessionDescriptionInit);
		this.candidates.flush();
		const answer = await this.pc.createAnswer();
		await this.pc.setLocalDescription(answer);
		await this.channel.send({
			epoch: this.epoch,
			kind: 'answer',
			data: JSON.stringify(this.pc.localDescription)
		});
	}

	candidate(signal: Signal) {
		if (signal.epoch === this.epoch) this.candidates.add(signal.data);
	}

	close() {
		clearTimeout(this.lost);
		this.show(false);
		this.pc.close();
	}
}

export { currentStart };
export type { CamViewer };
