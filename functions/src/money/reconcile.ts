/**
 * Ledger reconciliation (admin): every wallet balance is recomputed from its entries (I2), every
 * transfer must have entries summing to zero (I1), every entry a transfer, no wallet below zero
 * (I3). Collections are read page by page; memory holds sums per account and per transfer.
 *
 * Reading pages is not one snapshot: an unlock committing meanwhile could show a wallet and its
 * entries at different moments. Each wallet found mismatched is therefore checked again inside a
 * transaction (the wallet and its entries read together) before it is reported.
 */
import type {
	DocumentData,
	Firestore,
	FirestoreDataConverter,
	QueryDocumentSnapshot
} from 'firebase-admin/firestore';
import type { ReconcileReport } from '../shared/callables.js';
import { ACCOUNTS } from '../shared/paths.js';
import { QUERIES } from '../shared/queries.js';
import { shapedQuery } from '../lib/shaped-query.js';
import { CONVERTERS, typedQuery, walletRef } from '../lib/refs.js';

const PAGE = 500;

/** Every document of a collection, page by page in document-id order. */
async function forEachPage<D extends DocumentData>(
	db: Firestore,
	shape: typeof QUERIES.ledgerPages | typeof QUERIES.transferPages | typeof QUERIES.walletPages,
	converter: FirestoreDataConverter<D, D>,
	visit: (docs: QueryDocumentSnapshot<D, D>[]) => void
): Promise<void> {
	const base = typedQuery(shapedQuery(db, shape, {}), converter);
	let query = base.limit(PAGE);
	for (;;) {
		const snap = await query.get();
		visit(snap.docs);
		if (snap.size < PAGE) return;
		query = base.startAfter(snap.docs[snap.size - 1]!.id).limit(PAGE);
	}
}

type Kind = keyof ReconcileReport['totals'];

function kindOf(account: string): Kind {
	const prefix = account.slice(0, account.indexOf(':'));
	return prefix === 'wallet' || prefix === 'payee' || prefix === 'platform' || prefix === 'external'
		? prefix
		: 'other';
}

/** Exact sum (amounts are safe integers, their sum may not be). */
function add(map: Map<string, bigint>, key: string, amount: number) {
	map.set(key, (map.get(key) ?? 0n) + BigInt(Number.isSafeInteger(amount) ? amount : 0));
}

export async function reconcile(db: Firestore): Promise<ReconcileReport> {
	const byAccount = new Map<string, bigint>();
	const byTransfer = new Map<string, bigint>();
	const entryCount = new Map<string, number>();
	let entriesChecked = 0;
	/** Transfers with an entry that is not whole cents. */
	const badAmounts = new Set<string>();
	await forEachPage(db, QUERIES.ledgerPages, CONVERTERS.ledgerEntry, (docs) => {
		for (const doc of docs) {
			entriesChecked += 1;
			const e = doc.data();
			const amount: number = e.amount;
			const transferId = e.transferId;
			if (!Number.isSafeInteger(amount)) badAmounts.add(transferId);
			add(byAccount, e.account, amount);
			add(byTransfer, transferId, amount);
			entryCount.set(transferId, (entryCount.get(transferId) ?? 0) + 1);
		}
	});

	const transferIds = new Set<string>();
	await forEachPage(db, QUERIES.transferPages, CONVERTERS.transfer, (docs) => {
		for (const t of docs) transferIds.add(t.id);
	});
	const unbalancedTransfers: ReconcileReport['unbalancedTransfers'] = [];
	for (const id of transferIds) {
		const sum = byTransfer.get(id) ?? 0n;
		const entries = entryCount.get(id) ?? 0;
		if (sum !== 0n || entries < 2 || badAmounts.has(id)) {
			unbalancedTransfers.push({ transferId: id, sum: Number(sum), entries });
		}
	}
	// Entries of a transfer that does not exist: listed one by one (a rare, targeted read).
	const orphanEntries: string[] = [];
	for (const transferId of byTransfer.keys()) {
		if (transferIds.has(transferId)) continue;
		const snap = await shapedQuery(db, QUERIES.transferEntries, { eq: { transferId } }).get();
		orphanEntries.push(...snap.docs.map((d) => d.id));
	}

	const stored = new Map<string, number>();
	await forEachPage(db, QUERIES.walletPages, CONVERTERS.wallet, (docs) => {
		for (const w of docs) stored.set(w.id, w.data().balance);
	});
	// Wallets with entries but no document count too (stored 0).
	const walletUids = new Set(stored.keys());
	for (const account of byAccount.keys()) {
		if (account.startsWith('wallet:')) walletUids.add(account.slice('wallet:'.length));
	}
	const mismatches: ReconcileReport['mismatches'] = [];
	const negativeWallets: string[] = [];
	for (const uid of [...walletUids].sort()) {
		const s = stored.get(uid) ?? 0;
		if (s < 0) negativeWallets.push(uid);
		const computed = Number(byAccount.get(`wallet:${uid}`) ?? 0n);
		if (s === computed) continue;
		const recheck = await recheckWallet(db, uid);
		if (recheck.stored !== recheck.computed) mismatches.push({ uid, ...recheck });
	}

	const totals: ReconcileReport['totals'] = {
		wallet: 0,
		payee: 0,
		platform: 0,
		external: 0,
		other: 0
	};
	const exact = new Map<Kind, bigint>();
	for (const [account, sum] of byAccount) {
		const kind = kindOf(account);
		exact.set(kind, (exact.get(kind) ?? 0n) + sum);
	}
	for (const [kind, sum] of exact) totals[kind] = Number(sum);

	return {
		walletsChecked: walletUids.size,
		transfersChecked: transferIds.size,
		entriesChecked,
		mismatches,
		unbalancedTransfers,
		orphanEntries,
		negativeWallets,
		totals,
		clean:
			mismatches.length === 0 &&
			unbalancedTransfers.length === 0 &&
			orphanEntries.length === 0 &&
			negativeWallets.length === 0
	};
}

/** One wallet and its entries read in one transaction: a consistent view of that account. */
async function recheckWallet(db: Firestore, uid: string) {
	return db.runTransaction(
		async (tx) => {
			const wallet = await tx.get(walletRef(db, uid));
			const entries = await tx.get(
				typedQuery(
					shapedQuery(db, QUERIES.accountEntries, { eq: { account: ACCOUNTS.wallet(uid) } }),
					CONVERTERS.ledgerEntry
				)
			);
			const computed = entries.docs.reduce((s, e) => s + BigInt(e.data().amount), 0n);
			return {
				stored: wallet.exists ? wallet.data()!.balance : 0,
				computed: Number(computed)
			};
		},
		{ readOnly: true }
	);
}
