/**
 * avatars/{uid}: operators' images are public, customers' are not (the owner and the operator side
 * read them); only the owner writes, and only a small image data URL.
 */
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
	type DocumentData
} from 'firebase/firestore';
import { beforeEach, describe, it } from 'vitest';
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
	signedIn,
	useRulesEnv,
	type Who
} from './setup';

useRulesEnv();

const PNG =
	'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwAD' +
	'hgGAWjR9awAAAABJRU5ErkJggg==';

/** A well-formed JPEG data URL of exactly `chars` characters. */
function jpegOfLength(chars: number): string {
	const prefix = 'data:image/jpeg;base64,';
	return prefix + 'A'.repeat(chars - prefix.length);
}

/** What saveAvatar in src/lib/data/avatars.ts writes. */
const avatar = (overrides: DocumentData = {}): DocumentData => ({
	dataUrl: PNG,
	updatedAt: serverTimestamp(),
	...overrides
});

const alice = () => customer('alice');

describe('avatars/{uid} reads', () => {
	beforeEach(async () => {
		await seed({
			'avatars/alice': { dataUrl: PNG, updatedAt: PAST },
			'avatars/olga': { dataUrl: PNG, updatedAt: PAST },
			'operators/olga': { displayName: 'Olga', listed: true },
			// A former operator: the profile stays (unlisted), and so does its public image.
			'avatars/fred': { dataUrl: PNG, updatedAt: PAST },
			'operators/fred': { displayName: 'Fred', listed: false }
		});
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'another customer', db: () => customer('bob'), allowed: false },
		{ who: 'the owner', db: alice, allowed: true },
		// The operator side is shown its customers' images in the chat window.
		{ who: 'an operator', db: () => operator('olga'), allowed: true },
		{ who: 'a group owner', db: () => groupOwner('gina', 'g1'), allowed: true },
		{ who: 'an admin', db: admin, allowed: true }
	])("get of a customer's image by $who: allowed $allowed", async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'avatars/alice')));
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: true },
		{ who: 'a customer', db: () => customer('bob'), allowed: true },
		{ who: 'the owner', db: () => operator('olga'), allowed: true },
		{ who: 'another operator', db: () => operator('oskar'), allowed: true }
	])("get of an operator's image by $who: allowed $allowed", async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'avatars/olga')));
		await expectAccess(allowed, getDoc(doc(db(), 'avatars/fred')));
	});

	it('an unknown role claim does not open a customer image', async () => {
		await assertFails(getDoc(doc(signedIn('bob', { role: 'superuser' }), 'avatars/alice')));
		// No operator profile, no public image: a missing one is refused like a customer's.
		await assertFails(getDoc(doc(anonymous(), 'avatars/nobody')));
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'the owner', db: alice, allowed: false },
		{ who: 'an admin', db: admin, allowed: false }
	])('list (limit 10) by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDocs(query(collection(db(), 'avatars'), limit(10))));
	});
});

describe('avatars/{uid} writes', () => {
	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a stranger', db: () => customer('bob'), allowed: false },
		{ who: 'an operator', db: () => operator('olga'), allowed: false },
		{ who: 'a group owner', db: () => groupOwner('gina', 'g1'), allowed: false },
		{ who: 'an admin', db: admin, allowed: false },
		{ who: 'the owner', db: alice, allowed: true }
	])('create of avatars/alice by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, setDoc(doc(db(), 'avatars/alice'), avatar()));
	});

	it.each<Who>([
		{ who: 'a stranger', db: () => customer('bob'), allowed: false },
		{ who: 'an admin', db: admin, allowed: false },
		{ who: 'the owner', db: alice, allowed: true }
	])('replacement of an existing avatar by $who: allowed $allowed', async ({ db, allowed }) => {
		await seed({ 'avatars/alice': { dataUrl: PNG, updatedAt: PAST } });
		await expectAccess(
			allowed,
			setDoc(doc(db(), 'avatars/alice'), avatar({ dataUrl: jpegOfLength(64) }))
		);
	});

	it.each([
		['image/jpeg', 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ=='],
		['image/png', PNG],
		['image/webp', 'data:image/webp;base64,UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=='],
		[`exactly ${LIMITS.avatarMaxChars} characters`, jpegOfLength(LIMITS.avatarMaxChars)]
	])('accepts a data URL of %s', async (_what, dataUrl) => {
		await assertSucceeds(setDoc(doc(alice(), 'avatars/alice'), avatar({ dataUrl })));
	});

	it.each([
		[
			`${LIMITS.avatarMaxChars + 1} characters (oversized)`,
			jpegOfLength(LIMITS.avatarMaxChars + 1)
		],
		['an SVG (can carry script)', 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4='],
		['HTML', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
		['a GIF', 'data:image/gif;base64,R0lGODlhAQABAAAAACw='],
		['no base64 marker', 'data:image/png,<svg onload=alert(1)>'],
		['characters outside base64', 'data:image/png;base64,iVBOR<script>'],
		['an empty payload', 'data:image/png;base64,'],
		['a remote URL', 'https://example.com/avatar.png'],
		['a number instead of a string', 12345]
	])('refuses a data URL of %s', async (_what, dataUrl) => {
		await assertFails(setDoc(doc(alice(), 'avatars/alice'), avatar({ dataUrl })));
		await assertSucceeds(setDoc(doc(alice(), 'avatars/alice'), avatar()));
	});

	it.each([
		['an extra key', { public: true }],
		['a past updatedAt', { updatedAt: PAST }],
		['no updatedAt', { updatedAt: undefined }]
	])('refuses an avatar with %s', async (_what, overrides) => {
		const data = Object.fromEntries(
			Object.entries(avatar(overrides)).filter(([, value]) => value !== undefined)
		);
		await assertFails(setDoc(doc(alice(), 'avatars/alice'), data));
		await assertSucceeds(setDoc(doc(alice(), 'avatars/alice'), avatar()));
	});
});

describe('avatars/{uid} delete', () => {
	beforeEach(async () => {
		await seed({ 'avatars/alice': { dataUrl: PNG, updatedAt: PAST } });
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a stranger', db: () => customer('bob'), allowed: false },
		{ who: 'an admin', db: admin, allowed: false },
		{ who: 'the owner', db: alice, allowed: true }
	])('delete by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, deleteDoc(doc(db(), 'avatars/alice')));
	});
});
