/** transfers/{id}: readable by the transfer's readers and admins; written only by the server. */
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
import {
	PAST,
	admin,
	anonymous,
	customer,
	expectAccess,
	groupOwner,
	operator,
	seed,
	useRulesEnv,
	type Who
} from './setup';

useRulesEnv();

function transfer(fields: Partial<DocumentData> & { readers: string[] }): DocumentData {
	return {
		kind: 'lockPayment',
		amount: 1000,
		key: 'lock-1',
		sessionId: 's1',
		lockId: 'lock-1',
		createdAt: PAST,
		...fields
	};
}

beforeEach(async () => {
	await seed({
		'transfers/t1': transfer({ readers: ['alice', 'oskar', 'gina'] }),
		'transfers/t2': transfer({
			kind: 'topUp',
			key: 'demo:1',
			sessionId: null,
			lockId: null,
			readers: ['bob']
		})
	});
});

const alice = () => customer('alice');

function list(db: Firestore, ...constraints: QueryConstraint[]) {
	return getDocs(query(collection(db, 'transfers'), ...constraints));
}

describe('transfers get', () => {
	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a stranger', db: () => customer('bob'), allowed: false },
		{ who: 'an operator who is not a reader', db: () => operator('ivan', 'g2'), allowed: false },
		{ who: 'a reader (customer)', db: alice, allowed: true },
		{ who: 'a reader (operator)', db: () => operator('oskar', 'g1'), allowed: true },
		{ who: 'a reader (group owner)', db: () => groupOwner('gina', 'g1'), allowed: true },
		{ who: 'an admin', db: admin, allowed: true }
	])('get of t1 by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'transfers/t1')));
	});
});

describe('transfers list', () => {
	it('lets a reader list its transfers, bounded and filtered by readers', async () => {
		const mine = where('readers', 'array-contains', 'alice');
		const snap = await assertSucceeds(
			list(alice(), mine, orderBy('createdAt', 'desc'), limit(LIMITS.pageMax))
		);
		expect(snap.size).toBe(1);
		await assertFails(list(alice(), mine));
		await assertFails(list(alice(), mine, limit(101)));
	});

	it('refuses a list without the readers filter, or with someone else’s uid', async () => {
		await assertFails(list(alice(), limit(100)));
		await assertFails(list(alice(), where('kind', '==', 'topUp'), limit(100)));
		await assertFails(list(alice(), where('readers', 'array-contains', 'bob'), limit(100)));
		await assertFails(list(anonymous(), where('readers', 'array-contains', 'alice'), limit(100)));
		await assertSucceeds(
			list(customer('bob'), where('readers', 'array-contains', 'bob'), limit(100))
		);
	});

	it('lets an admin list everything, bounded', async () => {
		const snap = await assertSucceeds(list(admin(), limit(LIMITS.pageMax)));
		expect(snap.size).toBe(2);
		await assertFails(list(admin()));
		await assertFails(list(admin(), limit(101)));
	});
});

describe('transfers writes', () => {
	const writers: Who[] = [
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a reader', db: alice, allowed: false },
		{ who: 'a group owner', db: () => groupOwner('gina', 'g1'), allowed: false },
		{ who: 'an admin', db: admin, allowed: false }
	];

	it.each(writers)('create of a transfer by $who: denied', async ({ db }) => {
		const forged = transfer({
			kind: 'refund',
			key: 'forged',
			readers: ['alice'],
			createdAt: serverTimestamp()
		});
		await assertFails(setDoc(doc(db(), 'transfers/forged'), forged));
	});

	it.each(writers)('update of t1 by $who: denied', async ({ db }) => {
		await assertFails(updateDoc(doc(db(), 'transfers/t1'), { amount: 0 }));
		await assertFails(updateDoc(doc(db(), 'transfers/t1'), { readers: ['alice', 'mallory'] }));
	});

	it.each(writers)('delete of t1 by $who: denied', async ({ db }) => {
		await assertFails(deleteDoc(doc(db(), 'transfers/t1')));
	});
});
