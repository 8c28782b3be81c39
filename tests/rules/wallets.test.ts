/** wallets/{uid}: the owner and admins read a balance; only the server moves money. */
import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
	collection,
	deleteDoc,
	doc,
	getDoc,
	getDocs,
	increment,
	limit,
	query,
	serverTimestamp,
	setDoc,
	updateDoc
} from 'firebase/firestore';
import { beforeEach, describe, it } from 'vitest';
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

beforeEach(async () => {
	await seed({
		'wallets/alice': { balance: 5000, updatedAt: PAST },
		'wallets/bob': { balance: 2000, updatedAt: PAST }
	});
});

const alice = () => customer('alice');

describe('wallets/{uid} reads', () => {
	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a stranger', db: () => customer('bob'), allowed: false },
		{ who: 'an operator', db: () => operator('olga'), allowed: false },
		{ who: 'a group owner', db: () => groupOwner('gina', 'g1'), allowed: false },
		{ who: 'the owner', db: alice, allowed: true },
		{ who: 'an admin', db: admin, allowed: true }
	])('get of alice’s wallet by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'wallets/alice')));
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a customer', db: alice, allowed: false },
		{ who: 'a group owner', db: () => groupOwner('gina', 'g1'), allowed: false },
		{ who: 'an admin', db: admin, allowed: true }
	])('list (limit 100) by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDocs(query(collection(db(), 'wallets'), limit(100))));
	});

	it('refuses an admin an unbounded list (no limit, or limit 101)', async () => {
		await assertFails(getDocs(collection(admin(), 'wallets')));
		await assertFails(getDocs(query(collection(admin(), 'wallets'), limit(101))));
		await assertSucceeds(getDocs(query(collection(admin(), 'wallets'), limit(100))));
	});
});

describe('wallets/{uid} writes', () => {
	const writers: Who[] = [
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a stranger', db: () => customer('bob'), allowed: false },
		{ who: 'the owner', db: alice, allowed: false },
		{ who: 'an admin', db: admin, allowed: false }
	];

	it.each(writers)('top-up of alice’s wallet by $who: denied', async ({ db }) => {
		await assertFails(updateDoc(doc(db(), 'wallets/alice'), { balance: 1_000_000 }));
		await assertFails(
			updateDoc(doc(db(), 'wallets/alice'), {
				balance: increment(100),
				updatedAt: serverTimestamp()
			})
		);
		await assertFails(
			setDoc(doc(db(), 'wallets/alice'), { balance: 1_000_000, updatedAt: serverTimestamp() })
		);
	});

	it.each(writers)('delete of alice’s wallet by $who: denied', async ({ db }) => {
		await assertFails(deleteDoc(doc(db(), 'wallets/alice')));
	});

	it('refuses a new customer creating their own wallet', async () => {
		const carl = customer('carl');
		await assertFails(
			setDoc(doc(carl, 'wallets/carl'), { balance: 100, updatedAt: serverTimestamp() })
		);
		await assertFails(
			setDoc(doc(carl, 'wallets/carl'), { balance: 0, updatedAt: serverTimestamp() })
		);
	});
});
