/** notifications/{id}: the recipient reads its own and marks them read; nobody else does anything. */
import {
	addDoc,
	collection,
	deleteDoc,
	doc,
	getDoc,
	getDocs,
	limit,
	query,
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
	useRulesEnv
} from './setup';

useRulesEnv();

const note = (toUid: string, extra: Record<string, unknown> = {}) => ({
	toUid,
	kind: 'missedRequests',
	operatorId: 'luna',
	text: 'Luna missed 3 chat requests in a row and was set offline.',
	read: false,
	createdAt: PAST,
	...extra
});

const gina = () => groupOwner('gina', 'g1');

beforeEach(async () => {
	await seed({
		'notifications/n-gina': note('gina'),
		'notifications/n-luna': note('luna'),
		'notifications/n-gina-read': note('gina', { read: true })
	});
});

describe('notifications reads', () => {
	it('the recipient reads its own, nobody else does (admins included)', async () => {
		await expectAccess(true, getDoc(doc(gina(), 'notifications/n-gina')));
		await expectAccess(true, getDoc(doc(operator('luna', 'g1'), 'notifications/n-luna')));
		await expectAccess(false, getDoc(doc(gina(), 'notifications/n-luna')));
		await expectAccess(false, getDoc(doc(operator('luna', 'g1'), 'notifications/n-gina')));
		await expectAccess(false, getDoc(doc(anonymous(), 'notifications/n-gina')));
		await expectAccess(false, getDoc(doc(admin(), 'notifications/n-gina')));
	});

	it('lists only its own, bounded', async () => {
		const mine = (db = gina(), n = 20) =>
			getDocs(query(collection(db, 'notifications'), where('toUid', '==', 'gina'), limit(n)));
		await expectAccess(true, mine());
		await expectAccess(false, mine(gina(), 101));
		await expectAccess(
			false,
			getDocs(query(collection(gina(), 'notifications'), where('toUid', '==', 'gina')))
		);
		await expectAccess(false, getDocs(query(collection(gina(), 'notifications'), limit(20))));
		await expectAccess(false, mine(customer('mallory')));
		await expectAccess(false, mine(admin()));
	});
});

describe('notifications writes', () => {
	it('the recipient marks one read', async () => {
		await expectAccess(true, updateDoc(doc(gina(), 'notifications/n-gina'), { read: true }));
	});

	it('refuses marking unread, editing the text or recipient, and other people', async () => {
		await expectAccess(false, updateDoc(doc(gina(), 'notifications/n-gina-read'), { read: false }));
		await expectAccess(
			false,
			updateDoc(doc(gina(), 'notifications/n-gina'), { read: true, text: 'All fine.' })
		);
		await expectAccess(
			false,
			updateDoc(doc(gina(), 'notifications/n-gina'), { read: true, toUid: 'luna' })
		);
		await expectAccess(false, updateDoc(doc(gina(), 'notifications/n-luna'), { read: true }));
		await expectAccess(false, updateDoc(doc(admin(), 'notifications/n-gina'), { read: true }));
	});

	it('nobody creates or deletes notifications', async () => {
		await expectAccess(false, addDoc(collection(gina(), 'notifications'), note('gina')));
		await expectAccess(false, addDoc(collection(admin(), 'notifications'), note('luna')));
		await expectAccess(false, deleteDoc(doc(gina(), 'notifications/n-gina')));
		await expectAccess(false, deleteDoc(doc(admin(), 'notifications/n-gina')));
	});
});
