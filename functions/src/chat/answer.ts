/**
 * The operator side answers a chat request (chatAnswer): a decline, or an accept that starts the
 * session. The invariants of chat/requests.ts hold here too: one transaction re-reads the request,
 * so of two windows answering at once exactly one commits; reads before writes; the operator's
 * status changes only through operator-status.
 */
import { runContended } from '../lib/contended-transaction.js';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import { chatTiming } from '../config.js';
import type { Caller } from '../lib/guard.js';
import {
	planStatus,
	sessionDelta,
	statusState,
	statusUpdate
} from '../presence/operator-status.js';
import {
	chatSideOf,
	openedWindow,
	startedSession,
	SYSTEM_MESSAGE_IDS,
	type RequestStatus
} from '../shared/chat.js';
import { DEFAULTS, LIMITS } from '../shared/config.js';
import {
	CONVERTERS,
	messageRef,
	operatorRef as operatorDocRef,
	partyRef,
	requestRef as requestDocRef,
	sessionRef as sessionDocRef,
	typedQuery
} from '../lib/refs.js';
import { QUERIES } from '../shared/queries.js';
import { shapedQuery } from '../lib/shaped-query.js';
import { canManageOperator } from '../shared/presence.js';
import { ringState } from './ringing.js';
import {
	REQUEST_EXPIRED,
	REQUEST_NOT_FOUND,
	notRingingSentence,
	startedLine
} from './sentences.js';
import { expireIn, requestOf } from './requests.js';

/** The requests ringing for the operator of `requestId`, other than it (by a query, no lock). */
async function othersRinging(db: Firestore, requestId: string) {
	const request = await requestDocRef(db, requestId).get();
	const operatorId = request.data()?.operatorId ?? null;
	if (!operatorId) return { operatorId, refs: [] };
	const ringing = await typedQuery(
		shapedQuery(db, QUERIES.requestsOfOperator, { eq: { operatorId, status: 'ringing' } }),
		CONVERTERS.request
	)
		.limit(LIMITS.pageMax)
		.get();
	return { operatorId, refs: ringing.docs.filter((d) => d.id !== requestId).map((d) => d.ref) };
}

type AnswerOutcome = { kind: 'answered'; sessionId: string | null } | { kind: 'expired' };

/**
 * The operator or its group owner answers. Accepting starts the session: the session document
 * (same id as the request), its first system line, a party document for the answering window and
 * for the customer (so a window that never opens is noticed like one that closed), the operator
 * busy, its miss streak forgiven, and the other requests ringing for it declined.
 */
export async function answerRequest(
	db: Firestore,
	caller: Caller,
	input: { requestId: string; accept: boolean }
): Promise<{ sessionId: string | null }> {
	const requestRef = requestDocRef(db, input.requestId);
	// The other requests ringing for this operator, declined if accepting this one leaves it no
	// room. Found before the transaction, then read again inside it as documents: a query in a
	// transaction can lock far more than its results (the emulator locks the whole collection).
	// A request made between the two is refused or rings against a busy operator, whose ring-outs
	// are not counted as misses.
	const others = await othersRinging(db, input.requestId);
	const outcome = await runContended<AnswerOutcome>(db, async (tx) => {
		const snap = await tx.get(requestRef);
		const stored = snap.data();
		if (!stored) throw new HttpsError('not-found', REQUEST_NOT_FOUND);
		const request = requestOf(stored);
		const operatorRef = operatorDocRef(db, request.operatorId);
		const operator = (await tx.get(operatorRef)).data();
		// Admins may manage operators' status, but they do not chat: only the operator and the
		// owner of its group (by the operator's current group) answer.
		const manages =
			(caller.role === 'operator' || caller.role === 'groupOwner') &&
			canManageOperator(caller, {
				uid: request.operatorId,
				groupId: operator?.groupId ?? null
			});
		if (!manages) {
			if (chatSideOf(caller, request) === 'customer') {
				throw new HttpsError('permission-denied', 'Only the operator can answer this request.');
			}
			throw new HttpsError('not-found', REQUEST_NOT_FOUND);
		}
		const state = ringState(request, Date.now());
		if (state === 'settled') {
			throw new HttpsError(
				'failed-precondition',
				notRingingSentence(request.status as Exclude<RequestStatus, 'ringing'>)
			);
		}
		if (state === 'overdue') {
			// The customer's countdown has ended: whoever answers late finds it expired.
			await expireIn(db, tx, snap);
			return { kind: 'expired' };
		}
		const missStreak = operator?.missStreak ?? 0;
		if (!input.accept) {
			tx.update(requestRef, {
				status: 'declined',
				answeredAt: FieldValue.serverTimestamp(),
				answeredByUid: caller.uid
			});
			// Answering, even with no, is not letting a request ring out.
			if (missStreak !== 0) tx.update(operatorRef, { missStreak: 0 });
			return { kind: 'answered', sessionId: null };
		}

		const status = statusState(operator);
		if (status.activeSessions >= DEFAULTS.maxConcurrentChats) {
			throw new HttpsError(
				'failed-precondition',
				`${request.operatorName} is already in a chat. End it before accepting another.`
			);
		}
		const stillRinging = (
			others.operatorId === request.operatorId && others.refs.length > 0
				? await tx.getAll(...others.refs)
				: []
		).filter((d) => d.data()?.status === 'ringing');

		// Writes from here on.
		const sessionId = snap.id;
		const sessionRef = sessionDocRef(db, sessionId);
		const now = FieldValue.serverTimestamp();
		const timing = chatTiming();
		const groupId = operator?.groupId ?? null;
		tx.create(
			sessionRef,
			startedSession({
				requestId: snap.id,
				customer: {
					uid: request.customerUid,
					name: request.customerName,
					avatarVersion: request.customerAvatarVersion
				},
				operator: { id: request.operatorId, name: request.operatorName },
				groupId,
				startedAt: now,
				heartbeatSeconds: timing.heartbeatSeconds,
				windowTimeoutSeconds: timing.windowTimeoutSeconds
			})
		);
		const line = startedLine(request.operatorName);
		tx.create(messageRef(db, sessionId, SYSTEM_MESSAGE_IDS.started), {
			authorUid: null,
			authorRole: 'system',
			text: line.text,
			createdAt: now,
			event: line.event
		});
		// Both sides' windows, as if just seen: one that never opens is noticed like one that closed.
		tx.create(partyRef(db, sessionId, caller.uid), openedWindow('operator', now));
		tx.create(partyRef(db, sessionId, request.customerUid), openedWindow('customer', now));
		tx.update(requestRef, {
			status: 'accepted',
			answeredAt: now,
			answeredByUid: caller.uid,
			sessionId
		});
		const plan = planStatus(status, sessionDelta(status, 1));
		tx.update(operatorRef, { ...statusUpdate(plan), missStreak: 0 });
		if (plan.next.activeSessions >= DEFAULTS.maxConcurrentChats) {
			// The operator cannot take these any more; letting them ring out would count as misses.
			for (const other of stillRinging) {
				if (other.id === snap.id) continue;
				tx.update(other.ref, { status: 'declined', answeredAt: now, answeredByUid: null });
			}
		}
		return { kind: 'answered', sessionId };
	});
	if (outcome.kind === 'expired') throw new HttpsError('failed-precondition', REQUEST_EXPIRED);
	return { sessionId: outcome.sessionId };
}
