/**
 * sessions/{id}/signals: the webcam's signalling. Only the two sides of an active session read
 * and write them, each as itself and its own side, with bounded sizes and the server's time;
 * the operator side offers and stops, the customer answers; nothing is updated or deleted.
 */
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
	Timestamp,
	updateDoc,
	writeBatch,
	type DocumentData,
	type Firestore
} from 'firebase/firestore';
import { beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '$shared/config';
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
	nextStep,
	operator,
	seed,
	uidOf,
	useRulesEnv,
	type Who
} from './setup';

useRulesEnv();

function session(fields: Partial<SessionDoc<typeof PAST>> = {}) {
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
		lockPending: false,
		rating: null,
		heartbeatSeconds: 10,
		windowTimeoutSeconds: 30,
		...fields
	};
}

const OFFER = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n';
const EPOCH = 'abcdEFGH1234';

beforeEach(async () => {
	await seed({
		'sessions/s1': session(),
		'sessions/ended': session({ status: 'ended', endedAt: PAST, endedBy: 'operator' }),
		'sessions/locked': session({ lockPending: true }),
		'sessions/s1/parties/alice': openedParty('customer'),
		'sessions/s1/parties/luna': openedParty('operator'),
		'sessions/s1/parties/gina': openedParty('operator'),
		'sessions/locked/parties/alice': openedParty('customer'),
		'sessions/locked/parties/luna': openedParty('operator'),
		'sessions/ended/parties/luna': openedParty('operator'),
		'sessions/s1/signals/o1': {
			from: 'luna',
			side: 'operator',
			epoch: EPOCH,
			kind: 'offer',
			data: OFFER,
			createdAt: PAST
		}
	});
});

const alice = () => customer('alice');
const luna = () => operator('luna', 'g1');
const gina = () => groupOwner('gina', 'g1');

const people: (Who & { uid: string; side: string })[] = [
	{ who: 'anonymous', uid: 'nobody', side: 'customer', db: anonymous, allowed: false },
	{
		who: 'a stranger',
		uid: 'mallory',
		side: 'customer',
		db: () => customer('mallory'),
		allowed: false
	},
	{ who: 'the customer', uid: 'alice', side: 'customer', db: alice, allowed: true },
	{ who: 'the operator', uid: 'luna', side: 'operator', db: luna, allowed: true },
	{ who: 'the group owner', uid: 'gina', side: 'operator', db: gina, allowed: true },
	{
		who: 'another operator of the group',
		uid: 'orion',
		side: 'operator',
		db: () => operator('orion', 'g1'),
		allowed: false
	},
	{
		who: 'another group owner',
		uid: 'gus',
		side: 'operator',
		db: () => groupOwner('gus', 'g2'),
		allowed: false
	},
	{ who: 'an admin', uid: 'admin', side: 'operator', db: admin, allowed: false }
];

/**
 * Writes a signal as the app does: in one batch with a step of the writer's `signals` meter in
 * its own party document (by default the step the app would take; `none`: without it).
 */
async function signal(
	db: Firestore,
	fields: DocumentData,
	sessionId = 's1',
	as: 'next' | 'none' = 'next'
) {
	const batch = writeBatch(db);
	batch.set(doc(collection(db, `sessions/${sessionId}/signals`)), {
		epoch: EPOCH,
		data: '',
		createdAt: serverTimestamp(),
		...fields
	});
	const writer = uidOf(db);
	if (as === 'next' && writer) {
		batch.set(
			doc(db, `sessions/${sessionId}/parties/${writer}`),
			meterStepFields('signals', await nextStep(db, sessionId, 'signals')),
			{ merge: true }
		);
	}
	return batch.commit();
}

const offerBy = (uid: string, extra: DocumentData = {}) => ({
	from: uid,
	side: 'operator',
	kind: 'offer',
	data: OFFER,
	...extra
});
const answerBy = (uid: string, extra: DocumentData = {}) => ({
	from: uid,
	side: 'customer',
	kind: 'answer',
	data: OFFER,
	...extra
});

describe('signals reads', () => {
	it.each(people)('get and list by $who: allowed=$allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'sessions/s1/signals/o1')));
		await expectAccess(
			allowed,
			getDocs(
				query(collection(db(), 'sessions/s1/signals'), orderBy('createdAt', 'desc'), limit(100))
			)
		);
	});

	it('an unbounded list is refused, even to a participant', async () => {
		await expectAccess(false, getDocs(collection(alice(), 'sessions/s1/signals')));
		await expectAccess(
			false,
			getDocs(query(collection(luna(), 'sessions/s1/signals'), limit(101)))
		);
	});
});

describe('signals writes by each person, as their own side', () => {
	it.each(people)('$who writes its side signals: allowed=$allowed', async (p) => {
		const fields = p.side === 'operator' ? offerBy(p.uid) : answerBy(p.uid);
		await expectAccess(p.allowed, signal(p.db(), fields));
		await expectAccess(
			p.allowed,
			signal(p.db(), { from: p.uid, side: p.side, kind: 'candidate', data: '{"candidate":""}' })
		);
	});
});

describe('signals: attacks', () => {
	it('a forged `from` (another participant) is refused', async () => {
		await expectAccess(false, signal(alice(), answerBy('luna')));
		await expectAccess(false, signal(luna(), offerBy('alice')));
		await expectAccess(false, signal(gina(), offerBy('luna')));
	});

	it('a forged side is refused: the customer cannot offer video, nor claim the operator side', async () => {
		await expectAccess(false, signal(alice(), { ...answerBy('alice'), side: 'operator' }));
		await expectAccess(false, signal(alice(), offerBy('alice')));
		await expectAccess(false, signal(alice(), { ...offerBy('alice'), side: 'customer' }));
		await expectAccess(
			false,
			signal(alice(), { from: 'alice', side: 'customer', kind: 'live', data: '' })
		);
		await expectAccess(false, signal(luna(), { ...answerBy('luna'), side: 'operator' }));
	});

	it('nothing may be written to an ended session; reads stay open to participants', async () => {
		await expectAccess(false, signal(luna(), offerBy('luna'), 'ended'));
		await expectAccess(false, signal(alice(), answerBy('alice'), 'ended'));
		await expectAccess(
			false,
			signal(luna(), { from: 'luna', side: 'operator', kind: 'stop', data: '' }, 'ended')
		);
	});

	it('while a lock is pending: no offer or live start, but a camera can still be stopped', async () => {
		await expectAccess(false, signal(luna(), offerBy('luna'), 'locked'));
		await expectAccess(
			false,
			signal(luna(), { from: 'luna', side: 'operator', kind: 'live', data: '' }, 'locked')
		);
		await expectAccess(
			true,
			signal(luna(), { from: 'luna', side: 'operator', kind: 'stop', data: '' }, 'locked')
		);
	});

	it('sizes are bounded: SDP up to 20000 characters, a candidate up to 2000, markers empty', async () => {
		await expectAccess(true, signal(luna(), offerBy('luna', { data: 'x'.repeat(20000) })));
		await expectAccess(false, signal(luna(), offerBy('luna', { data: 'x'.repeat(20001) })));
		await expectAccess(false, signal(luna(), offerBy('luna', { data: '' })));
		await expectAccess(false, signal(alice(), answerBy('alice', { data: 'x'.repeat(20001) })));
		const candidate = { from: 'alice', side: 'customer', kind: 'candidate' };
		await expectAccess(true, signal(alice(), { ...candidate, data: 'x'.repeat(2000) }));
		await expectAccess(false, signal(alice(), { ...candidate, data: 'x'.repeat(2001) }));
		await expectAccess(
			false,
			signal(luna(), { from: 'luna', side: 'operator', kind: 'stop', data: 'x' })
		);
	});

	it('exact keys, a known kind, a well-formed epoch and the server time', async () => {
		await expectAccess(false, signal(luna(), offerBy('luna', { extra: 1 })));
		await expectAccess(false, signal(luna(), offerBy('luna', { kind: 'renegotiate' })));
		await expectAccess(false, signal(luna(), offerBy('luna', { epoch: 'short' })));
		await expectAccess(false, signal(luna(), offerBy('luna', { epoch: 'has spaces in it!' })));
		await expectAccess(false, signal(luna(), offerBy('luna', { epoch: 'x'.repeat(33) })));
		await expectAccess(false, signal(luna(), offerBy('luna', { createdAt: PAST })));
		await expectAccess(false, signal(luna(), offerBy('luna', { data: 12 })));
		const { epoch: _omitted, ...noEpoch } = { ...offerBy('luna'), epoch: EPOCH };
		await expectAccess(
			false,
			setDoc(doc(collection(luna(), 'sessions/s1/signals')), {
				...noEpoch,
				createdAt: serverTimestamp()
			})
		);
	});

	it.each(people)('$who cannot update or delete a signal', async ({ db }) => {
		await expectAccess(false, updateDoc(doc(db(), 'sessions/s1/signals/o1'), { data: 'v=1' }));
		await expectAccess(false, deleteDoc(doc(db(), 'sessions/s1/signals/o1')));
	});
});

describe('signals flood meter', () => {
	const lunaParty = () => doc(luna(), 'sessions/s1/parties/luna');
	const candidate = {
		from: 'luna',
		side: 'operator',
		kind: 'candidate',
		data: '{"candidate":"x"}'
	};

	it('a signal goes only with a step of its sender’s meter', async () => {
		await expectAccess(false, signal(luna(), offerBy('luna'), 's1', 'none'));
		await expectAccess(true, signal(luna(), offerBy('luna')));
		await expectAccess(true, signal(luna(), candidate));
		expect((await getDoc(lunaParty())).get('signals')).toBe(2);
	});

	it(`at most ${LIMITS.signalsPerMinute} a minute, counted per person`, async () => {
		await seed({
			'sessions/s1/parties/luna': {
				...openedParty('operator'),
				signals: LIMITS.signalsPerMinute - 1,
				signalsSince: Timestamp.fromMillis(Date.now() - 5_000)
			}
		});
		await expectAccess(true, signal(luna(), candidate));
		await expectAccess(false, signal(luna(), candidate));
		const db = luna();
		const restart = writeBatch(db);
		restart.set(doc(collection(db, 'sessions/s1/signals')), {
			...candidate,
			epoch: EPOCH,
			createdAt: serverTimestamp()
		});
		restart.set(doc(db, 'sessions/s1/parties/luna'), meterStepFields('signals', 'restart'), {
			merge: true
		});
		await expectAccess(false, restart.commit());
		// The customer's own meter is not the operator's.
		await expectAccess(true, signal(alice(), answerBy('alice')));
	});
});
