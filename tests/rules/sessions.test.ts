/**
 * sessions/{id} and its messages and parties: the two sides of a chat (the customer; the operator
 * and its group owner) read them; clients write only messages (while the session is active and
 * no lock is pending) and their own window's party document; everything else is the server's.
 */
import {
	collection,
	deleteDoc,
	doc,
	getDoc,
	getDocs,
	increment,
	limit,
	orderBy,
	query,
	serverTimestamp,
	setDoc,
	Timestamp,
	updateDoc,
	where,
	writeBatch,
	type DocumentData,
	type Firestore,
	type QueryConstraint
} from 'firebase/firestore';
import { beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '$shared/config';
import { MESSAGE_ID_PATTERN, SYSTEM_MESSAGE_IDS, type SessionDoc } from '$shared/chat';
import {
	PAST,
	admin,
	anonymous,
	customer,
	expectAccess,
	groupOwner,
	operator,
	meterStepFields,
	nextStep,
	seed,
	uidOf,
	useRulesEnv,
	type Who
} from './setup';

useRulesEnv();

/** A SHA-256 in hex, as a window stores for its leave key. */
const HASH = 'a'.repeat(64);

/** A party document as stored (the server writes this shape when a chat starts). */
function window(role: string) {
	return { role, seenAt: PAST, typingAt: null, leaveKeyHash: HASH, leavingAt: null };
}

type Stored = SessionDoc<typeof PAST>;

function session(fields: Partial<Stored> = {}): Stored {
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

const message = {
	authorUid: 'alice',
	authorRole: 'customer',
	text: 'Hello!',
	createdAt: PAST
};

beforeEach(async () => {
	await seed({
		// alice ↔ luna (group g1): active, ended, and with a lock pending.
		'sessions/s1': session(),
		'sessions/ended': session({ status: 'ended', endedAt: PAST, endedBy: 'operator' }),
		'sessions/locked': session({ lockPending: true }),
		// bob ↔ sol (independent)
		'sessions/s2': session({
			customerUid: 'bob',
			customerName: 'Bob Okafor',
			operatorId: 'sol',
			operatorName: 'Sol Amari',
			groupId: null
		}),
		'sessions/s1/messages/m1': message,
		[`sessions/s1/messages/${SYSTEM_MESSAGE_IDS.started}`]: {
			authorUid: null,
			authorRole: 'system',
			text: 'Luna Vale joined the chat.',
			createdAt: PAST,
			event: 'started'
		},
		'sessions/s1/parties/alice': window('customer'),
		'sessions/s1/parties/luna': { ...window('operator'), typingAt: PAST },
		'sessions/s1/parties/closing': { ...window('customer'), leavingAt: PAST },
		'sessions/locked/parties/alice': window('customer')
	});
});

const alice = () => customer('alice');
const luna = () => operator('luna', 'g1');
const gina = () => groupOwner('gina', 'g1');

/** Everyone the tables walk through (with their uid), and whether they take part in s1. */
const people: (Who & { uid: string })[] = [
	{ who: 'anonymous', uid: 'nobody', db: anonymous, allowed: false },
	{ who: 'a stranger', uid: 'mallory', db: () => customer('mallory'), allowed: false },
	{ who: 'the customer', uid: 'alice', db: alice, allowed: true },
	{ who: 'the operator', uid: 'luna', db: luna, allowed: true },
	{
		who: 'another operator of the group',
		uid: 'orion',
		db: () => operator('orion', 'g1'),
		allowed: false
	},
	{ who: 'an independent operator', uid: 'sol', db: () => operator('sol'), allowed: false },
	{ who: 'the group owner', uid: 'gina', db: gina, allowed: true },
	{ who: 'another group owner', uid: 'gus', db: () => groupOwner('gus', 'g2'), allowed: false },
	{ who: 'an admin', uid: 'admin', db: admin, allowed: false }
];
const participants = people.filter((p) => p.allowed);
const outsiders = people.filter((p) => !p.allowed);

function list(db: Firestore, path: string, ...constraints: QueryConstraint[]) {
	return getDocs(query(collection(db, path), ...constraints));
}

/** A new client-generated message id, as the app makes them. */
function newId(db: Firestore, sessionId = 's1') {
	return doc(collection(db, `sessions/${sessionId}/messages`)).id;
}

/**
 * Posts a message as `db` would from the chat window: in one batch with a step of the writer's
 * `posts` meter in its own party document: by default the step the app would take (nextStep);
 * else `restart` a new window, `count` one more, or `none` without the meter.
 */
async function post(
	db: Firestore,
	fields: DocumentData,
	sessionId = 's1',
	id = newId(db, sessionId),
	as: 'restart' | 'count' | 'none' | 'next' = 'next'
) {
	const step = as === 'next' ? await nextStep(db, sessionId, 'posts') : as;
	const batch = writeBatch(db);
	batch.set(doc(db, `sessions/${sessionId}/messages/${id}`), {
		createdAt: serverTimestamp(),
		...fields
	});
	const writer = uidOf(db);
	if (step !== 'none' && writer) {
		batch.set(doc(db, `sessions/${sessionId}/parties/${writer}`), meterStepFields('posts', step), {
			merge: true
		});
	}
	return batch.commit();
}

describe('sessions reads', () => {
	it.each(people)('get of s1 by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'sessions/s1')));
	});

	it('lists constrained to one own side, bounded', async () => {
		const page = limit(LIMITS.pageMax);
		await expectAccess(
			true,
			list(
				alice(),
				'sessions',
				where('customerUid', '==', 'alice'),
				orderBy('startedAt', 'desc'),
				page
			)
		);
		await expectAccess(
			true,
			list(
				luna(),
				'sessions',
				where('operatorId', '==', 'luna'),
				where('status', '==', 'active'),
				page
			)
		);
		await expectAccess(true, list(gina(), 'sessions', where('groupId', '==', 'g1'), page));

		await expectAccess(false, list(alice(), 'sessions', where('customerUid', '==', 'alice')));
		await expectAccess(
			false,
			list(alice(), 'sessions', where('customerUid', '==', 'alice'), limit(LIMITS.pageMax + 1))
		);
		await expectAccess(false, list(alice(), 'sessions', where('customerUid', '==', 'bob'), page));
		await expectAccess(false, list(luna(), 'sessions', where('groupId', '==', 'g1'), page));
		await expectAccess(
			false,
			list(groupOwner('gus', 'g2'), 'sessions', where('groupId', '==', 'g1'), page)
		);
		await expectAccess(false, list(gina(), 'sessions', where('operatorId', '==', 'sol'), page));
		for (const { db } of people) await expectAccess(false, list(db(), 'sessions', page));
	});
});

describe('sessions writes', () => {
	it.each(people)('create, update, delete by $who: denied', async ({ db }) => {
		await expectAccess(false, setDoc(doc(db(), 'sessions/new'), session()));
		await expectAccess(false, updateDoc(doc(db(), 'sessions/locked'), { lockPending: false }));
		await expectAccess(false, updateDoc(doc(db(), 'sessions/ended'), { status: 'active' }));
		await expectAccess(
			false,
			updateDoc(doc(db(), 'sessions/ended'), { rating: { stars: 5, comment: '', at: PAST } })
		);
		await expectAccess(false, deleteDoc(doc(db(), 'sessions/s1')));
	});
});

describe('messages reads', () => {
	it.each(people)('get and bounded list by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'sessions/s1/messages/m1')));
		await expectAccess(
			allowed,
			list(db(), 'sessions/s1/messages', orderBy('createdAt', 'desc'), limit(LIMITS.pageMax))
		);
	});

	it('refuses unbounded transcripts, and reading another chat', async () => {
		await expectAccess(false, list(alice(), 'sessions/s1/messages', orderBy('createdAt')));
		await expectAccess(false, list(alice(), 'sessions/s1/messages', limit(LIMITS.pageMax + 1)));
		await expectAccess(false, list(alice(), 'sessions/s2/messages', limit(10)));
		await expectAccess(false, list(gina(), 'sessions/s2/messages', limit(10)));
		// A session that does not exist has no participants.
		await expectAccess(false, list(alice(), 'sessions/nope/messages', limit(10)));
	});
});

describe('messages create', () => {
	it('each side posts as itself; a group owner posts on the operator side under its own uid', async () => {
		// A group owner's window writes its own party document when it opens (the server writes
		// the two sides' when the chat starts).
		await setDoc(doc(gina(), 'sessions/s1/parties/gina'), {
			role: 'operator',
			seenAt: serverTimestamp(),
			typingAt: null,
			leaveKeyHash: HASH,
			leavingAt: null
		});
		await expectAccess(
			true,
			post(alice(), { authorUid: 'alice', authorRole: 'customer', text: 'Hi' })
		);
		await expectAccess(
			true,
			post(luna(), { authorUid: 'luna', authorRole: 'operator', text: 'Hello' })
		);
		await expectAccess(
			true,
			post(gina(), { authorUid: 'gina', authorRole: 'operator', text: 'Hey' })
		);
	});

	it('takes ids shaped like Firestore auto ids, so a system line id cannot be taken', async () => {
		expect(newId(alice())).toMatch(MESSAGE_ID_PATTERN);
		const mine = { authorUid: 'alice', authorRole: 'customer', text: 'Hi' };
		await expectAccess(false, post(alice(), mine, 's1', SYSTEM_MESSAGE_IDS.ended));
		await expectAccess(false, post(alice(), mine, 's1', 'short'));
		await expectAccess(false, post(alice(), mine, 's1', 'A'.repeat(21)));
	});

	it('a message is sent once: writing the same id again is refused', async () => {
		const id = newId(alice());
		const mine = { authorUid: 'alice', authorRole: 'customer', text: 'Once' };
		await expectAccess(true, post(alice(), mine, 's1', id));
		await expectAccess(false, post(alice(), mine, 's1', id));
	});

	it.each(outsiders)('refuses $who, whatever they claim', async ({ db, uid }) => {
		for (const authorRole of ['customer', 'operator']) {
			await expectAccess(false, post(db(), { authorUid: uid, authorRole, text: 'Hi' }));
			await expectAccess(false, post(db(), { authorUid: 'alice', authorRole, text: 'Hi' }));
		}
	});

	it('refuses forged authors and sides', async () => {
		await expectAccess(
			false,
			post(alice(), { authorUid: 'luna', authorRole: 'operator', text: 'x' })
		);
		await expectAccess(
			false,
			post(alice(), { authorUid: 'alice', authorRole: 'operator', text: 'x' })
		);
		await expectAccess(
			false,
			post(alice(), { authorUid: 'alice', authorRole: 'system', text: 'x' })
		);
		await expectAccess(
			false,
			post(luna(), { authorUid: 'luna', authorRole: 'customer', text: 'x' })
		);
		await expectAccess(
			false,
			post(luna(), { authorUid: 'alice', authorRole: 'customer', text: 'x' })
		);
		await expectAccess(false, post(luna(), { authorUid: 'luna', authorRole: 'system', text: 'x' }));
		await expectAccess(
			false,
			post(gina(), { authorUid: 'luna', authorRole: 'operator', text: 'x' })
		);
		await expectAccess(
			false,
			post(gina(), { authorUid: 'gina', authorRole: 'customer', text: 'x' })
		);
	});

	it('refuses posting into an ended session, and anyone while a lock is pending', async () => {
		for (const sessionId of ['ended', 'locked']) {
			await expectAccess(
				false,
				post(alice(), { authorUid: 'alice', authorRole: 'customer', text: 'x' }, sessionId)
			);
			await expectAccess(
				false,
				post(luna(), { authorUid: 'luna', authorRole: 'operator', text: 'x' }, sessionId)
			);
			await expectAccess(
				false,
				post(gina(), { authorUid: 'gina', authorRole: 'operator', text: 'x' }, sessionId)
			);
		}
		await expectAccess(
			false,
			post(alice(), { authorUid: 'alice', authorRole: 'customer', text: 'x' }, 'nope')
		);
	});

	it('refuses client timestamps, missing and extra keys', async () => {
		const mine = { authorUid: 'alice', authorRole: 'customer', text: 'Hi' };
		await expectAccess(false, post(alice(), { ...mine, createdAt: PAST }));
		await expectAccess(false, post(alice(), { ...mine, createdAt: null }));
		await expectAccess(false, post(alice(), { ...mine, event: 'started' }));
		await expectAccess(false, post(alice(), { ...mine, html: '<b>x</b>' }));
		await expectAccess(false, setDoc(doc(alice(), `sessions/s1/messages/${newId(alice())}`), mine));
		await expectAccess(
			false,
			setDoc(doc(alice(), `sessions/s1/messages/${newId(alice())}`), {
				authorUid: 'alice',
				authorRole: 'customer',
				createdAt: serverTimestamp()
			})
		);
	});

	it.each([
		['empty', '', false],
		['only spaces and newlines', ' \n\t ', false],
		['one character', 'a', true],
		['a line break inside', 'first\nsecond', true],
		[`exactly ${LIMITS.messageMax} characters`, 'a'.repeat(LIMITS.messageMax), true],
		[`${LIMITS.messageMax + 1} characters`, 'a'.repeat(LIMITS.messageMax + 1), false],
		['a 100k-character text', 'a'.repeat(100_000), false],
		// The app counts UTF-16 units: a full-length text of emoji is within the rules' count.
		[`${LIMITS.messageMax / 2} emoji`, '😀'.repeat(LIMITS.messageMax / 2), true],
		['a number', 42, false],
		['a list', ['hi'], false]
	])('text %s: allowed %s', async (_what, text, allowed) => {
		await expectAccess(
			allowed,
			post(alice(), { authorUid: 'alice', authorRole: 'customer', text })
		);
	});
});

describe('messages flood meter', () => {
	const mine = { authorUid: 'alice', authorRole: 'customer', text: 'Hi' };
	const aliceParty = () => doc(alice(), 'sessions/s1/parties/alice');
	const ago = (ms: number) => Timestamp.fromMillis(Date.now() - ms);
	/** Alice's meter as stored: `posts` counted in a window that began `msAgo` ago. */
	const counted = (posts: number, msAgo: number) =>
		seed({ 'sessions/s1/parties/alice': { ...window('customer'), posts, postsSince: ago(msAgo) } });

	it('a message goes only with a step of its author’s meter', async () => {
		await expectAccess(false, post(alice(), mine, 's1', newId(alice()), 'none'));
		await expectAccess(true, post(alice(), mine, 's1', newId(alice()), 'restart'));
	});

	it(`at most ${LIMITS.messagesPerMinute} a minute: the next is refused, restarting the window too`, async () => {
		await counted(LIMITS.messagesPerMinute - 1, 5_000);
		await expectAccess(true, post(alice(), mine, 's1', newId(alice()), 'count'));
		await expectAccess(false, post(alice(), mine, 's1', newId(alice()), 'count'));
		await expectAccess(false, post(alice(), mine, 's1', newId(alice()), 'restart'));
		expect((await getDoc(aliceParty())).get('posts')).toBe(LIMITS.messagesPerMinute);
	});

	it('a window that began a minute ago is restarted, not counted on', async () => {
		await counted(LIMITS.messagesPerMinute, 61_000);
		await expectAccess(false, post(alice(), mine, 's1', newId(alice()), 'count'));
		await expectAccess(true, post(alice(), mine, 's1', newId(alice()), 'restart'));
		expect((await getDoc(aliceParty())).get('posts')).toBe(1);
	});

	it('counts up through a window: a restart, then steps of one', async () => {
		await expectAccess(true, post(alice(), mine, 's1', newId(alice()), 'restart'));
		for (let i = 0; i < 3; i++) {
			await expectAccess(true, post(alice(), mine, 's1', newId(alice()), 'count'));
		}
		await expectAccess(false, post(alice(), mine, 's1', newId(alice()), 'restart'));
		expect((await getDoc(aliceParty())).get('posts')).toBe(4);
	});

	it('refuses a meter set back, skipped, back-dated or stepped on someone else’s document', async () => {
		await counted(LIMITS.messagesPerMinute, 5_000);
		const message = (extra: DocumentData, party = 'alice') => {
			const db = alice();
			const batch = writeBatch(db);
			batch.set(doc(db, `sessions/s1/messages/${newId(db)}`), {
				...mine,
				createdAt: serverTimestamp()
			});
			batch.set(doc(db, `sessions/s1/parties/${party}`), extra, { merge: true });
			return batch.commit();
		};
		await expectAccess(false, message({ posts: 1 }));
		await expectAccess(false, message({ posts: 0, postsSince: serverTimestamp() }));
		await expectAccess(false, message({ posts: 1, postsSince: Timestamp.now() }));
		await expectAccess(false, message({ posts: 1, postsSince: PAST }));
		await expectAccess(false, message({ posts: increment(2) }));
		await expectAccess(false, message(meterStepFields('posts', 'restart'), 'luna'));
		// Without a message, the same writes to the meter are refused as well.
		await expectAccess(false, updateDoc(aliceParty(), { posts: 0 }));
		await expectAccess(false, updateDoc(aliceParty(), { postsSince: serverTimestamp(), posts: 1 }));
		await expectAccess(false, updateDoc(aliceParty(), { postsSince: PAST }));
		// A heartbeat leaves the meter as it is.
		await expectAccess(true, updateDoc(aliceParty(), { seenAt: serverTimestamp() }));
		expect((await getDoc(aliceParty())).get('posts')).toBe(LIMITS.messagesPerMinute);
	});

	it('a window coming back (announceWindow, a merge) keeps the meter', async () => {
		await counted(7, 5_000);
		await expectAccess(
			true,
			setDoc(
				aliceParty(),
				{ ...window('customer'), seenAt: serverTimestamp(), leaveKeyHash: 'b'.repeat(64) },
				{ merge: true }
			)
		);
		expect((await getDoc(aliceParty())).get('posts')).toBe(7);
		// A whole-document write would drop it, and is refused.
		await expectAccess(
			false,
			setDoc(aliceParty(), { ...window('customer'), seenAt: serverTimestamp() })
		);
	});
});

describe('messages update and delete', () => {
	it.each(people)('by $who: denied, even of their own message', async ({ db }) => {
		await expectAccess(false, updateDoc(doc(db(), 'sessions/s1/messages/m1'), { text: 'Edited' }));
		await expectAccess(
			false,
			updateDoc(doc(db(), `sessions/s1/messages/${SYSTEM_MESSAGE_IDS.started}`), { text: 'x' })
		);
		await expectAccess(false, deleteDoc(doc(db(), 'sessions/s1/messages/m1')));
	});
});

describe('parties reads', () => {
	it.each(people)('get and bounded list by $who: allowed $allowed', async ({ db, allowed }) => {
		await expectAccess(allowed, getDoc(doc(db(), 'sessions/s1/parties/luna')));
		await expectAccess(allowed, getDoc(doc(db(), 'sessions/s1/parties/alice')));
		await expectAccess(allowed, list(db(), 'sessions/s1/parties', limit(10)));
	});

	it('refuses unbounded lists', async () => {
		await expectAccess(false, list(alice(), 'sessions/s1/parties'));
	});
});

describe('parties writes', () => {
	/** A window load's first write (src/lib/data/parties.ts announceWindow). */
	const beat = (role: string, typingAt: unknown = null) => ({
		role,
		seenAt: serverTimestamp(),
		typingAt,
		leaveKeyHash: HASH,
		leavingAt: null
	});
	/** A window whose close the server has announced (its own person, on its own document). */
	const closing = () => customer('closing');
	const party = (db: Firestore, uid: string, sessionId = 's1') =>
		doc(db, `sessions/${sessionId}/parties/${uid}`);

	it('each participant writes its own window: heartbeat and typing mark at the server time', async () => {
		await expectAccess(true, setDoc(party(alice(), 'alice'), beat('customer')));
		await expectAccess(true, setDoc(party(luna(), 'luna'), beat('operator', serverTimestamp())));
		await expectAccess(true, setDoc(party(gina(), 'gina'), beat('operator')));
		await expectAccess(true, updateDoc(party(alice(), 'alice'), { typingAt: serverTimestamp() }));
		await expectAccess(true, updateDoc(party(alice(), 'alice'), { seenAt: serverTimestamp() }));
		await expectAccess(true, updateDoc(party(luna(), 'luna'), { typingAt: null }));
		await expectAccess(
			true,
			setDoc(party(alice(), 'alice'), { seenAt: serverTimestamp() }, { merge: true })
		);
	});

	it('heartbeats go on while a lock is pending', async () => {
		await expectAccess(true, setDoc(party(alice(), 'alice', 'locked'), beat('customer')));
	});

	it('refuses client clocks, other roles, other keys and deletion', async () => {
		// The seeded documents hold PAST: a different client time is a change, not "unchanged".
		const client = Timestamp.fromMillis(PAST.toMillis() + 60_000);
		await expectAccess(false, updateDoc(party(alice(), 'alice'), { seenAt: client }));
		await expectAccess(false, updateDoc(party(alice(), 'alice'), { typingAt: client }));
		await expectAccess(false, updateDoc(party(luna(), 'luna'), { typingAt: client }));
		await expectAccess(false, updateDoc(party(luna(), 'luna'), { seenAt: Timestamp.now() }));
		await expectAccess(
			false,
			setDoc(party(alice(), 'alice'), { ...beat('customer'), seenAt: client })
		);
		await expectAccess(false, setDoc(party(gina(), 'gina'), { ...beat('operator'), seenAt: PAST }));
		await expectAccess(false, setDoc(party(alice(), 'alice'), beat('operator')));
		await expectAccess(false, setDoc(party(gina(), 'gina'), beat('customer')));
		await expectAccess(
			false,
			setDoc(party(luna(), 'luna'), { ...beat('operator'), status: 'here' })
		);
		await expectAccess(
			false,
			setDoc(party(alice(), 'alice'), { role: 'customer', seenAt: serverTimestamp() })
		);
		await expectAccess(false, setDoc(party(luna(), 'luna'), beat('system')));
		await expectAccess(false, deleteDoc(party(alice(), 'alice')));
		await expectAccess(false, deleteDoc(party(luna(), 'luna')));
	});

	it("refuses writing someone else's window", async () => {
		await expectAccess(false, setDoc(party(alice(), 'luna'), beat('operator')));
		await expectAccess(false, updateDoc(party(alice(), 'luna'), { seenAt: serverTimestamp() }));
		await expectAccess(false, setDoc(party(gina(), 'luna'), beat('operator')));
		await expectAccess(false, setDoc(party(luna(), 'alice'), beat('customer')));
	});

	it.each(outsiders)('refuses $who in a chat they are not part of', async ({ db, uid }) => {
		for (const role of ['customer', 'operator']) {
			await expectAccess(false, setDoc(party(db(), uid), beat(role)));
		}
	});

	it('a window may clear an announced close, never announce one or forge its time', async () => {
		// Coming back (a reload): the whole document again, with no close pending.
		await expectAccess(true, setDoc(party(alice(), 'alice'), beat('customer')));
		await expectAccess(false, updateDoc(party(alice(), 'alice'), { leavingAt: serverTimestamp() }));
		await expectAccess(false, updateDoc(party(alice(), 'alice'), { leavingAt: PAST }));
		await expectAccess(
			false,
			setDoc(party(gina(), 'gina'), { ...beat('operator'), leavingAt: serverTimestamp() })
		);
		// A heartbeat leaves a pending close as it is (only coming back clears it).
		await expectAccess(
			true,
			setDoc(
				party(closing(), 'closing'),
				{ role: 'customer', seenAt: serverTimestamp() },
				{ mergeFields: ['role', 'seenAt'] }
			)
		);
		await expectAccess(true, updateDoc(party(closing(), 'closing'), { leavingAt: null }));
	});

	it('the leave-key hash is a SHA-256 in hex, or left as it is', async () => {
		for (const leaveKeyHash of [
			'A'.repeat(64),
			'a'.repeat(63),
			'a'.repeat(65),
			12,
			null,
			'g'.repeat(64)
		]) {
			await expectAccess(
				false,
				setDoc(party(gina(), 'gina'), { ...beat('operator'), leaveKeyHash })
			);
		}
		await expectAccess(false, updateDoc(party(alice(), 'alice'), { leaveKeyHash: 'x' }));
		await expectAccess(true, updateDoc(party(alice(), 'alice'), { leaveKeyHash: 'b'.repeat(64) }));
		// Nobody else can give a window a key of theirs, so nobody else can announce its close.
		await expectAccess(false, updateDoc(party(luna(), 'alice'), { leaveKeyHash: 'c'.repeat(64) }));
	});

	it('refuses writes once the session has ended (the server removed its windows)', async () => {
		await expectAccess(false, setDoc(party(alice(), 'alice', 'ended'), beat('customer')));
		await expectAccess(
			false,
			setDoc(party(alice(), 'alice', 'ended'), { seenAt: serverTimestamp() }, { merge: true })
		);
		await expectAccess(
			false,
			updateDoc(party(alice(), 'alice', 'ended'), { seenAt: serverTimestamp() })
		);
		await expectAccess(false, setDoc(party(luna(), 'luna', 'ended'), beat('operator')));
		await expectAccess(false, setDoc(party(alice(), 'alice', 'nope'), beat('customer')));
	});
});
