/**
 * requests/{requestId}: read by its customer, its operator and the owner of its group, in bounded
 * queries constrained to one of them; written only by the server.
 */
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
	setDoc,
	updateDoc,
	where,
	type Firestore,
	type QueryConstraint
} from 'firebase/firestore';
import { beforeEach, describe, it } from 'vitest';
import { LIMITS } from '$shared/config';
import type { RequestDoc } from '$shared/chat';
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

type Stored = RequestDoc<typeof PAST>;

function request(fields: Partial<Stored> = {}): Stored {
	return {
		customerUid: 'alice',
		customerName: 'Alice Moreau',
		customerAvatarVersion: 0,
		operatorId: 'luna',
		operatorName: 'Luna Vale',
		groupId: 'g1',
		status: 'ringing',
		createdAt: PAST,
		expiresAt: PAST,
		answeredAt: null,
		answeredByUid: null,
		sessionId: null,
		...fields
	};
}

beforeEach(async () => {
	await seed({
		// alice → luna (group g1), bob → sol (independent)
		'requests/r1': request(),
		'requests/r2': request({
			customerUid: 'bob',
			customerName: 'Bob Okafor',
			operatorId: 'sol',
			operatorName: 'Sol Amari',
			groupId: null
		})
	});
});

const alice = () => customer('alice');
const luna = () => operator('luna', 'g1');
const gina = () => groupOwner('gina', 'g1');

/** Everyone the tables walk through, with whether they take part in r1. */
const people: Who[] = [
	{ who: 'anonymous', db: anonymous, allowed: false },
	{ who: 'a stranger', db: () => customer('mallory'), allowed: false },
	{ who: 'the customer', db: alice, allowed: true },
	{ who: 'the operator', db: luna, allowed: true },
	{ who: 'another operator of the group', db: () => operator('orion', 'g1'), allowed: false },
	{ who: 'an independent operator', db: () => operator('sol'), allowed: false },
	{ who: 'the group owner', db: gina, allowed: true },
	{ who: 'another group owner', db: () => groupOwner('gus', 'g2'), allowed: false },
	{ who: 'an admin', db: admin, allowed: false }
];

function list(db: Firestore, ...constraints: QueryConstraint[]) {
	return getDocs(query(collection(db, 'requests'), ...constraints));
}

describe('requests get', () => {
	it.each(people)('r1 by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'requests/r1')));
	});

	it('nobody reads a request by guessing: an independent request is its parties’ alone', async () => {
		await expectAccess(true, getDoc(doc(customer('bob'), 'requests/r2')));
		await expectAccess(true, getDoc(doc(operator('sol'), 'requests/r2')));
		await expectAccess(false, getDoc(doc(gina(), 'requests/r2')));
		await expectAccess(false, getDoc(doc(alice(), 'requests/r2')));
	});
});

describe('requests list', () => {
	const page = limit(LIMITS.pageMax);

	it('the customer lists its own, bounded, also newest first', async () => {
		await expectAccess(true, list(alice(), where('customerUid', '==', 'alice'), page));
		await expectAccess(
			true,
			list(alice(), where('customerUid', '==', 'alice'), orderBy('createdAt', 'desc'), limit(20))
		);
	});

	it('a panel lists the ringing requests of its operator', async () => {
		await expectAccess(
			true,
			list(luna(), where('operatorId', '==', 'luna'), where('status', '==', 'ringing'), page)
		);
	});

	it("a group console lists its group's ringing requests with one query", async () => {
		await expectAccess(
			true,
			list(gina(), where('groupId', '==', 'g1'), where('status', '==', 'ringing'), page)
		);
	});

	it('refuses unbounded and oversized lists, even constrained', async () => {
		await expectAccess(false, list(alice(), where('customerUid', '==', 'alice')));
		await expectAccess(
			false,
			list(alice(), where('customerUid', '==', 'alice'), limit(LIMITS.pageMax + 1))
		);
		await expectAccess(false, list(gina(), where('groupId', '==', 'g1')));
	});

	it("refuses lists of other people's requests", async () => {
		await expectAccess(false, list(alice(), where('customerUid', '==', 'bob'), page));
		await expectAccess(false, list(customer('mallory'), where('operatorId', '==', 'luna'), page));
		// An operator sees its own requests, not its group's.
		await expectAccess(false, list(luna(), where('groupId', '==', 'g1'), page));
		await expectAccess(
			false,
			list(operator('orion', 'g1'), where('operatorId', '==', 'luna'), page)
		);
		await expectAccess(false, list(groupOwner('gus', 'g2'), where('groupId', '==', 'g1'), page));
		// A group owner's claim does not reach independent operators (groupId null).
		await expectAccess(false, list(gina(), where('groupId', '==', null), page));
		await expectAccess(false, list(gina(), where('operatorId', '==', 'sol'), page));
	});

	it.each(people)('an unconstrained list by $who: denied', async ({ db }) => {
		await expectAccess(false, list(db(), page));
	});
});

describe('requests writes', () => {
	it.each(people)('create, update, delete by $who: denied', async ({ db }) => {
		await expectAccess(false, addDoc(collection(db(), 'requests'), request()));
		await expectAccess(false, setDoc(doc(db(), 'requests/r-new'), request()));
		await expectAccess(false, updateDoc(doc(db(), 'requests/r1'), { status: 'accepted' }));
		await expectAccess(false, updateDoc(doc(db(), 'requests/r1'), { expiresAt: PAST }));
		await expectAccess(false, deleteDoc(doc(db(), 'requests/r1')));
	});
});
