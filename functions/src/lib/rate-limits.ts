/**
 * Server-side abuse limits, counted in server-only `rateLimits/{kind}:{key}` documents
 * (RateLimitDoc) inside the transaction of the action they limit: two actions at the same moment
 * both write the counter, so they conflict there and the retried one sees the other's count.
 * The decisions are shared/meters.ts (limitWait, countedAfter).
 */
import { Timestamp, type Firestore, type Transaction } from 'firebase-admin/firestore';
import {
	countedAfter,
	limitWait,
	NOTHING_COUNTED,
	type Counted,
	type ServerLimit
} from '../shared/meters.js';
import { COL } from '../shared/paths.js';

export type LimitKind = 'ring' | 'feedback';

export function rateLimitRef(db: Firestore, kind: LimitKind, key: string) {
	return db.collection(COL.rateLimits).doc(`${kind}:${key}`);
}

function countedOf(snap: FirebaseFirestore.DocumentSnapshot): Counted {
	if (!snap.exists) return NOTHING_COUNTED;
	const ms = (field: string) => (snap.get(field) as Timestamp | undefined)?.toMillis() ?? null;
	return {
		lastMs: ms('lastAt'),
		count: (snap.get('count') as number | undefined) ?? 0,
		sinceMs: ms('since')
	};
}

/**
 * From the counter's snapshot (read in the transaction with its other reads): how long the
 * caller must wait (null: allowed), and `count`, the write that counts the action, for once the
 * action is certain (after every read of the transaction).
 */
export function limitCheck(
	tx: Transaction,
	snap: FirebaseFirestore.DocumentSnapshot,
	limit: ServerLimit,
	nowMs: number
) {
	const counted = countedOf(snap);
	const wait = limitWait(counted, limit, nowMs);
	const count = () => {
		const next = countedAfter(counted, limit, nowMs);
		tx.set(snap.ref, {
			lastAt: Timestamp.fromMillis(next.lastMs!),
			count: next.count,
			since: Timestamp.fromMillis(next.sinceMs!)
		});
	};
	return { wait, count };
}
