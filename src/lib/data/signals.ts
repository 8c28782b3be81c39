/**
 * `sessions/{id}/signals`: the Firestore side of the webcam's signalling channel
 * (src/lib/cam/signals.ts). Only the newest LIMITS.pageMax signals are followed: a webcam that is
 * on was started by one of them (a start writes an offer and a few candidates).
 */
import { collection, doc, onSnapshot, serverTimestamp } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import { QUERIES } from '$shared/queries';
import type { ChatSide } from '$shared/chat';
import { firebase } from '$lib/firebase/app';
import { shapedQuery } from '$lib/firebase/shaped-query';
import type { Signal, SignalChannel } from '$lib/cam/signals';
import { meteredWrite } from './meter';

export function signalChannel(sessionId: string, uid: string, side: ChatSide): SignalChannel {
	const signals = () => collection(firebase().db, COL.sessions, sessionId, COL.signals);
	return {
		follow(onBatch, onReady, onError) {
			const seen = new Set<string>();
			let ready = false;
			const q = shapedQuery(signals(), QUERIES.newestSignals, {}, LIMITS.pageMax);
			return onSnapshot(
				q,
				{ includeMetadataChanges: true },
				(snap) => {
					const fresh: { at: number; signal: Signal }[] = [];
					for (const d of snap.docs) {
						if (seen.has(d.id)) continue;
						const data = d.data({ serverTimestamps: 'estimate' });
						if (data.side === side) {
							seen.add(d.id);
							continue;
						}
						seen.add(d.id);
						fresh.push({
							at: data.createdAt?.toMillis?.() ?? Date.now(),
							signal: {
								id: d.id,
								from: String(data.from),
								side: data.side as ChatSide,
								epoch: String(data.epoch),
								kind: data.kind as Signal['kind'],
								data: String(data.data ?? '')
							}
						});
					}
					fresh.sort((a, b) => a.at - b.at);
					if (fresh.length > 0) onBatch(fresh.map((f) => f.signal));
					if (!ready && !snap.metadata.fromCache) {
						ready = true;
						onReady();
					}
				},
				onError
			);
		},
		/** With a step of the sender's signals meter (meter.ts): at most LIMITS.signalsPerMinute. */
		async send(signal) {
			await meteredWrite(sessionId, uid, 'signals', (batch) =>
				batch.set(doc(signals()), { from: uid, side, ...signal, createdAt: serverTimestamp() })
			);
		}
	};
}
