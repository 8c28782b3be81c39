/** `wallets/{uid}` and the owner's ledger entries (both server-written, owner-readable). */
import { collection, doc, limit, orderBy, query, where } from 'firebase/firestore';
import { ACCOUNTS } from '$shared/paths';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import type { LedgerEntryDoc, WalletDoc } from '$shared/types';
import { firebase } from '$lib/firebase/app';
import { converter, type WithId } from '$lib/firebase/convert';

export type LedgerEntry = WithId<LedgerEntryDoc>;

export function walletRef(uid: string) {
	return doc(firebase().db, COL.wallets, uid).withConverter(converter<WalletDoc>());
}

/** The wallet history: the owner's entries on their wallet account, newest first. */
export function walletHistoryQuery(uid: string) {
	return query(
		collection(firebase().db, COL.ledger).withConverter(converter<LedgerEntryDoc>()),
		where('ownerUid', '==', uid),
		where('account', '==', `wallet:${uid}`),
		orderBy('createdAt', 'desc'),
		limit(LIMITS.pageMax)
	);
}

/**
 * Earnings since `since`, newest first, bounded: an independent operator's own payee entries,
 * or (for a group owner) the group's, each carrying the operator it came from.
 */
export function earningsQuery(who: { operatorUid: string } | { groupId: string }, since: Date) {
	const entries = collection(firebase().db, COL.ledger).withConverter(converter<LedgerEntryDoc>());
	const owner =
		'groupId' in who
			? [
					where('groupId', '==', who.groupId),
					where('account', '==', ACCOUNTS.groupPayee(who.groupId))
				]
			: [
					where('ownerUid', '==', who.operatorUid),
					where('account', '==', ACCOUNTS.operatorPayee(who.operatorUid))
				];
	return query(
		entries,
		...owner,
		where('createdAt', '>=', since),
		orderBy('createdAt', 'desc'),
		limit(LIMITS.pageMax)
	);
}
