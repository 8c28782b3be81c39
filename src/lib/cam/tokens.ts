/**
 * LiveKit room tokens for one webcam, on either side. A token lives a minute
 * (DEFAULTS.camTokenSeconds) and is needed only to connect: LiveKit keeps a connected client in,
 * and hands it refreshed tokens for the reconnects livekit-client makes by itself. The connects
 * this app makes (the first, and another after livekit-client gave up) each take a token that is
 * younger than half a token's life, fetched then if the one held is older; while the webcam is on,
 * the one held is refreshed every half life, so a reconnect rarely waits for the server.
 */
import { DEFAULTS } from '$shared/config';
import { camError, type CamJoin } from './transport';

export type LiveKitJoin = Extract<CamJoin, { transport: 'livekit' }>;

/** How old a held token may be and still be used to connect; also the refresh period. */
export const CAM_TOKEN_FRESH_MS = (DEFAULTS.camTokenSeconds * 1000) / 2;

export class CamTokens {
	private held: { join: LiveKitJoin; at: number } | null;
	private minting: Promise<LiveKitJoin> | null = null;

	/**
	 * `mint` asks the server (camJoin); it throws the server's refusal when the chat ended or
	 * paused. `first` is the answer the caller already has, if any.
	 */
	constructor(
		private readonly mint: () => Promise<CamJoin>,
		first: LiveKitJoin | null = null,
		private readonly now: () => number = () => Date.now()
	) {
		this.held = first ? { join: first, at: now() } : null;
	}

	/** A token fresh enough to connect with. */
	async get(): Promise<LiveKitJoin> {
		if (this.held && this.now() - this.held.at < CAM_TOKEN_FRESH_MS) return this.held.join;
		return this.refresh();
	}

	/** A new token from the server (one request at a time). */
	refresh(): Promise<LiveKitJoin> {
		this.minting ??= this.mint()
			.then((join) => {
				// The deployment no longer has LiveKit: nothing to connect to.
				if (join.transport !== 'livekit') throw camError('connection');
				this.held = { join, at: this.now() };
				return join;
			})
			.finally(() => {
				this.minting = null;
			});
		return this.minting;
	}

	/**
	 * Refreshes the held token every half life until the returned function is called. A refusal
	 * is not reported here: the connect that needs a token asks again and reports it.
	 */
	keepFresh(): () => void {
		const timer = setInterval(() => void this.refresh().catch(() => undefined), CAM_TOKEN_FRESH_MS);
		return () => clearInterval(timer);
	}
}
