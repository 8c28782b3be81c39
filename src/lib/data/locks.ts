/** `sessions/{id}/locks/{lockId}`: paid offers in a chat. Server-written; both sides read them. */
import { collection } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import { QUERIES } from '$shared/queries';
import type { LockDoc } from '$shared/locks';
import { firebase } from '$lib/firebase/app';
import { converter, type WithId } from '$lib/firebase/convert';
import { shapedQuery } from '$lib/firebase/shaped-query';

export type ChatLock = WithId<LockDoc>;

/** Every offer of a session, oldest first (a chat has a handful at most). */
export function locksQuery(sessionId: string) {
	return shapedQuery(
		collection(firebase().db, COL.sessions, sessionId, COL.locks).withConverter(
			converter<LockDoc>()
		),
		QUERIES.sessionLocks,
		{},
		LIMITS.pageMax
	);
}

/** A fresh idempotency key for one Pay click (reused for retries of that click). */
export function newPaymentKey(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
