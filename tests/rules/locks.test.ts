/**
 * sessions/{id}/locks/{lockId}: the session's participants read offers; nobody writes them from a
 * client (not the price, not the status, not a new offer). While one is pending, nobody posts.
 */
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
	writeBatch,
	type DocumentData,
	type Firestore
} from 'firebase/firestore';
import { beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '$shared/config';
import type { LockDoc } from '$shared/locks';
import type { SessionDoc } from '$shared/chat';
import {
	PAST,
	admin,
	anonymous,
	customer,
	expectAccess,
	groupOwner,
	meterStepFields,
	openedParty,
	operator,
	seed,
	useRulesEnv,
	type Who
} from './setup';

useRulesEnv();

function session(fields: Partial<SessionDoc<typeof PAST>> = {}): SessionDoc<typeof PAST> {
	return {
		requestId: 's1',
		customerUid: 'alice',
		customerName: 'Alice Moreau',
		customerAvatarVersion: 0,
		operatorId: 'luna',
		operatorName: 'Luna Vale',
		groupId: 'g1',
		status: 'active',
		startedAt: PAST,
		endedAt: null,
		endedBy: null,
		lockPending: true,
		rating: null,
		heartbeatSeconds: 10,
		windowTimeoutSeconds: 30,
		...fields
	};
}

function lock(fields: Partial<LockDoc<typeof PAST>> = {}): DocumentData {
	return {
		price: 1250,
		description: 'Tarot reading (three cards)',
		currency: 'USD',
		commissionBps: 3000,
		operatorShare: 875,
		platformShare: 375,
		status: 'pending',
		createdBy: 'luna',
		createdAt: PAST,
		answeredAt: null,
		transferId: null,
		reservedUntil: null,
		refundedTransferId: null,
		...fields
	};
}

beforeEach(async () => {
	await seed({
		// alice ↔ luna (group g1) with an offer pending; bob ↔ sol (independent), one paid.
		'sessions/s1': session(),
		'sessions/s1/locks/l1': lock(),
		'sessions/s2': session({
			customerUid: 'bob',
			operatorId: 'sol',
			groupId: null,
			lockPending: false
		}),
		'sessions/s2/locks/l2': lock({ status: 'paid', createdBy: 'sol', transferId: 't2' })
	});
});

const alice = () => customer('alice');
const luna = () => operator('luna', 'g1');
const gina = () => groupOwner('gina', 'g1');

const readers: Who[] = [
	{ who: 'anonymous', db: anonymous, allowed: false },
	{ who: 'a stranger', db: () => customer('mallory'), allowed: false },
	{ who: 'the customer of another chat', db: () => customer('bob'), allowed: false },
	{ who: 'another operator of the group', db: () => operator('orion', 'g1'), allowed: false },
	{ who: 'the owner of another group', db: () => groupOwner('gus', 'g2'), allowed: false },
	{ who: 'an admin (not a participant)', db: admin, allowed: false },
	{ who: 'the customer', db: alice, allowed: true },
	{ who: 'the operator', db: luna, allowed: true },
	{ who: 'the owner of the operator’s group', db: gina, allowed: true }
];

function locksOf(db: Firestore, sessionId = 's1') {
	return collection(db, `sessions/${sessionId}/locks`);
}

describe('locks reads', () => {
	it.each(readers)('get of a pending offer by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'sessions/s1/locks/l1')));
	});

	it.each(readers)(
		'list of the offers (bounded) by $who: allowed $allowed',
		async ({ db, allowed }) => {
			await expectAccess(
				allowed,
				getDocs(query(locksOf(db()), orderBy('createdAt'), limit(LIMITS.pageMax)))
			);
		}
	);

	it('refuses unbounded lists, even to participants', async () => {
		await assertFails(getDocs(locksOf(alice())));
		await assertFails(getDocs(query(locksOf(alice()), limit(101))));
		const snap = await assertSucceeds(getDocs(query(locksOf(alice()), limit(100))));
		expect(snap.size).toBe(1);
	});

	it('keeps another chat’s offers from the participants of this one', async () => {
		await assertFails(getDoc(doc(alice(), 'sessions/s2/locks/l2')));
		await assertFails(getDocs(query(locksOf(luna(), 's2'), limit(10))));
		await assertSucceeds(getDoc(doc(customer('bob'), 'sessions/s2/locks/l2')));
		await assertSucceeds(getDoc(doc(operator('sol'), 'sessions/s2/locks/l2')));
	});
});

describe('locks writes: server only', () => {
	const writers: Who[] = [
		{ who: 'anonymous', db: anonymous, allowed: false },
		{ who: 'the customer', db: alice, allowed: false },
		{ who: 'the operator', db: luna, allowed: false },
		{ who: 'the group owner', db: gina, allowed: false },
		{ who: 'an admin', db: admin, allowed: false }
	];

	it.each(writers)('$who cannot mark the offer paid, or change its price', async ({ db }) => {
		const ref = doc(db(), 'sessions/s1/locks/l1');
		await assertFails(updateDoc(ref, { status: 'paid', transferId: 'forged' }));
		await assertFails(updateDoc(ref, { status: 'declined', answeredAt: serverTimestamp() }));
		await assertFails(updateDoc(ref, { price: 1 }));
		await assertFails(updateDoc(ref, { operatorShare: 1250, platformShare: 0 }));
		await assertFails(updateDoc(ref, { reservedUntil: null }));
	});

	it.each(writers)('$who cannot create an offer or delete one', async ({ db }) => {
		await assertFails(
			setDoc(doc(db(), 'sessions/s2/locks/new'), {
				...lock({ createdBy: 'sol' }),
				createdAt: serverTimestamp()
			})
		);
		await assertFails(deleteDoc(doc(db(), 'sessions/s1/locks/l1')));
		await assertFails(deleteDoc(doc(db(), 'sessions/s2/locks/l2')));
	});

	it.each(writers)('$who cannot clear the session’s lockPending', async ({ db }) => {
		await assertFails(updateDoc(doc(db(), 'sessions/s1'), { lockPending: false }));
	});
});

describe('messages while an offer is pending', () => {
	const say = (authorUid: string, authorRole: string) => ({
		authorUid,
		authorRole,
		text: 'Can you go lower?',
		createdAt: serverTimestamp()
	});
	/** As the chat window sends it: the message and a new window of the author's meter. */
	const send = (db: Firestore, uid: string, role: string) => {
		const batch = writeBatch(db);
		batch.set(doc(collection(db, 'sessions/s1/messages')), say(uid, role));
		batch.set(doc(db, `sessions/s1/parties/${uid}`), meterStepFields('posts', 'restart'), {
			merge: true
		});
		return batch.commit();
	};

	it('refuses both sides, and accepts them once no offer is pending', async () => {
		await seed({
			'sessions/s1/parties/alice': openedParty('customer'),
			'sessions/s1/parties/luna': openedParty('operator'),
			'sessions/s1/parties/gina': openedParty('operator')
		});
		await assertFails(send(alice(), 'alice', 'customer'));
		await assertFails(send(luna(), 'luna', 'operator'));
		await assertFails(send(gina(), 'gina', 'operator'));
		await seed({ 'sessions/s1': session({ lockPending: false }) });
		await assertSucceeds(send(alice(), 'alice', 'customer'));
		await assertSucceeds(send(luna(), 'luna', 'operator'));
	});
});
