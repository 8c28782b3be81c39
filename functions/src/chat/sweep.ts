/**
 * The chat backstop, run with the presence sweep (on a schedule in production, on a timer in the
 * local default): requests that rang out without anyone calling chatExpire are expired (and
 * counted as misses), and sessions whose operator-side window has been silent for longer than the
 * reload grace are ended. Each pass reads a bounded page: anything left over is found next time.
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { chatTiming } from '../config.js';
import { COL } from '../shared/paths.js';
import { expireRequest } from './requests.js';
import { sweepSession } from './sessions.js';

const PAGE = 200;

export async function sweepChat(db: Firestore, now = Date.now()) {
	const overdue = await db
		.collection(COL.requests)
		.where('status', '==', 'ringing')
		.where('expiresAt', '<=', Timestamp.fromMillis(now))
		.orderBy('expiresAt')
		.limit(PAGE)
		.get();
	let requestsExpired = 0;
	for (const request of overdue.docs) {
		if ((await expireRequest(db, null, request.id, now)).expired) requestsExpired += 1;
	}

	const cutoffMs = now - chatTiming().reloadGraceSeconds * 1000;
	const silent = await db
		.collectionGroup(COL.parties)
		.where('role', '==', 'operator')
		.where('seenAt', '<', Timestamp.fromMillis(cutoffMs))
		.orderBy('seenAt')
		.limit(PAGE)
		.get();
	// Two silent windows (the operator's and its group owner's) may share a session.
	const sessionIds = new Set(silent.docs.map((p) => p.ref.parent.parent!.id));
	let sessionsEnded = 0;
	let windowsPruned = 0;
	for (const sessionId of sessionIds) {
		const outcome = await sweepSession(db, sessionId, cutoffMs);
		if (outcome === 'ended') sessionsEnded += 1;
		if (outcome === 'pruned') windowsPruned += 1;
	}
	return { requestsExpired, sessionsEnded, windowsPruned };
}
