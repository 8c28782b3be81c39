/**
 * The attack matrix: every attack of the product's list, made the way an attacker would make it
 * against the running system (Auth, Firestore with firestore.rules, the Functions emulator), and
 * each one refused while changing nothing.
 *
 * Attackers are real accounts of a realistic world (the demo seed, then chats made with the money
 * kit and the app's own writes): reads and writes go through the Firebase web SDK signed in as
 * that person, so the rules decide; callables go over the callable protocol with that person's ID
 * token. Every row takes the fingerprint of the whole database, makes its attack, expects the
 * precise refusal (`permission-denied` from the SDK, or the callable's canonical status), then
 * expects the same fingerprint.
 *
 * Most refused writes differ from a write the world set-up makes successfully (a message, a
 * profile, an avatar, feedback, a chat window) in the attacked part only, so each row fails for
 * the reason it names.
 */
import {
	Timestamp,
	collection,
	collectionGroup,
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
	setLogLevel,
	updateDoc,
	where,
	writeBatch,
	type DocumentData,
	type DocumentReference
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, LIMITS } from '$shared/config';
import { METERS, meterStep, type MeterName, type MeterStep } from '$shared/meters';
import { meterFields } from '../../src/lib/data/meter-fields';
import { recordMiss } from '../../functions/lib/presence/miss-policy.js';
import { callFunction, createAccount, resetAndSeed, type CallResult } from '../emulator';
import { Client } from '../web-client';
import { db, fingerprint } from './admin-sdk';
import { expectOk, expectRefused } from './expect-call';
import {
	agree,
	call,
	expectMoneyInvariants,
	newKey,
	offer,
	openSession,
	type Person
} from './money-kit';

// Refused requests are what this file expects; the SDK would log each one as a warning.
setLogLevel('silent');

/** One row of the matrix. */
interface Attack {
	/** The attack, as the test's name. */
	name: string;
	/** Makes the attack and expects its refusal. */
	attack: () => Promise<void>;
	/**
	 * A legitimate step the attacker takes first, outside the comparison (opening its own control
	 * panel); returns its undo, run after the comparison.
	 */
	prepare?: () => Promise<() => Promise<void>>;
}

/** The rules refused: the web SDK's promise rejects with permission-denied. */
async function denied(attempt: Promise<unknown>): Promise<void> {
	await expect(attempt).rejects.toMatchObject({ code: 'permission-denied' });
}

/** The callable refused with exactly this canonical status (and a sentence the app can show). */
async function refused(attempt: Promise<CallResult<unknown>>, status: string): Promise<void> {
	expectRefused(await attempt, status);
}

async function run(row: Attack): Promise<void> {
	const undo = await row.prepare?.();
	try {
		const before = await fingerprint();
		await row.attack();
		expect(await fingerprint(), 'the database after the attack').toEqual(before);
	} finally {
		await undo?.();
	}
}

// ---- The world ---------------------------------------------------------------------------------

interface World {
	/** Customers: Alice (the victim, funded by the seed), Bob (another customer). */
	alice: Client;
	bob: Client;
	/** An account that signed up but has no users document yet. */
	newcomer: Client;
	/** Operators of the demo group, its owner, and an independent operator. */
	luna: Client;
	orion: Client;
	owner: Client;
	sol: Client;
	admin: Client;
	groupId: string;
	/** Alice ↔ Luna: active, with messages, nothing pending. */
	open: string;
	aliceMessage: string;
	lunaMessage: string;
	/** Alice ↔ Sol: active, with messages, and an offer waiting that Alice's window has seen. */
	locked: string;
	lockId: string;
	/** Alice ↔ Orion: Alice paid an offer, the chat ended, Alice rated it. */
	ended: string;
	paidKey: string;
	paidLockId: string;
	payment: string;
	/** Alice's ledger entry of that payment. */
	aliceEntry: string;
	/** A notification to Luna (the miss policy set her offline). */
	lunaNotice: string;
}

let w: World;

const PNG =
	'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwAD' +
	'hgGAWjR9awAAAABJRU5ErkJggg==';
const HOUR = 3_600_000;
const ref = (who: Client, path: string) => doc(who.db, path);

/** A message as the app writes it (src/lib/data/messages.ts). */
function message(who: Client, side: 'customer' | 'operator', text = 'Hello.'): DocumentData {
	return { authorUid: who.uid, authorRole: side, text, createdAt: serverTimestamp() };
}

/**
 * Writes `data` to `target` as the app does (src/lib/data/meter.ts): in one batch with the step
 * of the writer's flood meter that the app would take, from its party document as stored. So a
 * refused write differs from an accepted one in the attacked part only. `step` forces one.
 */
async function metered(
	who: Client,
	sessionId: string,
	name: MeterName,
	target: DocumentReference,
	data: DocumentData,
	step?: MeterStep
): Promise<void> {
	const partyPath = `sessions/${sessionId}/parties/${who.uid}`;
	const stored = await db().doc(partyPath).get();
	const { count, since } = METERS[name];
	const state = {
		count: (stored.get(count) as number | undefined) ?? null,
		sinceMs: (stored.get(since) as { toMillis(): number } | undefined)?.toMillis() ?? null
	};
	const next = step ?? meterStep(state, name, Date.now());
	const batch = writeBatch(who.db);
	batch.set(target, data);
	batch.set(
		doc(who.db, partyPath),
		meterFields(name, next.kind === 'full' ? { kind: 'count' } : next),
		{
			merge: true
		}
	);
	await batch.commit();
}

/** Writes a message on a fresh client id, as the app does; answers its id. */
async function post(
	who: Client,
	sessionId: string,
	data: DocumentData,
	step?: MeterStep
): Promise<string> {
	const target = doc(collection(who.db, 'sessions', sessionId, 'messages'));
	await metered(who, sessionId, 'posts', target, data, step);
	return target.id;
}

/** Writes a webcam signal as the app does (src/lib/data/signals.ts). */
function sendSignal(who: Client, sessionId: string, data: DocumentData, step?: MeterStep) {
	const target = doc(collection(who.db, 'sessions', sessionId, 'signals'));
	return metered(who, sessionId, 'signals', target, data, step);
}

/**
 * Sets one meter of a party document as stored (a prepare step: the minute's count used up);
 * returns the undo.
 */
async function meterFull(who: Client, sessionId: string, name: MeterName, count: number) {
	const ref = db().doc(`sessions/${sessionId}/parties/${who.uid}`);
	const before = (await ref.get()).data()!;
	const meter = METERS[name];
	await ref.update({ [meter.count]: count, [meter.since]: new Date() });
	return async () => {
		await ref.set(before);
	};
}

/** Sets a server-side counter (rateLimits/{id}) as full for its window; returns the undo. */
async function limitFull(id: string, count: number) {
	const ref = db().doc(`rateLimits/${id}`);
	const before = await ref.get();
	await ref.set({ lastAt: new Date(Date.now() - 60_000), count, since: new Date() });
	return async () => {
		if (before.exists) await ref.set(before.data()!);
		else await ref.delete();
	};
}

/**
 * The world's chats stay as they are for the whole matrix: nobody's window beats (a heartbeat
 * would change the database the rows compare), so their windows may be silent for an hour before
 * the runner's sweep would end them.
 */
const STABLE = { windowTimeoutSeconds: 3600 };

/** A chat window's document as the app writes it (src/lib/data/parties.ts). */
function party(side: 'customer' | 'operator'): DocumentData {
	return {
		role: side,
		seenAt: serverTimestamp(),
		typingAt: null,
		leaveKeyHash: 'a'.repeat(64),
		leavingAt: null
	};
}

/** A webcam signal as src/lib/cam/signals.ts writes it. */
function signal(who: Client, side: 'customer' | 'operator', kind: string, data = ''): DocumentData {
	return { from: who.uid, side, epoch: 'epoch0001', kind, data, createdAt: serverTimestamp() };
}

/** "Was this helpful?" feedback as the help pages send it (src/lib/data/help-feedback.ts). */
function feedback(overrides: DocumentData = {}): DocumentData {
	return {
		article: 'payments',
		helpful: false,
		comment: 'The refund section was unclear.',
		...overrides
	};
}

/** The same answer as a document a browser might try to write itself. */
function feedbackDoc(who: Client, overrides: DocumentData = {}): DocumentData {
	return { ...feedback(), uid: who.uid, createdAt: serverTimestamp(), ...overrides };
}

/** The money kit's view of a signed-in client. */
async function person(client: Client): Promise<Person> {
	return {
		uid: client.uid,
		email: client.user.email!,
		password: '',
		idToken: await client.user.getIdToken(),
		name: client.name
	};
}

beforeAll(async () => {
	// Start the callables' workers before the first timed call.
	await Promise.all(
		['lockCreate', 'presenceOpenPanel', 'camJoin'].map((n) => callFunction(n, null))
	);
	const seed = await resetAndSeed();
	const names = ['alice', 'bob', 'luna', 'orion', 'owner', 'sol', 'admin'] as const;
	const signIn = async (n: (typeof names)[number]) => {
		const email = `${n}@parley.test`;
		const name = seed.accounts.find((a) => a.email === email)!.name;
		return [n, await Client.signIn(email, seed.password, name)] as const;
	};
	const c = Object.fromEntries(await Promise.all(names.map(signIn))) as Record<
		(typeof names)[number],
		Client
	>;
	const fresh = await createAccount('nina@parley.test', { displayName: 'Nina New' });
	const newcomer = await Client.signIn(fresh.email, fresh.password, 'Nina New');
	const [A, L, O, S] = await Promise.all([
		person(c.alice),
		person(c.luna),
		person(c.orion),
		person(c.sol)
	]);
	const groupId = (await db().doc(`operators/${L.uid}`).get()).get('groupId') as string;
	expect(groupId, 'Luna belongs to the demo group').toBeTruthy();

	// The app's ordinary writes, accepted by the rules: the rows below change one thing in them.
	await updateDoc(ref(c.alice, `users/${c.alice.uid}`), {
		displayName: 'Alice M.',
		updatedAt: serverTimestamp()
	});
	await setDoc(ref(c.alice, `avatars/${c.alice.uid}`), {
		dataUrl: PNG,
		updatedAt: serverTimestamp()
	});
	await updateDoc(ref(c.luna, `operators/${c.luna.uid}`), {
		headline: 'Tarot readings, clear and warm',
		updatedAt: serverTimestamp()
	});
	expectOk(await c.bob.request('helpFeedback', feedback()));

	// Alice ↔ Luna: a chat in progress, with its request.
	const open = await openSession(A, L, groupId, STABLE);
	await db()
		.doc(`requests/${open}`)
		.set({
			customerUid: A.uid,
			customerName: A.name,
			customerAvatarVersion: 0,
			operatorId: L.uid,
			operatorName: L.name,
			groupId,
			status: 'accepted',
			createdAt: new Date(),
			expiresAt: new Date(Date.now() + DEFAULTS.ringSeconds * 1000),
			answeredAt: new Date(),
			answeredByUid: L.uid,
			sessionId: open
		});
	// Each window writes its party document when it opens (announceWindow), then talks.
	await setDoc(ref(c.alice, `sessions/${open}/parties/${A.uid}`), party('customer'));
	await setDoc(ref(c.luna, `sessions/${open}/parties/${L.uid}`), party('operator'));
	const aliceMessage = await post(c.alice, open, message(c.alice, 'customer', 'Hello Luna.'));
	const lunaMessage = await post(
		c.luna,
		open,
		message(c.luna, 'operator', 'Hello Alice, welcome.')
	);
	await sendSignal(c.luna, open, signal(c.luna, 'operator', 'offer', 'v=0'));

	// Alice ↔ Sol: Sol offers a reading; Alice's window shows it (reads the offer, heartbeats).
	const locked = await openSession(A, S, null, STABLE);
	await setDoc(ref(c.alice, `sessions/${locked}/parties/${A.uid}`), party('customer'));
	// Sol's window too: a session with no operator-side window is one the sweep ends (as a
	// timeout) once the customer's heartbeat is older than the default window timeout, which
	// would change the database in the middle of whichever row runs then.
	await setDoc(ref(c.sol, `sessions/${locked}/parties/${S.uid}`), party('operator'));
	await post(c.alice, locked, message(c.alice, 'customer', 'Can you read three cards for me?'));
	await post(c.sol, locked, message(c.sol, 'operator', 'Gladly: here is my offer.'));
	const lockId = await offer(S, locked, 1250);
	expect((await getDoc(ref(c.alice, `sessions/${locked}/locks/${lockId}`))).get('price')).toBe(
		1250
	);

	// Alice ↔ Orion: Alice pays an offer, ends the chat and rates it.
	const ended = await openSession(A, O, groupId);
	await setDoc(ref(c.alice, `sessions/${ended}/parties/${A.uid}`), party('customer'));
	await setDoc(ref(c.orion, `sessions/${ended}/parties/${O.uid}`), party('operator'));
	await post(c.alice, ended, message(c.alice, 'customer', 'What do my transits say?'));
	await post(c.orion, ended, message(c.orion, 'operator', 'A good month for new work.'));
	const paidLockId = await offer(O, ended, 900, 'Birth chart summary');
	const paidKey = newKey();
	const payment = expectOk(await agree(A, ended, paidLockId, paidKey)).transferId;
	expectOk(await call('chatEnd', { sessionId: ended }, A));
	expectOk(await call('chatRate', { sessionId: ended, stars: 5, comment: 'Clear.' }, A));
	const entries = await db()
		.collection('ledger')
		.where('transferId', '==', payment)
		.where('ownerUid', '==', A.uid)
		.get();
	expect(entries.size).toBe(1);

	// Luna missed requests until the miss policy set her offline and told her.
	for (let i = 0; i < DEFAULTS.missLimit; i++) await recordMiss(db(), L.uid);
	const notices = await db().collection('notifications').where('toUid', '==', L.uid).get();
	expect(notices.size).toBe(1);

	expect((await db().doc(`sessions/${locked}`).get()).get('lockPending')).toBe(true);
	await expectMoneyInvariants();

	w = {
		...c,
		newcomer,
		groupId,
		open,
		aliceMessage,
		lunaMessage,
		locked,
		lockId,
		ended,
		paidKey,
		paidLockId,
		payment,
		aliceEntry: entries.docs[0]!.id,
		lunaNotice: notices.docs[0]!.id
	};
}, 180_000);

afterAll(async () => {
	if (!w) return;
	await Promise.all(
		[w.alice, w.bob, w.newcomer, w.luna, w.orion, w.owner, w.sol, w.admin].map((c) => c.close())
	);
});

/** An attack made from the attacker's own control panel, opened first and closed after. */
function fromOwnPanel(name: string, who: () => Client, target: () => Client): Attack {
	let panelId = '';
	return {
		name,
		prepare: async () => {
			({ panelId } = await who().call<{ panelId: string }>('presenceOpenPanel', {}));
			return async () => {
				await who().call('presenceClosePanel', { panelId });
			};
		},
		attack: () =>
			refused(
				who().request('presenceSetStatus', {
					panelId,
					operatorIds: [target().uid],
					status: 'online'
				}),
				'PERMISSION_DENIED'
			)
	};
}

// ---- The matrix ------------------------------------------------------------------------------

const MATRIX: Record<string, Attack[]> = {
	'1. Writing what only the server writes: money, role, group, ratings, status': [
		{
			name: 'a customer creates its own wallet with a balance (wallets/{uid} create)',
			attack: () =>
				denied(
					setDoc(ref(w.newcomer, `wallets/${w.newcomer.uid}`), {
						balance: 100_000,
						updatedAt: serverTimestamp()
					})
				)
		},
		{
			name: 'a customer raises its wallet balance (wallets/{uid} update)',
			attack: () =>
				denied(updateDoc(ref(w.alice, `wallets/${w.alice.uid}`), { balance: 1_000_000 }))
		},
		{
			name: 'a customer writes a ledger entry crediting its wallet',
			attack: () =>
				denied(
					setDoc(doc(collection(w.alice.db, 'ledger')), {
						transferId: 'gift',
						kind: 'topUp',
						account: `wallet:${w.alice.uid}`,
						amount: 100_000,
						ownerUid: w.alice.uid,
						groupId: null,
						operatorUid: null,
						createdAt: serverTimestamp()
					})
				)
		},
		{
			name: 'a customer cancels the debit of its own payment (ledger entry update)',
			attack: () => denied(updateDoc(ref(w.alice, `ledger/${w.aliceEntry}`), { amount: 0 }))
		},
		{
			name: 'a customer writes a top-up transfer to itself',
			attack: () =>
				denied(
					setDoc(doc(collection(w.alice.db, 'transfers')), {
						kind: 'topUp',
						amount: 100_000,
						key: 'free-money',
						sessionId: null,
						lockId: null,
						readers: [w.alice.uid],
						createdAt: serverTimestamp()
					})
				)
		},
		{
			name: 'a customer deletes the transfer of its payment',
			attack: () => denied(deleteDoc(ref(w.alice, `transfers/${w.payment}`)))
		},
		{
			name: 'a customer gives itself the admin role (users/{uid}.role)',
			attack: () =>
				denied(
					updateDoc(ref(w.alice, `users/${w.alice.uid}`), {
						role: 'admin',
						updatedAt: serverTimestamp()
					})
				)
		},
		{
			name: 'a customer adds claims-like fields to its users document (admin, claims)',
			attack: () =>
				denied(
					updateDoc(ref(w.alice, `users/${w.alice.uid}`), {
						admin: true,
						claims: { role: 'admin' },
						updatedAt: serverTimestamp()
					})
				)
		},
		{
			name: 'a new account creates its users document as an admin',
			attack: () =>
				denied(
					setDoc(ref(w.newcomer, `users/${w.newcomer.uid}`), {
						displayName: 'Nina New',
						email: 'nina@parley.test',
						role: 'admin',
						groupId: null,
						avatarVersion: 0,
						createdAt: serverTimestamp(),
						updatedAt: serverTimestamp()
					})
				)
		},
		{
			name: 'a customer joins a group (users/{uid}.groupId)',
			attack: () =>
				denied(
					updateDoc(ref(w.alice, `users/${w.alice.uid}`), {
						groupId: w.groupId,
						updatedAt: serverTimestamp()
					})
				)
		},
		{
			name: "an operator leaves its group to keep the group's earnings (operators/{uid}.groupId)",
			attack: () =>
				denied(
					updateDoc(ref(w.luna, `operators/${w.luna.uid}`), {
						groupId: null,
						updatedAt: serverTimestamp()
					})
				)
		},
		{
			name: 'a customer makes itself an admin (adminSetRole)',
			attack: () =>
				refused(
					w.alice.request('adminSetRole', { email: 'alice@parley.test', role: 'admin' }),
					'PERMISSION_DENIED'
				)
		},
		{
			name: 'an operator raises its own rating average (operators/{uid} ratingSum, ratingCount)',
			attack: () =>
				denied(
					updateDoc(ref(w.luna, `operators/${w.luna.uid}`), {
						ratingSum: 500,
						ratingCount: 100,
						updatedAt: serverTimestamp()
					})
				)
		},
		{
			name: "a group owner raises its operator's rating count",
			attack: () =>
				denied(
					updateDoc(ref(w.owner, `operators/${w.luna.uid}`), {
						ratingSum: increment(250),
						ratingCount: increment(50),
						updatedAt: serverTimestamp()
					})
				)
		},
		{
			name: "a customer adds a rating to an operator's profile without a chat",
			attack: () =>
				denied(
					updateDoc(ref(w.bob, `operators/${w.orion.uid}`), {
						ratingSum: increment(1),
						ratingCount: increment(1)
					})
				)
		},
		{
			name: 'a customer rates the same chat a second time (chatRate)',
			attack: () =>
				refused(
					w.alice.request('chatRate', { sessionId: w.ended, stars: 1 }),
					'FAILED_PRECONDITION'
				)
		},
		{
			name: 'an operator rates its own chat (chatRate)',
			attack: () =>
				refused(w.orion.request('chatRate', { sessionId: w.ended, stars: 5 }), 'PERMISSION_DENIED')
		},
		{
			name: "a customer rates another customer's chat (chatRate)",
			attack: () =>
				refused(w.bob.request('chatRate', { sessionId: w.ended, stars: 1 }), 'NOT_FOUND')
		},
		{
			name: 'a customer writes its rating into the session document',
			attack: () =>
				denied(
					updateDoc(ref(w.alice, `sessions/${w.ended}`), {
						rating: { stars: 5, comment: '', at: serverTimestamp() }
					})
				)
		},
		{
			name: 'an operator sets another operator online (operators/{otherId}.status)',
			attack: () =>
				denied(
					updateDoc(ref(w.sol, `operators/${w.luna.uid}`), {
						status: 'online',
						chosenStatus: 'online',
						statusRank: 0,
						statusChangedAt: serverTimestamp()
					})
				)
		},
		{
			name: 'an operator sets itself online without a control panel (operators/{uid}.status)',
			attack: () =>
				denied(
					updateDoc(ref(w.luna, `operators/${w.luna.uid}`), {
						status: 'online',
						statusRank: 0,
						updatedAt: serverTimestamp()
					})
				)
		},
		fromOwnPanel(
			'an operator sets another operator online from its own panel (presenceSetStatus)',
			() => w.sol,
			() => w.luna
		),
		fromOwnPanel(
			'an operator sets a colleague of its group online from its own panel (presenceSetStatus)',
			() => w.luna,
			() => w.orion
		),
		{
			name: 'an operator sets the commission in settings/platform',
			attack: () => denied(updateDoc(ref(w.sol, 'settings/platform'), { commissionBps: 0 }))
		},
		{
			name: 'an operator sets the commission (adminUpdateSettings)',
			attack: () =>
				refused(
					w.sol.request('adminUpdateSettings', {
						commissionBps: 0,
						lockMinCents: DEFAULTS.lockMinCents,
						lockMaxCents: DEFAULTS.lockMaxCents
					}),
					'PERMISSION_DENIED'
				)
		},
		{
			name: 'a customer refunds its own paid offer (adminRefundLock)',
			attack: () =>
				refused(
					w.alice.request('adminRefundLock', {
						sessionId: w.ended,
						lockId: w.paidLockId,
						reason: 'I changed my mind.'
					}),
					'PERMISSION_DENIED'
				)
		},
		{
			name: 'a customer makes itself the owner of a group (groups/{id}.ownerUid)',
			attack: () => denied(updateDoc(ref(w.bob, `groups/${w.groupId}`), { ownerUid: w.bob.uid }))
		},
		{
			name: 'a customer opens a chat session by itself (sessions/{id} create)',
			attack: () =>
				denied(
					setDoc(doc(collection(w.bob.db, 'sessions')), {
						requestId: 'free',
						customerUid: w.bob.uid,
						customerName: 'Bob Okafor',
						customerAvatarVersion: 0,
						operatorId: w.luna.uid,
						operatorName: 'Luna Vale',
						groupId: w.groupId,
						status: 'active',
						startedAt: serverTimestamp(),
						endedAt: null,
						endedBy: null,
						lockPending: false,
						rating: null,
						heartbeatSeconds: 10,
						windowTimeoutSeconds: 30
					})
				)
		}
	],

	"2. Reading another customer's chats and money": [
		{
			name: "a customer reads another customer's session",
			attack: () => denied(getDoc(ref(w.bob, `sessions/${w.open}`)))
		},
		{
			name: "a customer lists another customer's sessions",
			attack: () =>
				denied(
					getDocs(
						query(
							collection(w.bob.db, 'sessions'),
							where('customerUid', '==', w.alice.uid),
							limit(10)
						)
					)
				)
		},
		{
			name: 'a customer lists every session (no owner filter)',
			attack: () => denied(getDocs(query(collection(w.bob.db, 'sessions'), limit(LIMITS.pageMax))))
		},
		{
			name: "a customer reads one message of another customer's chat",
			attack: () => denied(getDoc(ref(w.bob, `sessions/${w.open}/messages/${w.lunaMessage}`)))
		},
		{
			name: "a customer reads another customer's transcript",
			attack: () =>
				denied(
					getDocs(
						query(
							collection(w.bob.db, 'sessions', w.open, 'messages'),
							orderBy('createdAt', 'desc'),
							limit(LIMITS.pageMax)
						)
					)
				)
		},
		{
			name: "a customer reads the transcript of another customer's ended chat",
			attack: () =>
				denied(
					getDocs(
						query(collection(w.bob.db, 'sessions', w.ended, 'messages'), limit(LIMITS.pageMax))
					)
				)
		},
		{
			name: 'a customer reads every transcript at once (collection-group query on messages)',
			attack: () =>
				denied(getDocs(query(collectionGroup(w.bob.db, 'messages'), limit(LIMITS.pageMax))))
		},
		{
			name: "an operator reads a colleague's transcript (same group, not its chat)",
			attack: () =>
				denied(
					getDocs(
						query(collection(w.orion.db, 'sessions', w.open, 'messages'), limit(LIMITS.pageMax))
					)
				)
		},
		{
			name: "an admin reads a customer's transcript (chats stay private)",
			attack: () =>
				denied(
					getDocs(
						query(collection(w.admin.db, 'sessions', w.open, 'messages'), limit(LIMITS.pageMax))
					)
				)
		},
		{
			name: "a customer reads another customer's pending offer",
			attack: () => denied(getDoc(ref(w.bob, `sessions/${w.locked}/locks/${w.lockId}`)))
		},
		{
			name: "a customer reads another customer's chat window (parties)",
			attack: () => denied(getDoc(ref(w.bob, `sessions/${w.locked}/parties/${w.alice.uid}`)))
		},
		{
			name: "a customer reads another customer's webcam signals",
			attack: () =>
				denied(getDocs(query(collection(w.bob.db, 'sessions', w.open, 'signals'), limit(10))))
		},
		{
			name: "a customer reads another customer's chat request",
			attack: () => denied(getDoc(ref(w.bob, `requests/${w.open}`)))
		},
		{
			name: "a customer reads another customer's account (email)",
			attack: () => denied(getDoc(ref(w.bob, `users/${w.alice.uid}`)))
		},
		{
			name: "a customer reads another customer's profile image (avatars)",
			attack: () => denied(getDoc(ref(w.bob, `avatars/${w.alice.uid}`)))
		},
		{
			name: "a customer reads another customer's wallet",
			attack: () => denied(getDoc(ref(w.bob, `wallets/${w.alice.uid}`)))
		},
		{
			name: "a customer reads another customer's ledger entry",
			attack: () => denied(getDoc(ref(w.bob, `ledger/${w.aliceEntry}`)))
		},
		{
			name: "a customer lists another customer's ledger entries",
			attack: () =>
				denied(
					getDocs(
						query(collection(w.bob.db, 'ledger'), where('ownerUid', '==', w.alice.uid), limit(10))
					)
				)
		},
		{
			name: "a customer reads another customer's payment (transfers)",
			attack: () => denied(getDoc(ref(w.bob, `transfers/${w.payment}`)))
		},
		{
			name: "a customer lists another customer's payments",
			attack: () =>
				denied(
					getDocs(
						query(
							collection(w.bob.db, 'transfers'),
							where('readers', 'array-contains', w.alice.uid),
							limit(10)
						)
					)
				)
		},
		{
			name: "an operator reads another operator's notification",
			attack: () => denied(getDoc(ref(w.sol, `notifications/${w.lunaNotice}`)))
		}
	],

	'3. Posting where the chat does not allow it, or as someone else': [
		{
			name: 'the customer posts while an offer waits for its answer (locked session)',
			attack: () => denied(post(w.alice, w.locked, message(w.alice, 'customer')))
		},
		{
			name: 'the operator posts while its offer waits for an answer (locked session)',
			attack: () => denied(post(w.sol, w.locked, message(w.sol, 'operator')))
		},
		{
			name: 'the customer posts into an ended chat',
			attack: () => denied(post(w.alice, w.ended, message(w.alice, 'customer')))
		},
		{
			name: 'the operator posts into an ended chat',
			attack: () => denied(post(w.orion, w.ended, message(w.orion, 'operator')))
		},
		{
			name: "a customer posts into another customer's chat",
			attack: () => denied(post(w.bob, w.open, message(w.bob, 'customer')))
		},
		{
			name: 'the customer posts as the operator (authorRole)',
			attack: () => denied(post(w.alice, w.open, message(w.alice, 'operator')))
		},
		{
			name: "the customer posts under the operator's uid (authorUid)",
			attack: () =>
				denied(post(w.alice, w.open, { ...message(w.alice, 'customer'), authorUid: w.luna.uid }))
		},
		{
			name: 'the customer forges a system line (a payment receipt)',
			attack: () =>
				denied(
					post(w.alice, w.open, {
						...message(w.alice, 'customer', 'Alice Moreau paid $500.00 for: Everything'),
						authorRole: 'system'
					})
				)
		},
		{
			name: "the customer writes a receipt under the server's line id",
			attack: () =>
				denied(
					setDoc(
						ref(w.alice, `sessions/${w.open}/messages/system-lockPaid-${w.lockId}`),
						message(w.alice, 'customer', 'Paid.')
					)
				)
		},
		{
			name: 'the customer rewrites a message already sent (same id)',
			attack: () =>
				denied(
					setDoc(
						ref(w.alice, `sessions/${w.open}/messages/${w.aliceMessage}`),
						message(w.alice, 'customer', 'I never said that.')
					)
				)
		},
		{
			name: "the customer edits the operator's message",
			attack: () =>
				denied(
					updateDoc(ref(w.alice, `sessions/${w.open}/messages/${w.lunaMessage}`), {
						text: 'You will win the lottery.'
					})
				)
		},
		{
			name: "the customer deletes the operator's message",
			attack: () => denied(deleteDoc(ref(w.alice, `sessions/${w.open}/messages/${w.lunaMessage}`)))
		},
		{
			name: 'the customer ends the chat by writing the session (status ended)',
			attack: () =>
				denied(
					updateDoc(ref(w.alice, `sessions/${w.open}`), {
						status: 'ended',
						endedBy: 'customer',
						endedAt: serverTimestamp()
					})
				)
		},
		{
			name: "a customer ends another customer's chat (chatEnd)",
			attack: () => refused(w.bob.request('chatEnd', { sessionId: w.open }), 'NOT_FOUND')
		},
		{
			name: "a customer gives feedback in another customer's name (helpFeedback uid)",
			attack: async () => {
				await refused(
					w.bob.request('helpFeedback', feedback({ uid: w.alice.uid })),
					'INVALID_ARGUMENT'
				);
				await denied(
					setDoc(
						doc(collection(w.bob.db, 'helpFeedback')),
						feedbackDoc(w.bob, { uid: w.alice.uid })
					)
				);
			}
		},
		{
			name: 'a visitor writes feedback itself, past the limit the callable keeps (helpFeedback)',
			attack: () => denied(setDoc(doc(collection(w.bob.db, 'helpFeedback')), feedbackDoc(w.bob)))
		},
		{
			name: 'a customer sends a notification to an operator',
			attack: () =>
				denied(
					setDoc(doc(collection(w.bob.db, 'notifications')), {
						toUid: w.luna.uid,
						kind: 'missedRequests',
						operatorId: w.luna.uid,
						text: 'Your account is suspended: sign in at evil.test.',
						read: false,
						createdAt: serverTimestamp()
					})
				)
		},
		{
			name: "an operator marks another operator's notification read",
			attack: () => denied(updateDoc(ref(w.sol, `notifications/${w.lunaNotice}`), { read: true }))
		}
	],

	"4. Changing an offer's price after the customer saw it": [
		{
			name: 'the operator raises the price of its pending offer (client write)',
			attack: () =>
				denied(
					updateDoc(ref(w.sol, `sessions/${w.locked}/locks/${w.lockId}`), {
						price: 50_000,
						operatorShare: 35_000,
						platformShare: 15_000
					})
				)
		},
		{
			name: 'the operator takes the whole price by changing the frozen commission (client write)',
			attack: () =>
				denied(
					updateDoc(ref(w.sol, `sessions/${w.locked}/locks/${w.lockId}`), {
						commissionBps: 0,
						operatorShare: 1250,
						platformShare: 0
					})
				)
		},
		{
			name: 'the operator changes what its pending offer is for (client write)',
			attack: () =>
				denied(
					updateDoc(ref(w.sol, `sessions/${w.locked}/locks/${w.lockId}`), {
						description: 'One card'
					})
				)
		},
		{
			name: 'the customer lowers the price of the offer (client write)',
			attack: () =>
				denied(
					updateDoc(ref(w.alice, `sessions/${w.locked}/locks/${w.lockId}`), {
						price: 50,
						operatorShare: 35,
						platformShare: 15
					})
				)
		},
		{
			name: 'the operator replaces the pending offer with a dearer one (lockCreate)',
			attack: () =>
				refused(
					w.sol.request('lockCreate', {
						sessionId: w.locked,
						priceCents: 5000,
						description: 'Tarot reading (three cards)'
					}),
					'FAILED_PRECONDITION'
				)
		},
		{
			name: 'the customer marks the offer paid without paying (client write)',
			attack: () =>
				denied(
					updateDoc(ref(w.alice, `sessions/${w.locked}/locks/${w.lockId}`), {
						status: 'paid',
						answeredAt: serverTimestamp()
					})
				)
		},
		{
			name: 'the customer resumes the chat without paying (sessions/{id}.lockPending false)',
			attack: () => denied(updateDoc(ref(w.alice, `sessions/${w.locked}`), { lockPending: false }))
		}
	],

	"5. Paying or answering someone else's offer": [
		{
			name: "a customer pays another customer's offer (lockAgree)",
			attack: () =>
				refused(
					w.bob.request('lockAgree', { sessionId: w.locked, lockId: w.lockId, key: newKey() }),
					'NOT_FOUND'
				)
		},
		{
			name: "a customer declines another customer's offer (lockDecline)",
			attack: () =>
				refused(
					w.bob.request('lockDecline', { sessionId: w.locked, lockId: w.lockId }),
					'NOT_FOUND'
				)
		},
		{
			name: "the operator accepts its own offer in the customer's place (lockAgree)",
			attack: () =>
				refused(
					w.sol.request('lockAgree', { sessionId: w.locked, lockId: w.lockId, key: newKey() }),
					'PERMISSION_DENIED'
				)
		},
		{
			name: "the customer withdraws the operator's offer (lockWithdraw)",
			attack: () =>
				refused(
					w.alice.request('lockWithdraw', { sessionId: w.locked, lockId: w.lockId }),
					'PERMISSION_DENIED'
				)
		},
		{
			name: 'the customer replays the key of an earlier payment on the pending offer (lockAgree)',
			attack: () =>
				refused(
					w.alice.request('lockAgree', { sessionId: w.locked, lockId: w.lockId, key: w.paidKey }),
					'INVALID_ARGUMENT'
				)
		}
	],

	'6. Joining the webcam of a chat one is not part of': [
		{
			name: "a customer asks for the webcam of another customer's chat (camJoin)",
			attack: () => refused(w.bob.request('camJoin', { sessionId: w.open }), 'NOT_FOUND')
		},
		{
			name: "an operator asks for the webcam of a colleague's chat (camJoin)",
			attack: () => refused(w.orion.request('camJoin', { sessionId: w.open }), 'NOT_FOUND')
		},
		{
			name: "an operator asks for the webcam of another operator's chat (camJoin)",
			attack: () => refused(w.sol.request('camJoin', { sessionId: w.open }), 'NOT_FOUND')
		},
		{
			name: 'a visitor asks for the webcam of a chat without signing in (camJoin)',
			attack: () => refused(callFunction('camJoin', { sessionId: w.open }), 'UNAUTHENTICATED')
		},
		{
			name: 'the operator asks for the webcam while its offer waits (camJoin)',
			attack: () =>
				refused(w.sol.request('camJoin', { sessionId: w.locked }), 'FAILED_PRECONDITION')
		},
		{
			name: "a customer signals into another customer's webcam (signals)",
			attack: () => denied(sendSignal(w.bob, w.open, signal(w.bob, 'customer', 'answer', 'v=0')))
		},
		{
			name: 'the customer starts a camera in a one-way webcam chat (offer signal)',
			attack: () => denied(sendSignal(w.alice, w.open, signal(w.alice, 'customer', 'offer', 'v=0')))
		},
		{
			name: 'the operator starts its webcam while its offer waits (live signal)',
			attack: () => denied(sendSignal(w.sol, w.locked, signal(w.sol, 'operator', 'live')))
		}
	],

	'7. Lists without the owner filter or without a limit': [
		{
			name: 'the customer lists its sessions without a limit',
			attack: () =>
				denied(
					getDocs(
						query(collection(w.alice.db, 'sessions'), where('customerUid', '==', w.alice.uid))
					)
				)
		},
		{
			name: 'the customer lists its sessions with a limit above the page size',
			attack: () =>
				denied(
					getDocs(
						query(
							collection(w.alice.db, 'sessions'),
							where('customerUid', '==', w.alice.uid),
							limit(LIMITS.pageMax + 1)
						)
					)
				)
		},
		{
			name: 'the customer lists active sessions without its own filter',
			attack: () =>
				denied(
					getDocs(
						query(collection(w.alice.db, 'sessions'), where('status', '==', 'active'), limit(10))
					)
				)
		},
		{
			name: 'the customer reads its own transcript without a limit',
			attack: () =>
				denied(
					getDocs(
						query(collection(w.alice.db, 'sessions', w.open, 'messages'), orderBy('createdAt'))
					)
				)
		},
		{
			name: 'the customer lists the offers of its own chat without a limit',
			attack: () => denied(getDocs(query(collection(w.alice.db, 'sessions', w.locked, 'locks'))))
		},
		{
			name: 'the customer lists its ledger entries without a limit',
			attack: () =>
				denied(
					getDocs(query(collection(w.alice.db, 'ledger'), where('ownerUid', '==', w.alice.uid)))
				)
		},
		{
			name: 'the customer lists wallet entries by account, without its own filter',
			attack: () =>
				denied(
					getDocs(
						query(
							collection(w.alice.db, 'ledger'),
							where('account', '==', `wallet:${w.alice.uid}`),
							limit(10)
						)
					)
				)
		},
		{
			name: 'the customer lists its payments without a limit',
			attack: () =>
				denied(
					getDocs(
						query(
							collection(w.alice.db, 'transfers'),
							where('readers', 'array-contains', w.alice.uid)
						)
					)
				)
		},
		{
			name: 'the operator lists its notifications without a limit',
			attack: () =>
				denied(
					getDocs(query(collection(w.luna.db, 'notifications'), where('toUid', '==', w.luna.uid)))
				)
		},
		{
			name: 'the operator lists unread notifications without its own filter',
			attack: () =>
				denied(
					getDocs(
						query(collection(w.luna.db, 'notifications'), where('read', '==', false), limit(10))
					)
				)
		},
		{
			name: 'the operator lists its requests without a limit',
			attack: () =>
				denied(
					getDocs(query(collection(w.luna.db, 'requests'), where('operatorId', '==', w.luna.uid)))
				)
		},
		{
			name: 'the operator lists every request (no owner filter)',
			attack: () => denied(getDocs(query(collection(w.luna.db, 'requests'), limit(10))))
		},
		{
			name: 'a customer lists the operator directory without a limit',
			attack: () =>
				denied(getDocs(query(collection(w.bob.db, 'operators'), where('listed', '==', true))))
		},
		{
			name: 'a customer lists operator profiles, unlisted ones included (no listed filter)',
			attack: () => denied(getDocs(query(collection(w.bob.db, 'operators'), limit(LIMITS.pageMax))))
		},
		{
			name: 'a customer lists every wallet',
			attack: () => denied(getDocs(query(collection(w.bob.db, 'wallets'), limit(10))))
		},
		{
			name: 'a customer lists every account',
			attack: () => denied(getDocs(query(collection(w.bob.db, 'users'), limit(10))))
		}
	],

	'8. Oversized documents and unknown keys': [
		{
			name: `a message past LIMITS.messageMax (${LIMITS.messageMax + 1} characters)`,
			attack: () =>
				denied(
					post(w.alice, w.open, message(w.alice, 'customer', 'x'.repeat(LIMITS.messageMax + 1)))
				)
		},
		{
			name: 'a message of spaces only',
			attack: () => denied(post(w.alice, w.open, message(w.alice, 'customer', '   \n\t ')))
		},
		{
			name: 'a message with an unknown key',
			attack: () => denied(post(w.alice, w.open, { ...message(w.alice, 'customer'), pinned: true }))
		},
		{
			name: 'a message without its author side (missing key)',
			attack: () => {
				const { authorRole: _, ...rest } = message(w.alice, 'customer');
				return denied(post(w.alice, w.open, rest));
			}
		},
		{
			name: `a display name past LIMITS.displayNameMax (${LIMITS.displayNameMax + 1} characters)`,
			attack: () =>
				denied(
					updateDoc(ref(w.alice, `users/${w.alice.uid}`), {
						displayName: 'A'.repeat(LIMITS.displayNameMax + 1),
						updatedAt: serverTimestamp()
					})
				)
		},
		{
			name: 'a users profile write with an unknown key',
			attack: () =>
				denied(
					updateDoc(ref(w.alice, `users/${w.alice.uid}`), {
						displayName: 'Alice',
						bio: 'Hello',
						updatedAt: serverTimestamp()
					})
				)
		},
		{
			name: `an operator bio past LIMITS.bioMax (${LIMITS.bioMax + 1} characters)`,
			attack: () =>
				denied(
					updateDoc(ref(w.luna, `operators/${w.luna.uid}`), {
						bio: 'x'.repeat(LIMITS.bioMax + 1),
						updatedAt: serverTimestamp()
					})
				)
		},
		{
			name: `an operator profile with more than LIMITS.categoriesMax categories`,
			attack: () =>
				denied(
					updateDoc(ref(w.luna, `operators/${w.luna.uid}`), {
						categories: ['tarot', 'astrology', 'numerology', 'coaching', 'relationships', 'career'],
						updatedAt: serverTimestamp()
					})
				)
		},
		{
			name: 'an operator profile with an unknown key (verified)',
			attack: () =>
				denied(
					updateDoc(ref(w.luna, `operators/${w.luna.uid}`), {
						verified: true,
						updatedAt: serverTimestamp()
					})
				)
		},
		{
			name: `an avatar past LIMITS.avatarMaxChars (${LIMITS.avatarMaxChars + 1} characters)`,
			attack: () => {
				const prefix = 'data:image/jpeg;base64,';
				return denied(
					setDoc(ref(w.alice, `avatars/${w.alice.uid}`), {
						dataUrl: prefix + 'A'.repeat(LIMITS.avatarMaxChars + 1 - prefix.length),
						updatedAt: serverTimestamp()
					})
				);
			}
		},
		{
			name: 'an SVG avatar (it can carry script)',
			attack: () =>
				denied(
					setDoc(ref(w.alice, `avatars/${w.alice.uid}`), {
						dataUrl: `data:image/svg+xml;base64,${Buffer.from('<svg onload="alert(1)"/>').toString('base64')}`,
						updatedAt: serverTimestamp()
					})
				)
		},
		{
			name: 'an avatar with an unknown key',
			attack: () =>
				denied(
					setDoc(ref(w.alice, `avatars/${w.alice.uid}`), {
						dataUrl: PNG,
						updatedAt: serverTimestamp(),
						caption: '<b>me</b>'
					})
				)
		},
		{
			name: 'a chat window with an unknown key (parties)',
			attack: () =>
				denied(
					setDoc(ref(w.alice, `sessions/${w.locked}/parties/${w.alice.uid}`), {
						...party('customer'),
						draft: 'what I am typing'
					})
				)
		},
		{
			name: `feedback past LIMITS.feedbackCommentMax (${LIMITS.feedbackCommentMax + 1} characters)`,
			attack: () =>
				refused(
					w.bob.request(
						'helpFeedback',
						feedback({ comment: 'x'.repeat(LIMITS.feedbackCommentMax + 1) })
					),
					'INVALID_ARGUMENT'
				)
		}
	],

	"9. Timestamps other than the server's": [
		{
			name: "a message dated by the client's clock (createdAt: new Date())",
			attack: () =>
				denied(post(w.alice, w.open, { ...message(w.alice, 'customer'), createdAt: new Date() }))
		},
		{
			name: 'a back-dated message (createdAt an hour ago)',
			attack: () =>
				denied(
					post(w.alice, w.open, {
						...message(w.alice, 'customer'),
						createdAt: Timestamp.fromMillis(Date.now() - HOUR)
					})
				)
		},
		{
			name: "a profile change dated by the client's clock (users updatedAt)",
			attack: () =>
				denied(
					updateDoc(ref(w.alice, `users/${w.alice.uid}`), {
						displayName: 'Alice',
						updatedAt: new Date()
					})
				)
		},
		{
			name: "an operator profile change dated by the client's clock (operators updatedAt)",
			attack: () =>
				denied(
					updateDoc(ref(w.luna, `operators/${w.luna.uid}`), {
						headline: 'Tarot',
						updatedAt: new Date()
					})
				)
		},
		{
			name: "an avatar dated by the client's clock",
			attack: () =>
				denied(
					setDoc(ref(w.alice, `avatars/${w.alice.uid}`), { dataUrl: PNG, updatedAt: new Date() })
				)
		},
		{
			name: 'the operator keeps its chat window alive with a future heartbeat (seenAt)',
			attack: () =>
				denied(
					setDoc(ref(w.sol, `sessions/${w.locked}/parties/${w.sol.uid}`), {
						...party('operator'),
						seenAt: Timestamp.fromMillis(Date.now() + HOUR)
					})
				)
		},
		{
			name: "a window announces a close itself (leavingAt: the server's field)",
			attack: () =>
				denied(
					updateDoc(ref(w.alice, `sessions/${w.locked}/parties/${w.alice.uid}`), {
						leavingAt: Timestamp.fromMillis(Date.now() - HOUR)
					})
				)
		},
		{
			name: 'the customer shows "typing…" for an hour (typingAt in the future)',
			attack: () =>
				denied(
					updateDoc(ref(w.alice, `sessions/${w.locked}/parties/${w.alice.uid}`), {
						typingAt: Timestamp.fromMillis(Date.now() + HOUR)
					})
				)
		},
		{
			name: 'back-dated feedback (createdAt in 1970)',
			attack: () =>
				refused(w.bob.request('helpFeedback', feedback({ createdAt: 0 })), 'INVALID_ARGUMENT')
		}
	]
};

MATRIX['10. Flooding past the limits'] = [
	{
		name: `a customer posts past its minute's ${LIMITS.messagesPerMinute} messages (posts meter)`,
		prepare: () => meterFull(w.alice, w.open, 'posts', LIMITS.messagesPerMinute),
		attack: async () => {
			await denied(post(w.alice, w.open, message(w.alice, 'customer'), { kind: 'count' }));
			await denied(post(w.alice, w.open, message(w.alice, 'customer'), { kind: 'restart' }));
		}
	},
	{
		name: 'a customer sets its message count back, or restarts its minute early (posts meter)',
		prepare: () => meterFull(w.alice, w.open, 'posts', LIMITS.messagesPerMinute),
		attack: async () => {
			const party = ref(w.alice, `sessions/${w.open}/parties/${w.alice.uid}`);
			await denied(updateDoc(party, { posts: 0 }));
			await denied(updateDoc(party, { posts: 1, postsSince: serverTimestamp() }));
			await denied(updateDoc(party, { postsSince: Timestamp.fromMillis(0) }));
		}
	},
	{
		name: 'a message without its meter step (a plain setDoc)',
		attack: () =>
			denied(
				setDoc(
					doc(collection(w.alice.db, 'sessions', w.open, 'messages')),
					message(w.alice, 'customer')
				)
			)
	},
	{
		name: `the operator signals past its minute's ${LIMITS.signalsPerMinute} signals (signals meter)`,
		prepare: () => meterFull(w.luna, w.open, 'signals', LIMITS.signalsPerMinute),
		attack: () =>
			denied(sendSignal(w.luna, w.open, signal(w.luna, 'operator', 'candidate', '{"c":1}')))
	},
	{
		name: 'a customer rings past its minute of new requests (chatRequest)',
		prepare: () => limitFull(`ring:${w.alice.uid}`, 1000),
		attack: () =>
			refused(w.alice.request('chatRequest', { operatorId: w.luna.uid }), 'RESOURCE_EXHAUSTED')
	},
	{
		name: `a visitor answers "Was this helpful?" past ${LIMITS.feedbackPerHour} an hour (helpFeedback)`,
		prepare: () => limitFull(`feedback:uid-${w.bob.uid}`, LIMITS.feedbackPerHour),
		attack: () => refused(w.bob.request('helpFeedback', feedback()), 'RESOURCE_EXHAUSTED')
	}
];

for (const [group, rows] of Object.entries(MATRIX)) {
	describe(group, () => {
		for (const row of rows) it(row.name, () => run(row));
	});
}
