/** users/{uid}: the owner and admins read; the owner signs up as a customer, then edits. */
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
	updateDoc,
	type DocumentData
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

const stored = (name: string, email: string): DocumentData => ({
	displayName: name,
	email,
	role: 'customer',
	groupId: null,
	avatarVersion: 2,
	createdAt: PAST,
	updatedAt: PAST
});

/** What createUserDoc in src/lib/data/users.ts writes at sign-up. */
const signUp = (overrides: DocumentData = {}): DocumentData => ({
	displayName: 'Alice Moreau',
	email: 'alice@parley.test',
	role: 'customer',
	groupId: null,
	avatarVersion: 0,
	createdAt: serverTimestamp(),
	updatedAt: serverTimestamp(),
	...overrides
});

const alice = () => customer('alice');

describe('users/{uid} reads', () => {
	beforeEach(async () => {
		await seed({
			'users/alice': stored('Alice', 'alice@parley.test'),
			'users/bob': stored('Bob', 'bob@parley.test')
		});
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a stranger', db: () => customer('bob'), allowed: false },
		{ who: 'an operator', db: () => operator('olga', 'g1'), allowed: false },
		{ who: 'a group owner', db: () => groupOwner('gina', 'g1'), allowed: false },
		{ who: 'the owner', db: alice, allowed: true },
		{ who: 'an admin', db: admin, allowed: true }
	])('get by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'users/alice')));
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a customer', db: alice, allowed: false },
		{ who: 'a group owner', db: () => groupOwner('gina', 'g1'), allowed: false },
		{ who: 'an admin', db: admin, allowed: true }
	])('list (limit 100) by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDocs(query(collection(db(), 'users'), limit(100))));
	});

	it('refuses an admin an unbounded list (no limit, or limit 101)', async () => {
		await assertFails(getDocs(collection(admin(), 'users')));
		await assertFails(getDocs(query(collection(admin(), 'users'), limit(101))));
		await assertSucceeds(getDocs(query(collection(admin(), 'users'), limit(100))));
	});
});

describe('users/{uid} create', () => {
	it('lets the owner create their customer document, as createUserDoc does', async () => {
		await assertSucceeds(setDoc(doc(alice(), 'users/alice'), signUp()));
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a stranger', db: () => customer('bob'), allowed: false },
		{ who: 'an admin', db: admin, allowed: false },
		{ who: 'the owner', db: alice, allowed: true }
	])('create of users/alice by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, setDoc(doc(db(), 'users/alice'), signUp()));
	});

	it.each([
		['role admin', { role: 'admin' }],
		['role operator', { role: 'operator' }],
		['role groupOwner', { role: 'groupOwner' }],
		['a groupId', { groupId: 'g1' }],
		['avatarVersion 1', { avatarVersion: 1 }],
		['someone else’s email', { email: 'bob@parley.test' }],
		['an empty displayName', { displayName: '' }],
		['a 61-character displayName', { displayName: 'x'.repeat(61) }],
		['a non-string displayName', { displayName: 42 }],
		['a past createdAt', { createdAt: PAST }],
		['a past updatedAt', { updatedAt: PAST }],
		['an extra key', { balance: 100000 }]
	])('refuses a sign-up with %s', async (_what, overrides) => {
		await assertFails(setDoc(doc(alice(), 'users/alice'), signUp(overrides)));
		await assertSucceeds(setDoc(doc(alice(), 'users/alice'), signUp()));
	});

	it('refuses a sign-up missing a key', async () => {
		const { avatarVersion: _dropped, ...partial } = signUp();
		await assertFails(setDoc(doc(alice(), 'users/alice'), partial));
		await assertSucceeds(setDoc(doc(alice(), 'users/alice'), signUp()));
	});

	it('accepts a 60-character displayName', async () => {
		await assertSucceeds(
			setDoc(doc(alice(), 'users/alice'), signUp({ displayName: 'x'.repeat(60) }))
		);
	});
});

describe('users/{uid} update', () => {
	beforeEach(async () => {
		await seed({ 'users/alice': stored('Alice', 'alice@parley.test') });
	});

	const rename = (overrides: DocumentData = {}): DocumentData => ({
		displayName: 'Alice M.',
		updatedAt: serverTimestamp(),
		...overrides
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a stranger', db: () => customer('bob'), allowed: false },
		{ who: 'a group owner', db: () => groupOwner('gina', 'g1'), allowed: false },
		{ who: 'an admin', db: admin, allowed: false },
		{ who: 'the owner', db: alice, allowed: true }
	])('rename (as updateDisplayName does) by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, updateDoc(doc(db(), 'users/alice'), rename()));
	});

	it.each([
		['their own role to admin', { role: 'admin' }],
		['their own role to operator', { role: 'operator' }],
		['their own groupId', { groupId: 'g1' }],
		['their email', { email: 'other@parley.test' }],
		['createdAt', { createdAt: serverTimestamp() }],
		['an extra key', { balance: 100000 }],
		['an empty displayName', { displayName: '' }],
		['a 61-character displayName', { displayName: 'x'.repeat(61) }],
		['a past updatedAt', { updatedAt: PAST }],
		['a lower avatarVersion', { avatarVersion: 1 }],
		['a fractional avatarVersion', { avatarVersion: 2.5 }]
	])('refuses the owner changing %s', async (_what, overrides) => {
		await assertFails(updateDoc(doc(alice(), 'users/alice'), rename(overrides)));
		await assertSucceeds(updateDoc(doc(alice(), 'users/alice'), rename()));
	});

	it('lets the owner raise avatarVersion, not lower it', async () => {
		await assertFails(updateDoc(doc(alice(), 'users/alice'), rename({ avatarVersion: 1 })));
		await assertSucceeds(updateDoc(doc(alice(), 'users/alice'), rename({ avatarVersion: 3 })));
	});

	it('accepts the avatar version write of setUserAvatarVersion (a millisecond clock)', async () => {
		const version = Date.now();
		const bump = (avatarVersion: number) => ({ avatarVersion, updatedAt: serverTimestamp() });
		await assertSucceeds(updateDoc(doc(alice(), 'users/alice'), bump(version)));
		await assertFails(updateDoc(doc(alice(), 'users/alice'), bump(version - 1)));
		await assertFails(updateDoc(doc(customer('bob'), 'users/alice'), bump(version + 1)));
	});

	it('refuses an update that leaves updatedAt as it was', async () => {
		await assertFails(updateDoc(doc(alice(), 'users/alice'), { displayName: 'Alice M.' }));
		await assertSucceeds(updateDoc(doc(alice(), 'users/alice'), rename()));
	});

	it('refuses a full overwrite that promotes the owner to admin', async () => {
		const promoted = {
			...stored('Alice', 'alice@parley.test'),
			role: 'admin',
			updatedAt: serverTimestamp()
		};
		await assertFails(setDoc(doc(alice(), 'users/alice'), promoted));
		const same = { ...stored('Alice', 'alice@parley.test'), updatedAt: serverTimestamp() };
		await assertSucceeds(setDoc(doc(alice(), 'users/alice'), same));
	});
});

describe('users/{uid} delete', () => {
	beforeEach(async () => {
		await seed({ 'users/alice': stored('Alice', 'alice@parley.test') });
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a stranger', db: () => customer('bob'), allowed: false },
		{ who: 'the owner', db: alice, allowed: false },
		{ who: 'an admin', db: admin, allowed: false }
	])('delete by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, deleteDoc(doc(db(), 'users/alice')));
	});
});
