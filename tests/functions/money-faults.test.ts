/**
 * A money function that fails after its transaction committed: the crash (or the timeout, or the
 * lost answer) the replay tests of money-locks / money-admin / money-stripe do not cover. The
 * Functions emulator is asked, with `x-parley-fault: after-commit` (functions/src/dev/faults.ts),
 * to throw right after the commit and before the answer: the client gets INTERNAL (the webhook,
 * a 500) although the money moved, and sends the same request again, without the header.
 *
 * Each scenario runs twice from the same world (same uids, session, lock and key; the emulators
 * are reset in between): once clean, once with the fault and the retries. Checked:
 * - the faulted call fails as a crash does (INTERNAL / 500);
 * - the money moved exactly once, and at once: right after the fault every document equals the
 *   clean run's end state (timestamps aside), so nothing was left for after the commit;
 * - the retry answers what the clean call answered (the same transfer), and changes nothing, not
 *   even a timestamp; two retries at once do the same;
 * - the ledger and the money invariants hold (afterEach).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { frozenPrice } from '../../functions/lib/shared/locks.js';
import { settingsFrom } from '../../functions/lib/shared/settings.js';
import { topUp } from '../../functions/lib/money/ledger.js';
import { signPayload } from '../../functions/lib/money/stripe.js';
import { startedSession } from '../../functions/lib/shared/chat.js';
import { FUNCTIONS_ORIGIN, PROJECT_ID, callFunction, resetEmulators, signIn } from '../emulator';
import { all, auth, db, expectLedgerConsistent } from './admin-sdk';
import { expectOk } from './expect-call';
import { balanceOf, expectMoneyInvariants, warmWorkers, type Person } from './money-kit';

const FAULT = { 'x-parley-fault': 'after-commit' };
const PASSWORD = 'faults-password';
const SESSION = 'faults-session';
const LOCK = 'faults-lock';
const PRICE = 1250;
const KEY = 'pay-click-0001';
const WEBHOOK = `${FUNCTIONS_ORIGIN}/${PROJECT_ID}/us-central1/stripeWebhook`;
const SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? '';

type Cents = Parameters<typeof topUp>[1]['amount'];

interface World {
	alice: Person;
	sol: Person;
	ada: Person;
}

async function account(
	uid: string,
	name: string,
	claims?: Record<string, unknown>
): Promise<Person> {
	const email = `${uid}@faults.test`;
	await auth().createUser({ uid, email, password: PASSWORD, displayName: name });
	if (claims) await auth().setCustomUserClaims(uid, claims);
	return { uid, email, password: PASSWORD, name, idToken: await signIn(email, PASSWORD) };
}

/**
 * The same world every time, from empty emulators: Alice (customer) with `funds` in her wallet,
 * in an active chat with Sol (operator) who has offered PRICE (pending, or already paid by Alice
 * with KEY), and Ada (admin).
 */
async function world(funds: number, lock: 'pending' | 'paid' = 'pending'): Promise<World> {
	await resetEmulators();
	const [alice, sol, ada] = await Promise.all([
		account('faults-alice', 'Alice'),
		account('faults-sol', 'Sol Amari', { role: 'operator' }),
		account('faults-ada', 'Ada Admin', { role: 'admin' })
	]);
	const session = db().doc(`sessions/${SESSION}`);
	await session.set({
		...startedSession({
			requestId: SESSION,
			customer: alice,
			operator: { id: sol.uid, name: sol.name },
			groupId: null,
			startedAt: new Date(),
			heartbeatSeconds: 10,
			windowTimeoutSeconds: 30
		}),
		lockPending: true
	});
	// As lockCreate writes it, with a fixed id so both runs pay the same transfer id.
	await session
		.collection('locks')
		.doc(LOCK)
		.set({
			...frozenPrice(PRICE as Cents, settingsFrom(undefined)),
			description: 'Tarot reading (three cards)',
			status: 'pending',
			createdBy: sol.uid,
			createdAt: new Date(),
			answeredAt: null,
			transferId: null,
			reservedUntil: null,
			refundedTransferId: null
		});
	if (funds > 0) {
		await topUp(db(), { uid: alice.uid, amount: funds as Cents, provider: 'demo', key: 'funds' });
	}
	if (lock === 'paid') expectOk(await pay({ alice, sol, ada }));
	return { alice, sol, ada };
}

/** Every document in the emulator by path; timestamps as `<time>`, or as milliseconds. */
async function everything(exactTimes = false): Promise<Record<string, unknown>> {
	const out: Record<string, unknown> = {};
	const plain = (value: unknown): unknown => {
		if (value === null || typeof value !== 'object') return value;
		if (typeof (value as { toMillis?: unknown }).toMillis === 'function') {
			return exactTimes ? (value as { toMillis(): number }).toMillis() : '<time>';
		}
		if (Array.isArray(value)) return value.map(plain);
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
	};
	const walk = async (collections: FirebaseFirestore.CollectionReference[]) => {
		for (const collection of collections) {
			for (const doc of (await collection.get()).docs) {
				out[doc.ref.path] = plain(doc.data());
				await walk(await doc.ref.listCollections());
			}
		}
	};
	await walk(await db().listCollections());
	return out;
}

interface Answer {
	status: number;
	body: unknown;
}

function callAnswer(r: Awaited<ReturnType<typeof callFunction>>): Answer {
	const { status, ...body } = r;
	return { status, body };
}

type Paid = { transferId: string; balanceCents: number; alreadyPaid: boolean };

function pay(w: World, headers: Record<string, string> = {}, key = KEY) {
	return callFunction<Paid>(
		'lockAgree',
		{ sessionId: SESSION, lockId: LOCK, key },
		w.alice.idToken,
		headers
	);
}

/** A paid Checkout Session, as Stripe signs and sends it. */
async function stripeEvent(w: World, headers: Record<string, string> = {}): Promise<Answer> {
	const body = JSON.stringify({
		id: 'evt_faults',
		object: 'event',
		type: 'checkout.session.completed',
		data: {
			object: {
				object: 'checkout.session',
				id: 'cs_test_faults',
				payment_status: 'paid',
				client_reference_id: w.alice.uid,
				amount_total: 2500,
				currency: 'usd'
			}
		}
	});
	const t = Math.floor(Date.now() / 1000);
	const response = await fetch(WEBHOOK, {
		method: 'POST',
		headers: {
			...headers,
			'content-type': 'application/json',
			'stripe-signature': `t=${t},v1=${signPayload(SECRET, t, body)}`
		},
		body
	});
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// Not JSON: the text is the answer.
	}
	return { status: response.status, body: parsed };
}

interface Case {
	what: string;
	/** The function's name, to start worker processes for the concurrent retries. */
	fn: string;
	funds: number;
	lock?: 'pending' | 'paid';
	send: (w: World, headers?: Record<string, string>) => Promise<Answer>;
	/** Alice's balance once the money moved. */
	balance: number;
	/**
	 * What a retry answers, from the clean call's answer. The same, except where the function has
	 * no client key to remember its first answer by (the refund and the webhook are keyed by the
	 * lock and by the Checkout Session): they answer that it was done already.
	 */
	retried?: (clean: Answer) => Answer;
}

const CASES: Case[] = [
	{
		what: 'lockAgree (paying an offer)',
		fn: 'lockAgree',
		funds: 5000,
		send: async (w, headers) => callAnswer(await pay(w, headers)),
		balance: 5000 - PRICE
	},
	{
		what: 'walletDemoTopUp',
		fn: 'walletDemoTopUp',
		funds: 300,
		send: async (w, headers) =>
			callAnswer(
				await callFunction(
					'walletDemoTopUp',
					{ amountCents: 2000, key: KEY },
					w.alice.idToken,
					headers
				)
			),
		balance: 2300
	},
	{
		what: 'adminRefundLock',
		fn: 'adminRefundLock',
		funds: 5000,
		lock: 'paid',
		send: async (w, headers) =>
			callAnswer(
				await callFunction(
					'adminRefundLock',
					{ sessionId: SESSION, lockId: LOCK, reason: 'The reading never happened.' },
					w.ada.idToken,
					headers
				)
			),
		balance: 5000,
		retried: (clean) => ({
			status: 200,
			body: { result: { ...(clean.body as { result: object }).result, alreadyRefunded: true } }
		})
	},
	{
		what: 'stripeWebhook (a paid checkout)',
		fn: 'stripeWebhook',
		funds: 0,
		send: stripeEvent,
		balance: 2500,
		retried: (clean) => ({ status: 200, body: { ...(clean.body as object), credited: false } })
	}
];

beforeAll(async () => {
	expect(SECRET, 'the test runner sets STRIPE_WEBHOOK_SECRET').toMatch(/^whsec_/);
	// Two idle worker processes per function, for the retries sent at once.
	for (const c of CASES) {
		if (c.fn === 'stripeWebhook') {
			await Promise.all([fetch(WEBHOOK), fetch(WEBHOOK)]);
		} else {
			await warmWorkers(c.fn, 2);
		}
	}
});

afterEach(async () => {
	await expectMoneyInvariants();
});

/** The clean run: its answer and the end state of every document. */
async function cleanRun(c: Case) {
	const w = await world(c.funds, c.lock);
	const answer = await c.send(w);
	expect(answer.status, JSON.stringify(answer.body)).toBe(200);
	expect(await balanceOf(w.alice)).toBe(c.balance);
	return { answer, state: await everything() };
}

/** The faulted call: fails as a crash does, with the money moved once and nothing left undone. */
async function faultedRun(c: Case, clean: { state: Record<string, unknown> }) {
	const w = await world(c.funds, c.lock);
	const failed = await c.send(w, FAULT);
	if (c.fn === 'stripeWebhook') {
		expect(failed).toEqual({ status: 500, body: 'Credit failed; retry later.' });
	} else {
		expect(failed).toEqual({
			status: 500,
			body: { error: { status: 'INTERNAL', message: 'INTERNAL' } }
		});
	}
	expect(await balanceOf(w.alice)).toBe(c.balance);
	await expectLedgerConsistent();
	expect(await everything()).toEqual(clean.state);
	return { w, afterFault: await everything(true) };
}

describe.each(CASES)('$what fails after its commit', (c) => {
	it('the retry is charged nothing more and answers what a clean call answers', async () => {
		const clean = await cleanRun(c);
		const { w, afterFault } = await faultedRun(c, clean);
		const expected = c.retried ? c.retried(clean.answer) : clean.answer;
		expect(await c.send(w)).toEqual(expected);
		// Nothing written again, not even a timestamp; a second retry answers the same.
		expect(await everything(true)).toEqual(afterFault);
		expect(await c.send(w)).toEqual(expected);
		expect(await everything(true)).toEqual(afterFault);
		expect(await balanceOf(w.alice)).toBe(c.balance);
	});

	it('two retries at once are charged nothing more and both answer the same', async () => {
		const clean = await cleanRun(c);
		const { w, afterFault } = await faultedRun(c, clean);
		const expected = c.retried ? c.retried(clean.answer) : clean.answer;
		const answers = await Promise.all([c.send(w), c.send(w)]);
		expect(answers).toEqual([expected, expected]);
		expect(await everything(true)).toEqual(afterFault);
		expect(await balanceOf(w.alice)).toBe(c.balance);
	});
});

describe('lockAgree without enough funds fails after reserving the offer', () => {
	type Refusal = {
		status: number;
		body: { error: { status: string; message: string; details: Record<string, unknown> } };
	};

	it('the retry refuses as a clean call does, with the same reservation; paying later charges once', async () => {
		const cleanWorld = await world(500);
		const clean = callAnswer(await pay(cleanWorld)) as Refusal;
		expect(clean.body.error.status).toBe('FAILED_PRECONDITION');
		const cleanState = await everything();

		const w = await world(500);
		expect(callAnswer(await pay(w, FAULT))).toEqual({
			status: 500,
			body: { error: { status: 'INTERNAL', message: 'INTERNAL' } }
		});
		// The reservation is kept (as in the clean run), no money moved, no answer remembered.
		expect(await everything()).toEqual(cleanState);
		const reserved = (await db().doc(`sessions/${SESSION}/locks/${LOCK}`).get()).get(
			'reservedUntil'
		) as { toMillis(): number };
		expect(await all('idempotency')).toEqual([]);
		const afterFault = await everything(true);

		const retry = callAnswer(await pay(w)) as Refusal;
		expect(retry.status).toBe(clean.status);
		expect(retry.body.error.message).toBe(clean.body.error.message);
		expect(retry.body.error.details).toEqual({
			...clean.body.error.details,
			reservedUntil: reserved.toMillis()
		});
		expect(await everything(true)).toEqual(afterFault);

		// Topped up within the reservation, the same click pays, once.
		await topUp(db(), { uid: w.alice.uid, amount: 1000 as Cents, provider: 'demo', key: 'more' });
		const paid = expectOk(await pay(w));
		expect(paid).toMatchObject({ balanceCents: 250, alreadyPaid: false });
		expect(expectOk(await pay(w))).toEqual(paid);
		expect(await balanceOf(w.alice)).toBe(250);
	});
});

describe('the fault hook is inert', () => {
	it('without the header, or with another value, the call is a clean call', async () => {
		const w = await world(5000);
		const answer = expectOk(await pay(w, { 'x-parley-fault': 'none' }));
		expect(answer).toMatchObject({ balanceCents: 5000 - PRICE, alreadyPaid: false });
		expect(expectOk(await pay(w, {}, 'pay-click-0002'))).toEqual({
			...answer,
			alreadyPaid: true
		});
	});
});
