/**
 * helpFeedback/{id}: answers arrive through the helpFeedback callable (no client writes); only
 * admins read; nobody edits.
 */
import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
	addDoc,
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
	useRulesEnv,
	type Who
} from './setup';

useRulesEnv();

/** A well-formed answer, as the helpFeedback callable stores it. */
const answer = (overrides: DocumentData = {}): DocumentData => ({
	article: 'how-locks-work',
	helpful: false,
	comment: 'The price part was unclear.',
	uid: null,
	createdAt: serverTimestamp(),
	...overrides
});

const feedback = (db: ReturnType<typeof anonymous>) => collection(db, 'helpFeedback');
const alice = () => customer('alice');

describe('helpFeedback create', () => {
	// Answers come through the helpFeedback callable, which limits how many one person or
	// address sends: a browser writing them itself would bypass the limit.
	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a customer', db: alice, allowed: false },
		{ who: 'an operator', db: () => operator('olga'), allowed: false },
		{ who: 'an admin', db: admin, allowed: false }
	])('a well-formed answer by $who: denied', async ({ db }) => {
		await assertFails(addDoc(feedback(db()), answer()));
		await assertFails(addDoc(feedback(db()), answer({ helpful: true, comment: '' })));
	});

	it('the signed-in author’s own uid changes nothing', async () => {
		await assertFails(addDoc(feedback(alice()), answer({ uid: 'alice' })));
		await assertFails(setDoc(doc(feedback(alice()), 'mine'), answer({ uid: 'alice' })));
	});
});

describe('helpFeedback reads, updates, deletes', () => {
	beforeEach(async () => {
		await seed({
			'helpFeedback/f1': { ...answer({ uid: 'alice' }), createdAt: PAST },
			'helpFeedback/f2': {
				...answer({ article: 'wallet', helpful: true, comment: '' }),
				createdAt: PAST
			}
		});
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'its author', db: alice, allowed: false },
		{ who: 'a group owner', db: () => groupOwner('gina', 'g1'), allowed: false },
		{ who: 'an admin', db: admin, allowed: true }
	])('get by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'helpFeedback/f1')));
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'a customer', db: alice, allowed: false },
		{ who: 'an admin', db: admin, allowed: true }
	])('list (the admin views’ queries) by $who: allowed $allowed', async ({ db, allowed }) => {
		const all = query(feedback(db()), orderBy('createdAt', 'desc'), limit(LIMITS.pageMax));
		const one = query(
			feedback(db()),
			where('article', '==', 'wallet'),
			orderBy('createdAt', 'desc'),
			limit(LIMITS.pageMax)
		);
		await expectAccess(allowed, getDocs(all));
		await expectAccess(allowed, getDocs(one));
	});

	it('refuses an admin an unbounded list (no limit, or limit 101)', async () => {
		await assertFails(getDocs(query(feedback(admin()), orderBy('createdAt', 'desc'))));
		await assertFails(getDocs(query(feedback(admin()), limit(101))));
		await assertSucceeds(getDocs(query(feedback(admin()), limit(100))));
	});

	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'its author', db: alice, allowed: false },
		{ who: 'an admin', db: admin, allowed: false }
	])('update and delete by $who: denied', async ({ db }) => {
		await assertFails(updateDoc(doc(db(), 'helpFeedback/f1'), { helpful: true, comment: '' }));
		await assertFails(setDoc(doc(db(), 'helpFeedback/f1'), answer({ uid: 'alice' })));
		await assertFails(deleteDoc(doc(db(), 'helpFeedback/f1')));
	});
});
