import { onRequest } from 'firebase-functions/https';
import { logger } from 'firebase-functions';
import { db } from '../lib/admin.js';
import { beaconBody } from '../lib/beacon.js';
import { MAX_INSTANCES, chatTiming } from '../config.js';
import { announceLeave, finishLeave } from './sessions.js';
import { leaveBeaconSchema } from './schemas.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A chat window's `pagehide` beacon (window closed, navigation away, reload): the other side is
 * told within moments that this side has left, unless the window comes back within the leave
 * grace (a reload), which cancels the end. The window proves itself with its leave key (a beacon
 * carries no ID token; the party document holds the key's hash).
 *
 * The answer is never read by the closing page; it says what happened, for people and tests:
 * 200 {outcome} (ended, returned, stayed, held: see LeaveOutcome) · 400 not a leave beacon ·
 * 404 no open chat window with that key (not a participant, a replay after the chat ended, or a
 * key replaced by a reload) · 409 the chat has already ended. Nothing is written but for 200.
 *
 * The grace is waited here, inside the request: a Cloud Run instance keeps its CPU only while a
 * request is open, and an instance serves many requests at once, so the wait costs little. Should
 * the instance die meanwhile, the sweep ends the chat (a window marked leaving for long is gone).
 */
export const chatBeacon = onRequest(
	{ cors: true, timeoutSeconds: 30, maxInstances: MAX_INSTANCES.beacon },
	async (req, res) => {
		if (req.method === 'GET') {
			// Warm-up: an open chat window calls this once, so a close does not wait for a cold start.
			res.status(204).send();
			return;
		}
		if (req.method !== 'POST') {
			res.status(405).send('Use POST.');
			return;
		}
		const input = beaconBody(req, leaveBeaconSchema);
		if (!input) {
			res.status(400).send('Expected {"sessionId", "uid", "leaveKey"}.');
			return;
		}
		try {
			const marked = await announceLeave(db(), input);
			if (marked.kind === 'unknown') {
				res.status(404).send('No open chat window matches this beacon.');
				return;
			}
			if (marked.kind === 'over') {
				res.status(409).send('This chat has already ended.');
				return;
			}
			await sleep(chatTiming().leaveGraceSeconds * 1000);
			const outcome = await finishLeave(db(), { ...input, markedMs: marked.markedMs });
			res.status(200).json({ outcome });
		} catch (error) {
			logger.error('chatBeacon failed', error);
			res.status(500).send('Could not record that the window closed.');
		}
	}
);
