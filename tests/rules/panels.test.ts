/** panels/{panelId}: the owner reads its panel and refreshes its heartbeat; nothing else. */
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
import {
	PAST,
	admin,
	anonymous,
	expectAccess,
	groupOwner,
	operator,
	seed,
	useRulesEnv
} from './setup';

useRulesEnv();

const panel = (extra: Record<string, unknown> = {}) => ({
	ownerUid: 'gina',
	operatorIds: ['luna', 'orion'],
	closeKeyHash: 'a'.repeat(64),
	openedAt: PAST,
	heartbeatAt: PAST,
	closedAt: null,
	closedReason: null,
	...extra
});

beforeEach(async () => {
	await seed({
		'panels/p1': panel(),
		'panels/closed': panel({ closedAt: PAST, closedReason: 'closed' })
	});
});

const gina = () => groupOwner('gina', 'g1');

describe('panels reads', () => {
	it('the owner reads its panel; others do not', async () => {
		await expectAccess(true, getDoc(doc(gina(), 'panels/p1')));
		await expectAccess(false, getDoc(doc(anonymous(), 'panels/p1')));
		await expectAccess(false, getDoc(doc(operator('luna', 'g1'), 'panels/p1')));
		await expectAccess(false, getDoc(doc(groupOwner('gus', 'g1'), 'panels/p1')));
	});

	it('nobody lists panels, not even bounded', async () => {
		await expectAccess(false, getDocs(query(collection(gina(), 'panels'), limit(10))));
		await expectAccess(false, getDocs(query(collection(admin(), 'panels'), limit(10))));
	});
});

describe('panels writes', () => {
	it('the owner refreshes the heartbeat with the server time', async () => {
		await expectAccess(
			true,
			updateDoc(doc(gina(), 'panels/p1'), { heartbeatAt: serverTimestamp() })
		);
	});

	it('refuses a client clock, other fields, other people and closed panels', async () => {
		await expectAccess(false, updateDoc(doc(gina(), 'panels/p1'), { heartbeatAt: PAST }));
		await expectAccess(
			false,
			updateDoc(doc(gina(), 'panels/p1'), { heartbeatAt: serverTimestamp(), operatorIds: ['sol'] })
		);
		await expectAccess(
			false,
			updateDoc(doc(gina(), 'panels/p1'), { closeKeyHash: 'b'.repeat(64) })
		);
		await expectAccess(
			false,
			updateDoc(doc(operator('luna', 'g1'), 'panels/p1'), { heartbeatAt: serverTimestamp() })
		);
		await expectAccess(
			false,
			updateDoc(doc(gina(), 'panels/closed'), { heartbeatAt: serverTimestamp() })
		);
	});

	it('nobody creates or deletes panels from a client', async () => {
		await expectAccess(false, setDoc(doc(gina(), 'panels/mine'), panel()));
		await expectAccess(false, setDoc(doc(admin(), 'panels/mine'), panel({ ownerUid: 'admin' })));
		await expectAccess(false, deleteDoc(doc(gina(), 'panels/p1')));
	});
});
