/** groups/{groupId}: read by admins, the group's owner and its operators; written by the server. */
import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
	collection,
	deleteDoc,
	doc,
	getDoc,
	getDocs,
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
	signedIn,
	useRulesEnv,
	type Who
} from './setup';

useRulesEnv();

beforeEach(async () => {
	await seed({
		'groups/g1': { name: 'Stellar Guides', ownerUid: 'gina', createdAt: PAST },
		'groups/g2': { name: 'Clear Path', ownerUid: 'gus', createdAt: PAST }
	});
});

const gina = () => groupOwner('gina', 'g1');

describe('groups/{groupId} reads', () => {
	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a customer', db: () => customer('alice'), allowed: false },
		{ who: 'an independent operator', db: () => operator('olga'), allowed: false },
		{ who: 'an operator of g2', db: () => operator('ivan', 'g2'), allowed: false },
		{ who: 'the owner of g2', db: () => groupOwner('gus', 'g2'), allowed: false },
		{
			who: 'a customer carrying a g1 claim without a role',
			db: () => signedIn('eve', { groupId: 'g1' }),
			allowed: false
		},
		{ who: 'an operator of g1', db: () => operator('oskar', 'g1'), allowed: true },
		{ who: 'the owner of g1', db: gina, allowed: true },
		{ who: 'an admin', db: admin, allowed: true }
	])('get of g1 by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'groups/g1')));
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a customer', db: () => customer('alice'), allowed: false },
		{ who: 'the owner of g1', db: gina, allowed: false },
		{ who: 'an admin', db: admin, allowed: true }
	])('list (limit 100) by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDocs(query(collection(db(), 'groups'), limit(100))));
	});

	it('refuses an admin an unbounded list (no limit, or limit 101)', async () => {
		await assertFails(getDocs(collection(admin(), 'groups')));
		await assertFails(getDocs(query(collection(admin(), 'groups'), limit(101))));
		await assertSucceeds(getDocs(query(collection(admin(), 'groups'), limit(100))));
	});
});

describe('groups/{groupId} writes', () => {
	const writers: Who[] = [
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a customer', db: () => customer('alice'), allowed: false },
		{ who: 'an operator of g1', db: () => operator('oskar', 'g1'), allowed: false },
		{ who: 'the owner of g1', db: gina, allowed: false },
		{ who: 'an admin', db: admin, allowed: false }
	];

	it.each(writers)('create by $who: denied', async ({ db }) => {
		const group = { name: 'New', ownerUid: 'alice', createdAt: serverTimestamp() };
		await assertFails(setDoc(doc(db(), 'groups/g3'), group));
	});

	it.each(writers)('update of g1 by $who: denied', async ({ db }) => {
		await assertFails(updateDoc(doc(db(), 'groups/g1'), { name: 'Renamed' }));
		await assertFails(updateDoc(doc(db(), 'groups/g1'), { ownerUid: 'alice' }));
	});

	it.each(writers)('delete of g1 by $who: denied', async ({ db }) => {
		await assertFails(deleteDoc(doc(db(), 'groups/g1')));
	});
});
