/**
 * Server-side abuse limits, counted in server-only `rateLimits/{kind}:{key}` documents
 * (RateLimitDoc) inside the transaction of the action they limit: two actions at the same moment
 * both write the counter, so they conflict there and the retried one sees the other's count.
 * The decisions are shared/meters.ts (limitWait, countedAfter).
 */
import {
	Timestamp,
	type DocumentSnapshot,
	type Firestore,
	type Transaction
} from 'firebase-admin/firestore';
import {
	countedAfter,
	limitWait,
	NOTHING_COUNTED,
	type Counted,
	type ServerLimit
} from '../shared/meters.js';
import { rateLimitDocRef, type ServerDoc } from './refs.js';
import type { RateLimitDoc } from '../shared/types.js';

export type LimitKind = 'ring' | 'feedback';

type RateLimit = ServerDoc<RateLimitDoc<Timestamp>>;

export function rateLimitRef(db: Firestore, kind: LimitKind, key: string) {
	return rateLimitDocRef(db, `${kind}:${key}`);
}

function countedOf(snap: DocumentSnapshot<RateLimit, RateLimit>): Counted {
	const counted = snap.data();
	if (!counted) return NOTHING_COUNTED;
	return {
		lastMs: counted.lastAt?.toMillis() ?? null,
		count: counted.count ?? 0,
		sinceMs: counted.since?.toMillis() ?? null
	};
}

/**
 * From the counter's snapshot (read in the transaction with its other reads): how long the
 * caller must wait (null: allowed), and `count`, the write that counts the action, for once the
 * action is certain (after every read of the transaction).
 */
export function limitCheck(
	tx: Transaction,
	snap: DocumentSnapshot<RateLimit, RateLimit>,
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
