/**
 * Chat requests on the server: asking, cancelling and expiring (answering is chat/answer.ts).
 * Invariants, for these and for answering:
 * - Every transition is one transaction that re-reads the request: of two windows answering at
 *   once (the operator's panel and its group owner's), Firestore lets exactly one commit; the
 *   other is retried, finds the request answered, and is told so.
 * - Reads before writes: these transactions may run more than once, so they decide from what
 *   they read and return plain results; nothing outside the transaction changes until it commits.
 * - An expiry records its miss in the same transaction, so it counts once whoever notices it
 *   first (the customer's countdown, the panel's, the sweep).
 * - The operator's status changes only through operator-status (planStatus/statusUpdate).
 */
import { runContended } from '../lib/contended-transaction.js';
import {
	FieldValue,
	Timestamp,
	type DocumentSnapshot,
	type Firestore,
	type Transaction
} from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import { ringLimits } from '../config.js';
import { limitCheck, rateLimitRef } from '../lib/rate-limits.js';
import { METER_WINDOW_MS, ringRefusal } from '../shared/meters.js';
import type { Caller } from '../lib/guard.js';
import { recordMissIn } from '../presence/miss-policy.js';
import { statusState } from '../presence/operator-status.js';
import { chatSideOf, type RequestDoc, type RequestStatus } from '../shared/chat.js';
import { DEFAULTS, LIMITS } from '../shared/config.js';
import {
	CONVERTERS,
	getAllIn,
	newRequestRef,
	operatorRef as operatorDocRef,
	requestRef as requestDocRef,
	typedQuery,
	userRef as userDocRef,
	type ServerDoc
} from '../lib/refs.js';
import { QUERIES } from '../shared/queries.js';
import { shapedQuery } from '../lib/shaped-query.js';
import { ringState } from './ringing.js';
import { CUSTOMERS_ONLY, REQUEST_NOT_FOUND, requestRefusal } from './sentences.js';

export type Request = ServerDoc<RequestDoc<Timestamp>>;
type RequestSnapshot = DocumentSnapshot<Request, Request>;

/** The fields of a request document the server decides with. */
export function requestOf(request: Request) {
	return {
		customerUid: request.customerUid,
		customerName: request.customerName,
		customerAvatarVersion: request.customerAvatarVersion ?? 0,
		operatorId: request.operatorId,
		operatorName: request.operatorName,
		groupId: request.groupId ?? null,
		status: request.status,
		expiresAtMs: request.expiresAt.toMillis(),
		sessionId: request.sessionId ?? null
	};
}

/** Marks an overdue request expired and records the operator's miss, inside `tx` (reads first). */
export async function expireIn(db: Firestore, tx: Transaction, request: RequestSnapshot) {
	await recordMissIn(db, tx, request.data()!.operatorId);
	tx.update(request.ref, { status: 'expired' });
}

/**
 * A customer asks an operator for a chat. Returns the ringing request (an existing one to the
 * same operator, or a new one).
 */
export async function createRequest(
	db: Firestore,
	caller: Caller,
	input: { operatorId: string }
): Promise<{ requestId: string; expiresAt: number }> {
	// Operators, group owners and admins use work accounts: as customers they would also be on
	// the operator side of chats (their own group's), and their wallets are not for paying.
	if (caller.role !== 'customer') throw new HttpsError('permission-denied', CUSTOMERS_ONLY);
	const operatorRef = operatorDocRef(db, input.operatorId);
	const userRef = userDocRef(db, caller.uid);
	// Ringing limits: a cooldown between new requests and at most so many a minute (a customer
	// ringing, cancelling and ringing again would otherwise ring operators without end).
	const limitRef = rateLimitRef(db, 'ring', caller.uid);
	const rings = ringLimits();
	const limit = {
		cooldownMs: rings.cooldownSeconds * 1000,
		perWindow: rings.perMinute,
		windowMs: METER_WINDOW_MS
	};
	// One ringing request per customer. The customer's user document names its latest request
	// (ringingRequestId), so the transaction reads documents only: a query in a transaction can
	// lock far more than its results (the emulator locks the whole collection, stalling every
	// other request). Two requests from one customer at the same moment both write that document,
	// so they conflict there and the retried one sees the other. An account without a user
	// document (made outside the app) falls back to the query.
	const mine = typedQuery(
		shapedQuery(db, QUERIES.requestsOfCustomer, {
			eq: { customerUid: caller.uid, status: 'ringing' }
		}),
		CONVERTERS.request
	).limit(LIMITS.pageMax);
	return runContended(db, async (tx) => {
		const [operatorSnap, userSnap, counted] = await getAllIn(tx, operatorRef, userRef, limitRef);
		const user = userSnap.data();
		const latestId = user?.ringingRequestId;
		const candidates = !user
			? (await tx.get(mine)).docs
			: latestId
				? [await tx.get(requestDocRef(db, latestId))]
				: [];
		const now = Date.now();
		const operator = operatorSnap.data();
		if (!operator || operator.listed !== true) {
			throw new HttpsError('not-found', 'This advisor is not available on Parley any more.');
		}
		const live = candidates.flatMap((d) => {
			const request = d.data();
			return request &&
				request.customerUid === caller.uid &&
				ringState(requestOf(request), now) === 'ringing'
				? [{ id: d.id, ...requestOf(request) }]
				: [];
		});
		const same = live.find((d) => d.operatorId === input.operatorId);
		if (same) return { requestId: same.id, expiresAt: same.expiresAtMs };
		if (live[0]) {
			throw new HttpsError(
				'failed-precondition',
				`Your request to ${live[0].operatorName} is still ringing. Cancel it before asking someone else.`
			);
		}
		// A new request: the limits first (before the advisor's status is told).
		const ringing = limitCheck(tx, counted, limit, now);
		if (ringing.wait) {
			throw new HttpsError('resource-exhausted', ringRefusal(ringing.wait, rings.perMinute));
		}
		const operatorName = operator.displayName;
		const refusal = requestRefusal(statusState(operator).status, operatorName);
		if (refusal) throw new HttpsError('failed-precondition', refusal);
		ringing.count();

		const ref = newRequestRef(db);
		const expiresAt = Timestamp.fromMillis(now + DEFAULTS.ringSeconds * 1000);
		tx.create(ref, {
			customerUid: caller.uid,
			customerName: user?.displayName ?? 'Customer',
			customerAvatarVersion: user?.avatarVersion ?? 0,
			operatorId: input.operatorId,
			operatorName,
			groupId: operator.groupId ?? null,
			status: 'ringing',
			createdAt: Timestamp.fromMillis(now),
			expiresAt,
			answeredAt: null,
			answeredByUid: null,
			sessionId: null
		});
		if (user) {
			tx.update(userRef, {
				lastChatRequestAt: FieldValue.serverTimestamp(),
				ringingRequestId: ref.id
			});
		}
		return { requestId: ref.id, expiresAt: expiresAt.toMillis() };
	});
}

/** The customer withdraws its request. */
export async function cancelRequest(
	db: Firestore,
	caller: Caller,
	requestId: string
): Promise<{ status: RequestStatus }> {
	const ref = requestDocRef(db, requestId);
	return runContended(db, async (tx) => {
		const snap = await tx.get(ref);
		const stored = snap.data();
		if (!stored) throw new HttpsError('not-found', REQUEST_NOT_FOUND);
		const request = requestOf(stored);
		const side = chatSideOf(caller, request);
		if (side === null) throw new HttpsError('not-found', REQUEST_NOT_FOUND);
		if (side === 'operator') {
			throw new HttpsError(
				'permission-denied',
				'Only the customer can cancel a request. Decline it instead.'
			);
		}
		const state = ringState(request, Date.now());
		if (state === 'overdue') {
			// It rang out before the customer gave up: that is an expiry, and a miss.
			await expireIn(db, tx, snap);
			return { status: 'expired' };
		}
		if (state === 'ringing') {
			tx.update(ref, {
				status: 'cancelled',
				answeredAt: FieldValue.serverTimestamp(),
				answeredByUid: caller.uid
			});
			return { status: 'cancelled' };
		}
		if (request.status === 'accepted') {
			throw new HttpsError(
				'failed-precondition',
				`${request.operatorName} has just accepted: your chat is opening.`
			);
		}
		return { status: request.status };
	});
}

/**
 * Ends the ringing of an overdue request. With a caller (the callable), the caller must take
 * part in the request and the request must be overdue; without one (the sweep), a request that
 * is not overdue is left alone. Returns the request's status by then.
 */
export async function expireRequest(
	db: Firestore,
	caller: Caller | null,
	requestId: string,
	now = Date.now()
): Promise<{ status: RequestStatus; sessionId: string | null; expired: boolean }> {
	const ref = requestDocRef(db, requestId);
	return runContended(db, async (tx) => {
		const snap = await tx.get(ref);
		const stored = snap.data();
		if (!stored) {
			if (caller) throw new HttpsError('not-found', REQUEST_NOT_FOUND);
			return { status: 'expired', sessionId: null, expired: false };
		}
		const request = requestOf(stored);
		if (caller && chatSideOf(caller, request) === null) {
			throw new HttpsError('not-found', REQUEST_NOT_FOUND);
		}
		const state = ringState(request, now);
		if (state === 'settled')
			return { status: request.status, sessionId: request.sessionId, expired: false };
		if (state === 'ringing') {
			if (!caller) return { status: 'ringing', sessionId: null, expired: false };
			const seconds = Math.ceil((request.expiresAtMs - now) / 1000);
			throw new HttpsError(
				'failed-precondition',
				`This request is still ringing for ${seconds} more second${seconds === 1 ? '' : 's'}.`
			);
		}
		await expireIn(db, tx, snap);
		return { status: 'expired', sessionId: null, expired: true };
	});
}
