/**
 * refundNotes/{transferId}: an admin's reason for a refund. Admins only: the refund's readers read
 * the transfer (tests/rules/transfers.test.ts), never why it was made. Written only by the server.
 */
import { assertFails } from '@firebase/rules-unit-testing';
import {
	collection,
	deleteDoc,
	doc,
	getDoc,
	getDocs,
	limit,
	query,
	setDoc,
	updateDoc,
	where
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

const NOTE = {
	transferId: 'r1',
	sessionId: 's1',
	lockId: 'lock-1',
	reason: 'The customer complained the operator was rude.',
	adminUid: 'admin',
	createdAt: PAST
};

beforeEach(async () => {
	await seed({
		'transfers/r1': {
			kind: 'refund',
			amount: 1000,
			key: 's1/lock-1',
			sessionId: 's1',
			lockId: 'lock-1',
			readers: ['alice', 'oskar', 'gina'],
			refundOf: 't1',
			createdAt: PAST
		},
		'refundNotes/r1': NOTE
	});
});

// The refund's readers (alice the customer, oskar the operator, gina the owner of his group) read
// the transfer r1, never the reason.
const people: Who[] = [
	{ who: 'anonymous', db: anonymous, allowed: false },
	{ who: 'the customer party', db: () => customer('alice'), allowed: false },
	{ who: 'the operator party', db: () => operator('oskar', 'g1'), allowed: false },
	{ who: 'the group owner party', db: () => groupOwner('gina', 'g1'), allowed: false },
	{ who: 'a stranger', db: () => customer('bob'), allowed: false },
	{ who: 'an admin', db: admin, allowed: true }
];

describe('refundNotes reads', () => {
	it.each(people)('get by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'refundNotes/r1')));
	});

	it.each(people)('list (limit 10) by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDocs(query(collection(db(), 'refundNotes'), limit(10))));
	});

	it('a party cannot list the notes of its own transfers either', async () => {
		const q = query(collection(customer('alice'), 'refundNotes'), where('transferId', '==', 'r1'));
		await assertFails(getDocs(query(q, limit(1))));
	});

	it('an admin lists only bounded pages', async () => {
		await assertFails(getDocs(query(collection(admin(), 'refundNotes'))));
		await assertFails(getDocs(query(collection(admin(), 'refundNotes'), limit(101))));
	});
});

describe('refundNotes writes: nobody', () => {
	it.each(people.map((p) => ({ ...p, allowed: false })))(
		'create, update, delete by $who: refused',
		async ({ db }) => {
			await assertFails(setDoc(doc(db(), 'refundNotes/r2'), { ...NOTE, transferId: 'r2' }));
			await assertFails(updateDoc(doc(db(), 'refundNotes/r1'), { reason: 'Nothing.' }));
			await assertFails(deleteDoc(doc(db(), 'refundNotes/r1')));
		}
	);
});
