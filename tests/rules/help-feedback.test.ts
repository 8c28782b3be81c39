/** helpFeedback/{id}: anyone answers "Was this helpful?"; only admins read; nobody edits. */
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

/** What sendFeedback in src/lib/data/help-feedback.ts writes. */
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

describe('helpFeedback create: who and uid', () => {
	it.each<Who>([
		{ who: 'anonymous', db: anonymous, allowed: true },
		{ who: 'a customer', db: alice, allowed: true },
		{ who: 'an operator', db: () => operator('olga'), allowed: true },
		{ who: 'an admin', db: admin, allowed: true }
	])('anonymous answer (uid null) by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, addDoc(feedback(db()), answer()));
	});

	it('lets a signed-in author sign with their own uid, never with someone else’s', async () => {
		await assertFails(addDoc(feedback(alice()), answer({ uid: 'bob' })));
		await assertSucceeds(addDoc(feedback(alice()), answer({ uid: 'alice' })));
	});

	it('refuses a signed-out author claiming any uid', async () => {
		await assertFails(addDoc(feedback(anonymous()), answer({ uid: 'alice' })));
		await assertSucceeds(addDoc(feedback(anonymous()), answer({ uid: null })));
	});
});

describe('helpFeedback create: shape', () => {
	it.each([
		['a comment on a helpful answer', { helpful: true, comment: 'Great!' }],
		[
			`a ${LIMITS.feedbackCommentMax + 1}-character comment`,
			{ comment: 'c'.repeat(LIMITS.feedbackCommentMax + 1) }
		],
		['a non-string comment', { comment: 42 }],
		['a non-boolean helpful', { helpful: 'yes' }],
		['an article slug with capitals', { article: 'How-Locks-Work' }],
		['an article slug with a slash', { article: 'locks/../admin' }],
		['an empty article', { article: '' }],
		['an 81-character article', { article: 'a'.repeat(81) }],
		['a non-string article', { article: 7 }],
		['a past createdAt', { createdAt: PAST }],
		['an extra key', { email: 'alice@parley.test' }]
	])('refuses %s', async (_what, overrides) => {
		await assertFails(addDoc(feedback(anonymous()), answer(overrides)));
		await assertSucceeds(addDoc(feedback(anonymous()), answer()));
	});

	it('refuses an answer missing a key', async () => {
		const { comment: _dropped, ...partial } = answer({ helpful: true, comment: '' });
		await assertFails(addDoc(feedback(anonymous()), partial));
		await assertSucceeds(addDoc(feedback(anonymous()), answer({ helpful: true, comment: '' })));
	});

	it('accepts the limits themselves', async () => {
		await assertSucceeds(
			addDoc(
				feedback(anonymous()),
				answer({ article: 'a'.repeat(80), comment: 'c'.repeat(LIMITS.feedbackCommentMax) })
			)
		);
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
