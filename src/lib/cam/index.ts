/**
 * Entry points of the webcam core: a publisher for the transport the server chose (camJoin), and
 * a viewer that follows the session's signals and joins whichever transport the operator side
 * started with.
 */
import { P2PPublisher, P2PReceiver, type P2POptions } from './p2p';
import { LiveKitPublisher, LiveKitReceiver } from './livekit';
import { CamTokens } from './tokens';
import { currentStart, type Signal, type SignalChannel } from './signals';
import {
	Emitter,
	camError,
	isCamError,
	type CamJoin,
	type CamPublisher,
	type CamViewer,
	type ViewerEvent
} from './transport';

export * from './transport';

/**
 * The operator side's publisher for the transport the server chose. `mint` asks the server again
 * (camJoin) for the fresh room tokens a LiveKit webcam connects with.
 */
export function createPublisher(
	join: CamJoin,
	channel: SignalChannel,
	mint: () => Promise<CamJoin>,
	options: P2POptions = {}
): CamPublisher {
	return join.transport === 'livekit'
		? new LiveKitPublisher(channel, new CamTokens(mint, join))
		: new P2PPublisher(channel, options);
}

/**
 * The customer's viewer. `join` asks the server for a room token when the operator side started
 * a LiveKit webcam (never called for a peer-to-peer one): before each connect, and to keep the
 * held one fresh while connected.
 */
export function createViewer(
	channel: SignalChannel,
	join: () => Promise<CamJoin>,
	options: P2POptions = {}
): CamViewer {
	const events = new Emitter<ViewerEvent>();
	const history: Signal[] = [];
	let receiver: P2PReceiver | LiveKitReceiver | null = null;
	let closed = false;

	const fail = (error: unknown) =>
		events.emit({ type: 'error', error: isCamError(error) ? error : camError('connection') });

	function onBatch(batch: Signal[]) {
		history.push(...batch);
		// Keep what a start needs; older epochs are done with.
		if (history.length > 500) history.splice(0, history.length - 500);
		const start = currentStart(history);
		if (!start) {
			receiver?.close();
			receiver = null;
			return;
		}
		if (receiver?.epoch !== start.epoch) {
			receiver?.close();
			if (start.kind === 'offer') {
				const p2p = new P2PReceiver(start.epoch, channel, events, options);
				receiver = p2p;
				for (const s of history) if (s.kind === 'candidate') p2p.candidate(s);
				p2p.answer(start).catch(fail);
				return;
			}
			const lk = new LiveKitReceiver(start.epoch, events);
			receiver = lk;
			if (!closed) lk.connect(new CamTokens(join)).catch(fail);
			return;
		}
		if (receiver instanceof P2PReceiver) {
			for (const s of batch) if (s.kind === 'candidate') receiver.candidate(s);
		}
	}

	const unfollow = channel.follow(onBatch, () => undefined, fail);
	return {
		on: (listener) => events.on(listener),
		close() {
			closed = true;
			unfollow();
			receiver?.close();
			receiver = null;
		}
	};
}
