/**
 * The chat backstop, run with the presence sweep (on a schedule in production, on a timer in the
 * local default): requests that rang out without anyone calling chatExpire are expired (and
 * counted as misses), and sessions one side of which has gone silent for longer than the window
 * timeout are ended (when the other side's window is open it asks first: chatPeerLost; this is for
 * chats nobody is watching any more). Each pass reads a bounded page: anything left over is found
 * next time.
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { chatTiming } from '../config.js';
import { QUERIES } from '../shared/queries.js';
import { shapedQuery } from '../lib/shaped-query.js';
import { expireRequest } from './requests.js';
import { endIfLost } from './sessions.js';

const PAGE = 200;

export async function sweepChat(db: Firestore, now = Date.now()) {
	const overdue = await shapedQuery(db, QUERIES.overdueRequests, {
		eq: { status: 'ringing' },
		range: { '<=': Timestamp.fromMillis(now) }
	})
		.limit(PAGE)
		.get();
	let requestsExpired = 0;
	for (const request of overdue.docs) {
		if ((await expireRequest(db, null, request.id, now)).expired) requestsExpired += 1;
	}

	const cutoff = Timestamp.fromMillis(now - chatTiming().windowTimeoutSeconds * 1000);
	// One query per side, on the same index (role, seenAt).
	const silent = await Promise.all(
		(['operator', 'customer'] as const).map((role) =>
			shapedQuery(db, QUERIES.silentParties, { eq: { role }, range: { '<': cutoff } })
				.limit(PAGE)
				.get()
		)
	);
	// Several silent windows (the operator's and its group owner's, the customer's) may share a
	// session.
	const sessionIds = new Set(silent.flatMap((q) => q.docs.map((p) => p.ref.parent.parent!.id)));
	let sessionsEnded = 0;
	let windowsPruned = 0;
	for (const sessionId of sessionIds) {
		const outcome = await endIfLost(db, sessionId, now);
		if (outcome === 'ended') sessionsEnded += 1;
		if (outcome === 'pruned') windowsPruned += 1;
	}
	return { requestsExpired, sessionsEnded, windowsPruned };
}
