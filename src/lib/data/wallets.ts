/** `wallets/{uid}` and the owner's ledger entries (both server-written, owner-readable). */
import { collection, doc } from 'firebase/firestore';
import { ACCOUNTS } from '$shared/paths';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import { QUERIES } from '$shared/queries';
import type { LedgerEntryDoc, WalletDoc } from '$shared/types';
import { firebase } from '$lib/firebase/app';
import { converter, type WithId } from '$lib/firebase/convert';
import { shapedQuery } from '$lib/firebase/shaped-query';

export type LedgerEntry = WithId<LedgerEntryDoc>;

export function walletRef(uid: string) {
	return doc(firebase().db, COL.wallets, uid).withConverter(converter<WalletDoc>());
}

/** The wallet history: the owner's entries on their wallet account, newest first. */
export function walletHistoryQuery(uid: string) {
	return shapedQuery(
		collection(firebase().db, COL.ledger).withConverter(converter<LedgerEntryDoc>()),
		QUERIES.walletHistory,
		{ eq: { ownerUid: uid, account: ACCOUNTS.wallet(uid) } },
		LIMITS.pageMax
	);
}

/**
 * Earnings since `since`, newest first, bounded: an independent operator's own payee entries,
 * or (for a group owner) the group's, each carrying the operator it came from.
 */
export function earningsQuery(who: { operatorUid: string } | { groupId: string }, since: Date) {
	const entries = collection(firebase().db, COL.ledger).withConverter(converter<LedgerEntryDoc>());
	const range = { '>=': since };
	return 'groupId' in who
		? shapedQuery(
				entries,
				QUERIES.groupEarnings,
				{ eq: { groupId: who.groupId, account: ACCOUNTS.groupPayee(who.groupId) }, range },
				LIMITS.pageMax
			)
		: shapedQuery(
				entries,
				QUERIES.operatorEarnings,
				{
					eq: { ownerUid: who.operatorUid, account: ACCOUNTS.operatorPayee(who.operatorUid) },
					range
				},
				LIMITS.pageMax
			);
}
