/**
 * Everything without rules of its own (the server's idempotency records, unknown subcollections
 * of a session or a user, unknown collections) is closed to every client, admins included.
 * Notifications with no recipient field are unreadable too.
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
	updateDoc
} from 'firebase/firestore';
import { beforeEach, describe, it } from 'vitest';
import { COL, PATHS } from '$shared/paths';
import {
	PAST,
	admin,
	anonymous,
	customer,
	groupOwner,
	operator,
	seed,
	useRulesEnv,
	type Who
} from './setup';

useRulesEnv();

const PATHS_WITHOUT_RULES = [
	`${COL.idempotency}/k1`,
	'notifications/n1',
	'users/alice/private/secrets',
	`${PATHS.session('s1')}/notes/x1`,
	'somethingNew/x1'
];

const everyone: Omit<Who, 'allowed'>[] = [
	{ who: 'anonymous', db: anonymous },
	{ who: 'a customer', db: () => customer('alice') },
	{ who: 'an operator', db: () => operator('olga') },
	{ who: 'a group owner', db: () => groupOwner('gina', 'g1') },
	{ who: 'an admin', db: admin }
];

const cases = PATHS_WITHOUT_RULES.flatMap((path) => everyone.map((w) => ({ ...w, path })));

beforeEach(async () => {
	await seed({
		...Object.fromEntries(
			PATHS_WITHOUT_RULES.map((path) => [path, { uid: 'alice', createdAt: PAST }])
		),
		// A readable document: proves each person's context can read at all.
		'settings/platform': { currency: 'USD', updatedAt: PAST }
	});
});

describe('paths without rules', () => {
	it.each(everyone)('$who can read a public document (control)', async ({ db }) => {
		await assertSucceeds(getDoc(doc(db(), 'settings/platform')));
	});

	it.each(cases)(
		'$path: get, list, create, update, delete by $who: denied',
		async ({ db, path }) => {
			const parent = path.slice(0, path.lastIndexOf('/'));
			await assertFails(getDoc(doc(db(), path)));
			await assertFails(getDocs(query(collection(db(), parent), limit(10))));
			await assertFails(
				setDoc(doc(db(), `${path}-new`), { uid: 'alice', createdAt: serverTimestamp() })
			);
			await assertFails(updateDoc(doc(db(), path), { uid: 'alice' }));
			await assertFails(deleteDoc(doc(db(), path)));
		}
	);
});
