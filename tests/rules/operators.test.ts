/**
 * operators/{uid}: public profiles. Anyone reads; lists are bounded and limited to listed
 * operators (admins and group owners see unlisted ones too); only the profile fields are
 * editable, by the operator, its group's owner or an admin.
 */
import { readFileSync } from 'node:fs';
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
import { CATEGORIES } from '$shared/categories';
import { LIMITS } from '$shared/config';
import { STATUS_RANK } from '$shared/types';
import {
	PAST,
	RULES_PATH,
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

/** A stored profile as the server writes it (applyRole in functions/src/admin/accounts.ts). */
function profile(name: string, groupId: string | null, listed = true): DocumentData {
	return {
		displayName: name,
		nameLower: name.toLowerCase(),
		headline: '',
		bio: '',
		categories: ['tarot'],
		avatarVersion: 1,
		listed,
		groupId,
		status: 'offline',
		chosenStatus: 'offline',
		statusPanelId: null,
		statusChangedAt: PAST,
		statusRank: STATUS_RANK.offline,
		activeSessions: 0,
		missStreak: 0,
		ratingSum: 0,
		ratingCount: 0,
		createdAt: PAST,
		updatedAt: PAST
	};
}

/** What updateOperatorProfile in src/lib/data/operators.ts writes. */
const edit = (overrides: DocumentData = {}): DocumentData => ({
	displayName: 'Olga Star',
	nameLower: 'olga star',
	headline: 'Tarot, plainly',
	bio: 'Twenty years of readings.',
	categories: ['tarot', 'astrology'],
	updatedAt: serverTimestamp(),
	...overrides
});

// olga: independent; oskar and ula (unlisted): group g1, owned by gina; ivan: group g2, owned by
// gus; una: independent and unlisted (a former operator).
beforeEach(async () => {
	await seed({
		'operators/olga': profile('Olga', null),
		'operators/oskar': profile('Oskar', 'g1'),
		'operators/ula': profile('Ula', 'g1', false),
		'operators/ivan': profile('Ivan', 'g2'),
		'operators/una': profile('Una', null, false)
	});
});

const olga = () => operator('olga');
const oskar = () => operator('oskar', 'g1');
const gina = () => groupOwner('gina', 'g1');

function list(db: Firestore, ...constraints: QueryConstraint[]) {
	return getDocs(query(collection(db, 'operators'), ...constraints));
}

describe('operators/{uid} get', () => {
	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: true },
		{ who: 'a customer', db: () => customer('alice'), allowed: true },
		{ who: 'another operator', db: olga, allowed: true },
		{ who: 'an admin', db: admin, allowed: true }
	])(
		'get of a listed and an unlisted profile by $who: allowed $allowed',
		async ({ db, allowed }) => {
			await expectAccess(allowed, getDoc(doc(db(), 'operators/oskar')));
			await expectAccess(allowed, getDoc(doc(db(), 'operators/una')));
		}
	);
});

describe('operators/{uid} list', () => {
	const people: Who[] = [
		{ who: 'anonymous', db: anonymous, allowed: true },
		{ who: 'a customer', db: () => customer('alice'), allowed: true },
		{ who: 'a group owner', db: gina, allowed: true },
		{ who: 'an admin', db: admin, allowed: true }
	];

	it.each(people)('listed == true, limit 100, by $who: allowed', async ({ db }) => {
		const snap = await assertSucceeds(
			list(db(), where('listed', '==', true), limit(LIMITS.pageMax))
		);
		expect(snap.size).toBe(3);
	});

	it.each(people)('listed == true with no limit, by $who: denied', async ({ db }) => {
		await assertFails(list(db(), where('listed', '==', true)));
	});

	it.each(people)('listed == true with limit 101, by $who: denied', async ({ db }) => {
		await assertFails(list(db(), where('listed', '==', true), limit(101)));
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a customer', db: () => customer('alice'), allowed: false },
		{ who: 'an operator of g1', db: oskar, allowed: false },
		{ who: 'the owner of g1', db: gina, allowed: false },
		{ who: 'an admin', db: admin, allowed: true }
	])('no listed filter (limit 100) by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, list(db(), limit(LIMITS.pageMax)));
	});

	it('refuses anyone but admins and group owners a query for unlisted operators', async () => {
		await assertFails(list(customer('alice'), where('listed', '==', false), limit(10)));
		await assertSucceeds(list(admin(), where('listed', '==', false), limit(10)));
	});

	it('lets the owner of g1 list all of g1, unlisted included, but not g2', async () => {
		const snap = await assertSucceeds(list(gina(), where('groupId', '==', 'g1'), limit(100)));
		expect(snap.size).toBe(2);
		await assertFails(list(gina(), where('groupId', '==', 'g2'), limit(100)));
		await assertFails(list(gina(), where('groupId', '==', 'g1')));
		await assertFails(list(gina(), where('groupId', '==', 'g1'), limit(101)));
	});

	it('does not let an operator of g1 list its group’s unlisted operators', async () => {
		await assertFails(list(oskar(), where('groupId', '==', 'g1'), limit(100)));
		await assertSucceeds(
			list(oskar(), where('groupId', '==', 'g1'), where('listed', '==', true), limit(100))
		);
	});

	it('accepts the directory queries of src/lib/data/operators.ts', async () => {
		const db = anonymous();
		const listed = where('listed', '==', true);
		const page = limit(LIMITS.pageMax);
		await assertSucceeds(list(db, listed, orderBy('statusRank'), orderBy('nameLower'), page));
		await assertSucceeds(
			list(
				db,
				listed,
				where('categories', 'array-contains', 'tarot'),
				orderBy('statusRank'),
				orderBy('nameLower'),
				page
			)
		);
		await assertSucceeds(
			list(
				db,
				listed,
				where('nameLower', '>=', 'o'),
				where('nameLower', '<=', 'o\uf8ff'),
				orderBy('nameLower'),
				page
			)
		);
		await assertSucceeds(
			list(db, where('groupId', '==', 'g1'), listed, orderBy('nameLower'), page)
		);
		// The same directory query without its limit is refused.
		await assertFails(list(db, listed, orderBy('statusRank'), orderBy('nameLower')));
	});
});

describe('operators/{uid} create', () => {
	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a customer (self-promotion)', db: () => customer('carl'), allowed: false },
		{ who: 'an operator (own uid)', db: () => operator('carl'), allowed: false },
		{ who: 'a group owner', db: () => groupOwner('carl', 'g1'), allowed: false },
		{ who: 'an admin', db: () => admin('carl'), allowed: false }
	])('create of operators/carl by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, setDoc(doc(db(), 'operators/carl'), profile('Carl', null)));
	});
});

describe('operators/{uid} update: who', () => {
	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a customer', db: () => customer('alice'), allowed: false },
		{ who: 'another operator', db: () => operator('ivan', 'g2'), allowed: false },
		{ who: 'the owner of g1 (olga is independent)', db: gina, allowed: false },
		{ who: 'olga without the operator claim', db: () => customer('olga'), allowed: false },
		{
			who: 'a group owner claim without a groupId',
			db: () => signedIn('gil', { role: 'groupOwner' }),
			allowed: false
		},
		{ who: 'olga herself', db: olga, allowed: true },
		{ who: 'an admin', db: admin, allowed: true }
	])('profile edit of olga by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, updateDoc(doc(db(), 'operators/olga'), edit()));
	});

	it.each<Who>([
		{ who: 'a customer', db: () => customer('alice'), allowed: false },
		{ who: 'a fellow operator of g1', db: () => operator('ula', 'g1'), allowed: false },
		{ who: 'the owner of g2', db: () => groupOwner('gus', 'g2'), allowed: false },
		{
			who: 'an operator with a g1 claim but another role',
			db: () => signedIn('eve', { groupId: 'g1' }),
			allowed: false
		},
		{ who: 'the owner of g1', db: gina, allowed: true },
		{ who: 'oskar himself', db: oskar, allowed: true }
	])('profile edit of oskar (g1) by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(
			allowed,
			updateDoc(doc(db(), 'operators/oskar'), edit({ displayName: 'Oskar', nameLower: 'oskar' }))
		);
	});

	it('refuses the owner of g1 editing an operator of another group', async () => {
		const renameIvan = edit({ displayName: 'Ivan', nameLower: 'ivan' });
		await assertFails(updateDoc(doc(gina(), 'operators/ivan'), renameIvan));
		await assertSucceeds(updateDoc(doc(groupOwner('gus', 'g2'), 'operators/ivan'), renameIvan));
	});
});

describe('operators/{uid} update: server-only fields', () => {
	const serverOnly: [string, unknown][] = [
		['groupId', 'g2'],
		['listed', false],
		['status', 'online'],
		['statusRank', STATUS_RANK.online],
		['statusPanelId', 'panel-1'],
		['chosenStatus', 'online'],
		['statusChangedAt', serverTimestamp()],
		['ratingSum', 500],
		['ratingCount', 100],
		['missStreak', 0],
		['activeSessions', 0],
		['createdAt', serverTimestamp()]
	];

	it.each(serverOnly)('refuses an operator changing its own %s', async (field, value) => {
		// missStreak and activeSessions are seeded at 0: write a different value.
		const changed = value === 0 ? 7 : value;
		await assertFails(updateDoc(doc(olga(), 'operators/olga'), edit({ [field]: changed })));
		await assertSucceeds(updateDoc(doc(olga(), 'operators/olga'), edit()));
	});

	it.each([
		['groupId', 'g2'],
		['listed', false],
		['status', 'online'],
		['ratingSum', 500]
	])('refuses a stranger, the group owner and an admin changing %s', async (field, value) => {
		await assertFails(updateDoc(doc(customer('alice'), 'operators/oskar'), { [field]: value }));
		await assertFails(updateDoc(doc(gina(), 'operators/oskar'), edit({ [field]: value })));
		await assertFails(updateDoc(doc(admin(), 'operators/oskar'), edit({ [field]: value })));
		await assertSucceeds(updateDoc(doc(gina(), 'operators/oskar'), edit()));
	});

	it('refuses an operator re-listing itself', async () => {
		await assertFails(updateDoc(doc(operator('una'), 'operators/una'), edit({ listed: true })));
		await assertSucceeds(updateDoc(doc(operator('una'), 'operators/una'), edit()));
	});
});

describe('operators/{uid} update: profile validation', () => {
	it.each([
		['nameLower not matching displayName', { nameLower: 'someone else' }],
		['an empty displayName', { displayName: '', nameLower: '' }],
		['a 61-character displayName', { displayName: 'X'.repeat(61), nameLower: 'x'.repeat(61) }],
		['a 121-character headline', { headline: 'h'.repeat(LIMITS.headlineMax + 1) }],
		['a 2001-character bio', { bio: 'b'.repeat(LIMITS.bioMax + 1) }],
		[
			'six categories',
			{ categories: ['tarot', 'astrology', 'numerology', 'coaching', 'career', 'wellbeing'] }
		],
		['an unknown category', { categories: ['tarot', 'crypto'] }],
		['categories that are not a list', { categories: 'tarot' }],
		['a lower avatarVersion', { avatarVersion: 0 }],
		['a past updatedAt', { updatedAt: PAST }],
		['an extra key', { featured: true }]
	])('refuses %s', async (_what, overrides) => {
		await assertFails(updateDoc(doc(olga(), 'operators/olga'), edit(overrides)));
		await assertSucceeds(updateDoc(doc(olga(), 'operators/olga'), edit()));
	});

	it('accepts the rename and avatar writes of src/lib/data/operators.ts', async () => {
		const rename = {
			displayName: 'Olga Stern',
			nameLower: 'olga stern',
			updatedAt: serverTimestamp()
		};
		await assertFails(updateDoc(doc(olga(), 'operators/olga'), { ...rename, nameLower: 'olga' }));
		await assertSucceeds(updateDoc(doc(olga(), 'operators/olga'), rename));
		const version = Date.now();
		const bump = (avatarVersion: number) => ({ avatarVersion, updatedAt: serverTimestamp() });
		await assertSucceeds(updateDoc(doc(olga(), 'operators/olga'), bump(version)));
		await assertFails(updateDoc(doc(olga(), 'operators/olga'), bump(version - 1)));
	});

	it.each(['Olga Star', 'Émile Roux', 'ZOË', 'Ødegaard', 'Şahin Çelik', 'МАРИЯ', 'Ιωάννα'])(
		'accepts %s with nameLower from toLowerCase(), as the client computes it',
		async (displayName) => {
			const nameLower = displayName.toLowerCase();
			await assertSucceeds(
				updateDoc(doc(olga(), 'operators/olga'), edit({ displayName, nameLower }))
			);
		}
	);

	it.each([
		['Olga', 'olgA'],
		['Olga', 'aaaa'],
		['Olga', 'olga '],
		['Émile', 'xmile'],
		['Émile', '_mile'],
		['Émile', 'émilé'],
		['МАРИЯ', 'мари'],
		['МАРИЯ', 'a']
	])('refuses %s with nameLower %j', async (displayName, nameLower) => {
		await assertFails(updateDoc(doc(olga(), 'operators/olga'), edit({ displayName, nameLower })));
		const right = { displayName, nameLower: displayName.toLowerCase() };
		await assertSucceeds(updateDoc(doc(olga(), 'operators/olga'), edit(right)));
	});

	it('accepts the limits themselves and a higher avatarVersion', async () => {
		await assertSucceeds(
			updateDoc(
				doc(olga(), 'operators/olga'),
				edit({
					displayName: 'X'.repeat(LIMITS.displayNameMax),
					nameLower: 'x'.repeat(LIMITS.displayNameMax),
					headline: 'h'.repeat(LIMITS.headlineMax),
					bio: 'b'.repeat(LIMITS.bioMax),
					categories: ['tarot', 'astrology', 'numerology', 'coaching', 'career'],
					avatarVersion: 2
				})
			)
		);
	});

	it('accepts every category of functions/src/shared/categories.ts', async () => {
		const ids = CATEGORIES.map((c) => c.id);
		for (let i = 0; i < ids.length; i += LIMITS.categoriesMax) {
			const categories = ids.slice(i, i + LIMITS.categoriesMax);
			await assertSucceeds(updateDoc(doc(olga(), 'operators/olga'), edit({ categories })));
		}
	});

	it('lists in the rules exactly the category ids of categories.ts', () => {
		const rules = readFileSync(RULES_PATH, 'utf8');
		const match = /categories\.hasOnly\(\[([^\]]*)\]\)/.exec(rules);
		expect(match).not.toBeNull();
		const inRules = [...(match?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]);
		expect(inRules.sort()).toEqual(CATEGORIES.map((c) => c.id).sort());
	});
});

describe('operators/{uid} delete', () => {
	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'the operator', db: olga, allowed: false },
		{ who: 'the group owner', db: gina, allowed: false },
		{ who: 'an admin', db: admin, allowed: false }
	])('delete by $who: allowed $allowed', async ({ db }) => {
		await assertFails(deleteDoc(doc(db(), 'operators/olga')));
		await assertFails(deleteDoc(doc(db(), 'operators/oskar')));
	});
});
