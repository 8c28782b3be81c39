/**
 * Writes a message or a webcam signal together with a step of its author's flood meter, in one
 * batch (the rules refuse the one without the other; see $shared/meters for the scheme).
 *
 * The step is chosen from the party document as this browser holds it, with its own pending
 * writes: writes of one window are prepared one after another, so each sees the one before.
 * When the rules refuse the step (another window of the same person counted meanwhile, or this
 * clock and the server's disagree at a window's end), the other step is tried once.
 */
import { doc, getDocFromCache, writeBatch, type WriteBatch } from 'firebase/firestore';
import { COL } from '$shared/paths';
import {
	meterRetry,
	meterStep,
	tooFastSentence,
	type MeterName,
	type MeterStep
} from '$shared/meters';
import { firebase } from '$lib/firebase/app';
import { meterFields, meterStateOf } from './meter-fields';

/** A write refused here, before sending: the meter is full for the rest of its window. */
export class TooFast extends Error {}

/** Per party document: the preparation of the latest write (see the module comment). */
const prepared = new Map<string, Promise<unknown>>();

/**
 * Commits `put`'s write with a step of `name` for `uid` in `sessionId`. Resolves when the server
 * has both; rejects with TooFast when the meter is full, or with the rules' refusal.
 */
export function meteredWrite(
	sessionId: string,
	uid: string,
	name: MeterName,
	put: (batch: WriteBatch) => void
): Promise<void> {
	const { db } = firebase();
	const party = doc(db, COL.sessions, sessionId, COL.parties, uid);
	const commit = async (step: MeterStep) => {
		const batch = writeBatch(db);
		put(batch);
		batch.set(party, meterFields(name, step), { merge: true });
		return batch.commit();
	};
	// Prepared in turn: read the meter, then start the commit (which applies it locally at once).
	const before = prepared.get(party.path) ?? Promise.resolve();
	const ready = before.then(async () => {
		const snap = await getDocFromCache(party).catch(() => null);
		const state = meterStateOf(snap?.data({ serverTimestamps: 'estimate' }), name);
		const step = meterStep(state, name, Date.now());
		if (step.kind === 'full') {
			throw new TooFast(tooFastSentence(name === 'posts' ? 'messages' : 'signals', step.waitMs));
		}
		return { state, step, sent: commit(step) };
	});
	prepared.set(
		party.path,
		ready.catch(() => undefined)
	);
	return ready.then(async ({ state, step, sent }) => {
		try {
			await sent;
		} catch (error) {
			const retry =
				(error as { code?: string }).code === 'permission-denied'
					? meterRetry(step, state, name)
					: null;
			if (!retry) throw error;
			await commit(retry);
		}
	});
}
