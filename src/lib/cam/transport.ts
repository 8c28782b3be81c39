/**
 * The webcam transport, independent of any UI framework: the operator side *publishes* its camera
 * and microphone, the customer side *views* them. Two implementations carry the media: a direct
 * RTCPeerConnection signalled through Firestore (p2p.ts, the local default) and a LiveKit room
 * (livekit.ts, loaded only when a webcam starts). The session window never knows which one runs:
 * it listens to the events below (cam.svelte.ts turns them into state).
 */

export type CamErrorKind =
	'denied' | 'no-device' | 'in-use' | 'connection' | 'unsupported' | 'refused';

export interface CamError {
	kind: CamErrorKind;
	/** A sentence that says what happened and what to do. */
	message: string;
}

export const CAM_MESSAGES: Record<Exclude<CamErrorKind, 'refused'>, string> = {
	denied:
		'The browser was not allowed to use your camera and microphone. Allow them for this site (the camera icon in the address bar), then click the webcam button again.',
	'no-device':
		'No camera or microphone was found. Connect one (or check it is switched on), then click the webcam button again.',
	'in-use':
		'Your camera or microphone is in use by another app or tab. Close it there, then click the webcam button again.',
	connection:
		'The video connection could not be made. Check your network, then stop and start the webcam again.',
	unsupported:
		'This browser cannot share a camera here. Use a recent Chrome, Edge, Firefox or Safari over https.'
};

export function camError(kind: Exclude<CamErrorKind, 'refused'>): CamError {
	return { kind, message: CAM_MESSAGES[kind] };
}

/** What getUserMedia's DOMException names mean for the person in front of the camera. */
export function mediaErrorKind(error: unknown): Exclude<CamErrorKind, 'refused' | 'connection'> {
	const name = (error as { name?: string } | null)?.name ?? '';
	if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
		return 'denied';
	}
	if (
		name === 'NotFoundError' ||
		name === 'OverconstrainedError' ||
		name === 'DevicesNotFoundError'
	) {
		return 'no-device';
	}
	if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') {
		return 'in-use';
	}
	if (name === 'TypeError') return 'unsupported';
	return 'in-use';
}

/** Opens the camera and microphone (the browser asks for permission the first time). */
export async function openCamera(): Promise<MediaStream> {
	if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
		throw camError('unsupported');
	}
	try {
		return await navigator.mediaDevices.getUserMedia({
			video: { width: { ideal: 640 }, height: { ideal: 480 } },
			audio: true
		});
	} catch (error) {
		throw camError(mediaErrorKind(error));
	}
}

export function isCamError(value: unknown): value is CamError {
	return typeof value === 'object' && value !== null && 'kind' in value && 'message' in value;
}

/** How the server said to carry the webcam (the camJoin callable). */
export type CamJoin = { transport: 'p2p' } | { transport: 'livekit'; url: string; token: string };

export type PublisherEvent =
	| { type: 'live' }
	| { type: 'viewer'; connected: boolean }
	| { type: 'error'; error: CamError }
	| { type: 'stopped' };

export type ViewerEvent =
	/** The operator's video (with its audio) appeared, or disappeared (null). */
	{ type: 'remote'; stream: MediaStream | null } | { type: 'error'; error: CamError };

/** The operator side: sends an opened camera stream to the session's viewer. */
export interface CamPublisher {
	start(stream: MediaStream): Promise<void>;
	/** Stops sending and tells the viewer; the caller stops the stream's tracks. */
	stop(): Promise<void>;
	on(listener: (event: PublisherEvent) => void): () => void;
}

/** The customer side: follows the session's webcam and reports the remote stream. */
export interface CamViewer {
	close(): void;
	on(listener: (event: ViewerEvent) => void): () => void;
}

/** A tiny event emitter shared by the implementations. */
export class Emitter<E> {
	private listeners = new Set<(event: E) => void>();
	on(listener: (event: E) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
	emit(event: E) {
		for (const l of [...this.listeners]) l(event);
	}
}

/** A fresh id for one camera start (`epoch`): 20 letters and digits. */
export function newEpoch(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.getRandomValues(new Uint8Array(20));
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Mutes or unmutes the microphone of a stream (the peer hears silence while muted). */
export function setMicMuted(stream: MediaStream, muted: boolean) {
	for (const track of stream.getAudioTracks()) track.enabled = !muted;
}
