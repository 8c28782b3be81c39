/** `wallets/{uid}` and the owner's ledger entries (both server-written, owner-readable). */
import { collection, doc, limit, orderBy, query, where } from 'firebase/firestore';
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
