/**
 * ledger/{entryId}: immutable entries. Readable by the entry's ownerUid, admins and the owner of
 * the entry's group; lists must be bounded and constrained to what the reader may see.
 */
import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
	collection,
	deleteDoc,
	doc,
	getDoc,
	getDocs,
	limit,
	orderBy,
	query,
	serverTimestamp,
	setDoc,
	updateDoc,
	where,
	type DocumentData,
	type Firestore,
	type QueryConstraint
} from 'firebase/firestore';
import { beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '$shared/config';
import { ACCOUNTS } from '$shared/paths';
import {
	PAST,
	admin,
	anonymous,
	customer,
	expectAccess,
	groupOwner,
	operator,
	seed,
	signedIn,
	useRulesEnv,
	type Who
} from './setup';

useRulesEnv();

function entry(fields: Partial<DocumentData> & { account: string; amount: number }): DocumentData {
	return {
		transferId: 't1',
		kind: 'lockPayment',
		ownerUid: null,
		groupId: null,
		operatorUid: null,
		createdAt: PAST,
		...fields
	};
}

// A lock payment by alice to oskar (group g1, owned by gina), and a top-up of bob.
beforeEach(async () => {
	await seed({
		'ledger/t1_0': entry({ account: ACCOUNTS.wallet('alice'), amount: -1000, ownerUid: 'alice' }),
		'ledger/t1_1': entry({
			account: ACCOUNTS.groupPayee('g1'),
			amount: 700,
			groupId: 'g1',
			operatorUid: 'oskar'
		}),
		'ledger/t1_2': entry({ account: ACCOUNTS.platform(3), amount: 300 }),
		'ledger/t2_0': entry({
			transferId: 't2',
			kind: 'topUp',
			account: ACCOUNTS.externalTopUp('demo'),
			amount: -2000
		}),
		'ledger/t2_1': entry({
			transferId: 't2',
			kind: 'topUp',
			account: ACCOUNTS.wallet('bob'),
			amount: 2000,
			ownerUid: 'bob'
		}),
		// A lock payment to sol, an independent operator: his own payee account, his to read.
		'ledger/t4_1': entry({
			transferId: 't4',
			account: ACCOUNTS.operatorPayee('sol'),
			amount: 350,
			ownerUid: 'sol',
			operatorUid: 'sol'
		}),
		'ledger/t5_1': entry({
			transferId: 't5',
			account: ACCOUNTS.operatorPayee('vega'),
			amount: 700,
			ownerUid: 'vega',
			operatorUid: 'vega'
		}),
		'ledger/t3_1': entry({
			transferId: 't3',
			account: ACCOUNTS.groupPayee('g2'),
			amount: 700,
			groupId: 'g2',
			operatorUid: 'ivan'
		})
	});
});

const alice = () => customer('alice');
const gina = () => groupOwner('gina', 'g1');

function list(db: Firestore, ...constraints: QueryConstraint[]) {
	return getDocs(query(collection(db, 'ledger'), ...constraints));
}

describe('ledger get', () => {
	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a stranger', db: () => customer('bob'), allowed: false },
		{ who: 'the group owner of another entry', db: gina, allowed: false },
		{ who: 'its owner', db: alice, allowed: true },
		{ who: 'an admin', db: admin, allowed: true }
	])('get of alice’s entry by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'ledger/t1_0')));
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'the paying customer', db: alice, allowed: false },
		{
			who: 'the operator of g1 (the group is paid, not him)',
			db: () => operator('oskar', 'g1'),
			allowed: false
		},
		{ who: 'the owner of g2', db: () => groupOwner('gus', 'g2'), allowed: false },
		{ who: 'the owner of g1', db: gina, allowed: true },
		{ who: 'an admin', db: admin, allowed: true }
	])('get of g1’s payee entry by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'ledger/t1_1')));
	});

	it('shows entries without an owner (platform, external) to admins only', async () => {
		await assertFails(getDoc(doc(anonymous(), 'ledger/t1_2')));
		await assertFails(getDoc(doc(alice(), 'ledger/t1_2')));
		await assertFails(getDoc(doc(gina(), 'ledger/t2_0')));
		await assertFails(getDoc(doc(signedIn('gil', { role: 'groupOwner' }), 'ledger/t1_2')));
		await assertSucceeds(getDoc(doc(admin(), 'ledger/t1_2')));
	});
});

describe('ledger list', () => {
	it('accepts the wallet history query of src/lib/data/wallets.ts', async () => {
		const snap = await assertSucceeds(
			list(
				alice(),
				where('ownerUid', '==', 'alice'),
				where('account', '==', ACCOUNTS.wallet('alice')),
				orderBy('createdAt', 'desc'),
				limit(LIMITS.pageMax)
			)
		);
		expect(snap.size).toBe(1);
	});

	it('refuses the owner an unbounded list (no limit, or limit 101)', async () => {
		const mine = where('ownerUid', '==', 'alice');
		await assertFails(list(alice(), mine));
		await assertFails(list(alice(), mine, limit(101)));
		await assertSucceeds(list(alice(), mine, limit(100)));
	});

	it('refuses a list without the ownerUid filter', async () => {
		await assertFails(list(alice(), where('account', '==', ACCOUNTS.wallet('alice')), limit(100)));
		await assertFails(list(alice(), limit(100)));
		await assertSucceeds(list(alice(), where('ownerUid', '==', 'alice'), limit(100)));
	});

	it('refuses a list of someone else’s entries', async () => {
		await assertFails(list(alice(), where('ownerUid', '==', 'bob'), limit(100)));
		await assertFails(list(anonymous(), where('ownerUid', '==', 'alice'), limit(100)));
		await assertSucceeds(list(customer('bob'), where('ownerUid', '==', 'bob'), limit(100)));
	});

	it('lets a group owner list its group’s entries, bounded, and no other group’s', async () => {
		const snap = await assertSucceeds(list(gina(), where('groupId', '==', 'g1'), limit(100)));
		expect(snap.size).toBe(1);
		await assertFails(list(gina(), where('groupId', '==', 'g2'), limit(100)));
		await assertFails(list(gina(), where('groupId', '==', 'g1')));
		await assertFails(list(gina(), where('groupId', '==', 'g1'), limit(101)));
		await assertFails(list(gina(), limit(100)));
	});

	it('refuses an operator listing its group’s entries', async () => {
		await assertFails(list(operator('oskar', 'g1'), where('groupId', '==', 'g1'), limit(100)));
		await assertFails(
			list(operator('oskar', 'g1'), where('operatorUid', '==', 'oskar'), limit(100))
		);
	});

	it('accepts the earnings queries of an independent operator and of a group owner', async () => {
		const sol = operator('sol');
		const mine = await assertSucceeds(
			list(
				sol,
				where('ownerUid', '==', 'sol'),
				where('account', '==', ACCOUNTS.operatorPayee('sol')),
				orderBy('createdAt', 'desc'),
				limit(LIMITS.pageMax)
			)
		);
		expect(mine.docs.map((d) => d.id)).toEqual(['t4_1']);
		await assertSucceeds(getDoc(doc(sol, 'ledger/t4_1')));
		// Not another operator's earnings, nor the customer's side of its payments.
		await assertFails(getDoc(doc(sol, 'ledger/t5_1')));
		await assertFails(list(sol, where('ownerUid', '==', 'vega'), limit(100)));
		await assertFails(getDoc(doc(sol, 'ledger/t1_0')));
		const group = await assertSucceeds(
			list(
				gina(),
				where('groupId', '==', 'g1'),
				where('account', '==', ACCOUNTS.groupPayee('g1')),
				orderBy('createdAt', 'desc'),
				limit(LIMITS.pageMax)
			)
		);
		expect(group.docs.map((d) => d.get('operatorUid'))).toEqual(['oskar']);
		await assertFails(getDoc(doc(gina(), 'ledger/t4_1')));
	});

	it('lets an admin list everything, bounded', async () => {
		const snap = await assertSucceeds(list(admin(), limit(LIMITS.pageMax)));
		expect(snap.size).toBe(8);
		await assertFails(list(admin()));
		await assertFails(list(admin(), limit(101)));
	});
});

describe('ledger writes', () => {
	const writers: Who[] = [
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'the owner', db: alice, allowed: false },
		{ who: 'a group owner', db: gina, allowed: false },
		{ who: 'an admin', db: admin, allowed: false }
	];

	it.each(writers)('create of an entry crediting alice by $who: denied', async ({ db }) => {
		const credit = entry({
			transferId: 'forged',
			kind: 'topUp',
			account: ACCOUNTS.wallet('alice'),
			amount: 100000,
			ownerUid: 'alice',
			createdAt: serverTimestamp()
		});
		await assertFails(setDoc(doc(db(), 'ledger/forged_0'), credit));
	});

	it.each(writers)('update of alice’s entry by $who: denied', async ({ db }) => {
		await assertFails(updateDoc(doc(db(), 'ledger/t1_0'), { amount: 0 }));
		await assertFails(updateDoc(doc(db(), 'ledger/t1_1'), { groupId: 'g2' }));
	});

	it.each(writers)('delete of alice’s entry by $who: denied', async ({ db }) => {
		await assertFails(deleteDoc(doc(db(), 'ledger/t1_0')));
	});
});
