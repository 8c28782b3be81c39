/**
 * The Admin SDK handles of the built functions (functions/lib), so tests read and call the same
 * modules the Functions emulator runs, with firebase-admin resolved from functions/node_modules.
 * They talk to the emulators through FIRESTORE_EMULATOR_HOST / FIREBASE_AUTH_EMULATOR_HOST.
 */
import { expect } from 'vitest';
import { auth, db } from '../../functions/lib/lib/admin.js';

export { auth, db };

export type Data = Record<string, unknown> & { id: string };

/**
 * Every document in the database with its data, by path: any write changes it, and comparing
 * two of them with toEqual names the documents that changed.
 */
export async function fingerprint(): Promise<{ count: number; docs: Record<string, string> }> {
	const docs: Record<string, string> = {};
	type Collections = Awaited<ReturnType<ReturnType<typeof db>['listCollections']>>;
	const walk = async (collections: Collections) => {
		for (const c of collections) {
			for (const d of await c.listDocuments()) {
				const snap = await d.get();
				if (snap.exists) docs[d.path] = JSON.stringify(snap.data());
				await walk(await d.listCollections());
			}
		}
	};
	await walk(await db().listCollections());
	return { count: Object.keys(docs).length, docs };
}

/** Every document of a top-level collection, each with its id. */
export async function all(collection: string): Promise<Data[]> {
	const snap = await db().collection(collection).get();
	return snap.docs.map((d) => ({ ...d.data(), id: d.id }));
}

/** The uid of the account with this email address. */
export async function uidOf(email: string): Promise<string> {
	return (await auth().getUserByEmail(email)).uid;
}

/** Sum of the ledger entries of one account (`wallet:<uid>`, `payee:…`, …). */
export async function entrySum(account: string): Promise<number> {
	const snap = await db().collection('ledger').where('account', '==', account).get();
	return snap.docs.reduce((sum, d) => sum + (d.get('amount') as number), 0);
}

/**
 * Checks the ledger invariants over everything in the emulator: every transfer has entries of
 * whole cents that sum to 0 (I1), every entry belongs to a transfer, and every wallet balance
 * equals the sum of its entries (I2) and is not negative (I3).
 */
export async function expectLedgerConsistent(): Promise<void> {
	const [transfers, entries, wallets] = await Promise.all([
		all('transfers'),
		all('ledger'),
		all('wallets')
	]);
	const byTransfer = new Map<string, Data[]>();
	for (const e of entries) {
		expect(Number.isSafeInteger(e.amount), `entry ${e.id} is whole cents`).toBe(true);
		const list = byTransfer.get(e.transferId as string) ?? [];
		list.push(e);
		byTransfer.set(e.transferId as string, list);
	}
	for (const t of transfers) {
		const own = byTransfer.get(t.id) ?? [];
		expect(own.length, `transfer ${t.id} has entries`).toBeGreaterThanOrEqual(2);
		expect(
			own.reduce((s, e) => s + (e.amount as number), 0),
			`entries of ${t.id} sum to 0`
		).toBe(0);
		byTransfer.delete(t.id);
	}
	expect([...byTransfer.keys()], 'entries without a transfer').toEqual([]);
	for (const w of wallets) {
		expect(w.balance, `wallet ${w.id} balance equals its entries`).toBe(
			await entrySum(`wallet:${w.id}`)
		);
		expect(w.balance as number).toBeGreaterThanOrEqual(0);
	}
}
