import { describe, expect, it } from 'vitest';
import { priceBoundsSentence, type InsufficientFundsDetails } from '$shared/locks';
import { cents } from '$shared/money';
import { callableError, deferred, fakeCall, sentenceOf, type Handlers } from '$lib/chat/fake-call';
import { LockAnswer, LockOffer, checkOffer, type LockAnswerSnapshot } from './lock';

const DESCRIPTION_MISSING = 'Describe what you will do once the chat is unlocked.';

type AnswerNames = 'lockAgree' | 'lockDecline' | 'lockWithdraw';
const target = { sessionId: 's1', lockId: 'l1' };
const paid = { transferId: 't1', balanceCents: 500, alreadyPaid: false };

function answering(handlers: Handlers<AnswerNames>) {
	const { call, sent } = fakeCall<AnswerNames>(handlers);
	let keys = 0;
	const snapshots: LockAnswerSnapshot[] = [];
	const lock = new LockAnswer({ call, describe: sentenceOf, newKey: () => `key${++keys}` }, (s) =>
		snapshots.push(s)
	);
	const keysSent = () =>
		sent.filter((s) => s.name === 'lockAgree').map((s) => (s.data as { key: string }).key);
	return { lock, sent, snapshots, keysSent };
}

function shortOf(needCents: number): Error & { code: string; details: InsufficientFundsDetails } {
	const details: InsufficientFundsDetails = {
		reason: 'insufficientFunds',
		needCents,
		balanceCents: 0,
		priceCents: needCents,
		reservedUntil: 0
	};
	return Object.assign(callableError('failed-precondition', 'Your balance is short.'), {
		details
	});
}

describe('LockAnswer', () => {
	it('pays with a fresh key, busy while in flight', async () => {
		const answer = deferred<typeof paid>();
		const { lock, sent, snapshots } = answering({ lockAgree: () => answer.promise });
		const paying = lock.pay(target);
		expect(lock.snapshot).toEqual({ busy: 'pay', error: null, short: null });
		answer.resolve(paid);
		await paying;
		expect(lock.snapshot).toEqual({ busy: null, error: null, short: null });
		expect(sent).toEqual([{ name: 'lockAgree', data: { ...target, key: 'key1' } }]);
		expect(snapshots.map((s) => s.busy)).toEqual(['pay', null]);
	});

	it('reuses the key when nobody knows whether the payment went through', async () => {
		let fail: Error | null = callableError('deadline-exceeded', 'Too slow.');
		const { lock, keysSent } = answering({
			lockAgree: () => (fail ? Promise.reject(fail) : paid)
		});
		await lock.pay(target);
		expect(lock.snapshot.error).toBe('Too slow.');
		fail = callableError('internal', 'Something went wrong.');
		await lock.pay(target);
		fail = null;
		await lock.pay(target);
		// After the success, the next click is a new attempt.
		await lock.pay(target);
		expect(keysSent()).toEqual(['key1', 'key1', 'key1', 'key2']);
	});

	it('a refusal charged nothing: the next click sends a new key', async () => {
		const { lock, keysSent } = answering({
			lockAgree: () =>
				Promise.reject(callableError('failed-precondition', 'This offer has expired.'))
		});
		await lock.pay(target);
		expect(lock.snapshot).toEqual({ busy: null, error: 'This offer has expired.', short: null });
		await lock.pay(target);
		expect(keysSent()).toEqual(['key1', 'key2']);
	});

	it('short of funds: says how much is missing until a payment succeeds', async () => {
		let short = true;
		const { lock, keysSent } = answering({
			lockAgree: () => (short ? Promise.reject(shortOf(250)) : paid)
		});
		await lock.pay(target);
		expect(lock.snapshot.short?.needCents).toBe(250);
		expect(lock.snapshot.error).toBe('Your balance is short.');
		short = false;
		const paying = lock.pay(target);
		// Still shown while the retry is in flight; the error is cleared.
		expect(lock.snapshot).toMatchObject({ busy: 'pay', error: null });
		expect(lock.snapshot.short?.needCents).toBe(250);
		await paying;
		expect(lock.snapshot.short).toBeNull();
		expect(keysSent()).toEqual(['key1', 'key2']);
	});

	it('declines and withdraws, showing a refusal', async () => {
		const { lock, sent } = answering({
			lockDecline: () => ({ status: 'declined' }),
			lockWithdraw: () =>
				Promise.reject(callableError('failed-precondition', 'This offer was already paid.'))
		});
		const declining = lock.decline(target);
		expect(lock.snapshot.busy).toBe('decline');
		await declining;
		expect(lock.snapshot).toEqual({ busy: null, error: null, short: null });
		await lock.withdraw(target);
		expect(lock.snapshot).toEqual({
			busy: null,
			error: 'This offer was already paid.',
			short: null
		});
		expect(sent).toEqual([
			{ name: 'lockDecline', data: target },
			{ name: 'lockWithdraw', data: target }
		]);
	});

	it('one move at a time', async () => {
		const answer = deferred<typeof paid>();
		const { lock, sent } = answering({
			lockAgree: () => answer.promise,
			lockDecline: () => ({ status: 'declined' })
		});
		const paying = lock.pay(target);
		await lock.decline(target);
		await lock.pay(target);
		answer.resolve(paid);
		await paying;
		expect(sent.map((s) => s.name)).toEqual(['lockAgree']);
	});
});

const bounds = { lockMinCents: cents(100), lockMaxCents: cents(10_000), currency: 'USD' };

describe('checkOffer', () => {
	it('takes a price within the bounds and a trimmed description', () => {
		expect(checkOffer('12.50', '  A reading  ', bounds)).toEqual({
			ok: true,
			priceCents: 1250,
			description: 'A reading'
		});
	});

	it('refuses a price that is not one or out of bounds, naming the bounds', () => {
		const message = priceBoundsSentence(bounds.lockMinCents, bounds.lockMaxCents, bounds.currency);
		for (const price of ['', 'abc', '0.99', '100.01']) {
			expect(checkOffer(price, 'A reading', bounds)).toEqual({
				ok: false,
				field: 'price',
				message
			});
		}
	});

	it('asks for a description', () => {
		expect(checkOffer('5', '   ', bounds)).toEqual({
			ok: false,
			field: 'description',
			message: DESCRIPTION_MISSING
		});
	});
});

describe('LockOffer', () => {
	it('sends a checked offer and says when it was created', async () => {
		const answer = deferred<{ lockId: string }>();
		const { call, sent } = fakeCall<'lockCreate'>({ lockCreate: () => answer.promise });
		const offer = new LockOffer({ call, describe: sentenceOf });
		const creating = offer.create('s1', '12.50', ' A reading ', bounds);
		expect(offer.snapshot.busy).toBe(true);
		answer.resolve({ lockId: 'l1' });
		expect(await creating).toBe(true);
		expect(offer.snapshot).toEqual({ busy: false, priceError: null, error: null });
		expect(sent).toEqual([
			{ name: 'lockCreate', data: { sessionId: 's1', priceCents: 1250, description: 'A reading' } }
		]);
	});

	it('shows a bad price or a missing description without calling the server', async () => {
		const { call, sent } = fakeCall<'lockCreate'>({});
		const offer = new LockOffer({ call, describe: sentenceOf });
		expect(await offer.create('s1', '0', 'A reading', bounds)).toBe(false);
		expect(offer.snapshot.priceError).toBe(
			priceBoundsSentence(bounds.lockMinCents, bounds.lockMaxCents, bounds.currency)
		);
		expect(await offer.create('s1', '5', '', bounds)).toBe(false);
		expect(offer.snapshot).toEqual({ busy: false, priceError: null, error: DESCRIPTION_MISSING });
		expect(sent).toEqual([]);
	});

	it('shows the server refusal and stays open', async () => {
		const { call } = fakeCall<'lockCreate'>({
			lockCreate: () =>
				Promise.reject(
					callableError(
						'failed-precondition',
						'An offer is already waiting for an answer. Withdraw it first.'
					)
				)
		});
		const offer = new LockOffer({ call, describe: sentenceOf });
		expect(await offer.create('s1', '5', 'A reading', bounds)).toBe(false);
		expect(offer.snapshot).toEqual({
			busy: false,
			priceError: null,
			error: 'An offer is already waiting for an answer. Withdraw it first.'
		});
	});
});
