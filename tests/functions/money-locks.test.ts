/**
 * Chat locks through the callables: offering within the price bounds, one pending lock at a time,
 * withdraw, decline, agree (receipt line, split, payee of a group or of an independent operator),
 * idempotency per lock and per client key, insufficient funds with the reservation, expiry (sweep
 * and late payment), a chat ending with a pending lock. The money invariants are checked after
 * every scenario.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetEmulators } from '../emulator';
import { all, db } from './admin-sdk';
import { expectOk, expectRefused } from './expect-call';
import {
	agree,
	balanceOf,
	call,
	data,
	expectMoneyInvariants,
	fund,
	group,
	lines,
	newKey,
	offer,
	openSession,
	person,
	sweep,
	type Person
} from './money-kit';

const CALLABLES = ['lockCreate', 'lockWithdraw', 'lockAgree', 'lockDecline', 'chatEnd'];
let alice: Person;
let sol: Person;
let luna: Person;
let owner: Person;
let stranger: Person;

beforeAll(async () => {
	await Promise.all(CALLABLES.map((name) => call(name, null)));
});

beforeEach(async () => {
	await resetEmulators();
	[alice, sol, stranger] = await Promise.all([
		person('Alice'),
		person('Sol Amari', { role: 'operator' }),
		person('Mallory')
	]);
	const g = await group('starlight', ['Luna Vale']);
	owner = g.owner;
	luna = g.operators[0]!;
});

afterEach(async () => {
	await expectMoneyInvariants();
});

describe('lockCreate', () => {
	it('freezes price, currency and split on a pending lock, and writes no message', async () => {
		const sessionId = await openSession(alice, sol);
		const lockId = await offer(sol, sessionId, 1250);
		expect(await data(`sessions/${sessionId}/locks/${lockId}`)).toMatchObject({
			price: 1250,
			currency: 'USD',
			commissionBps: 3000,
			operatorShare: 875,
			platformShare: 375,
			description: 'Tarot reading (three cards)',
			status: 'pending',
			createdBy: sol.uid,
			answeredAt: null,
			transferId: null,
			reservedUntil: null,
			refundedTransferId: null
		});
		expect(await data(`sessions/${sessionId}`)).toMatchObject({ lockPending: true });
		expect(await lines(sessionId)).toEqual([]);
	});

	it('lets the group owner offer for its operator', async () => {
		const sessionId = await openSession(alice, luna, 'starlight');
		const lockId = await offer(owner, sessionId, 500);
		expect(await data(`sessions/${sessionId}/locks/${lockId}`)).toMatchObject({
			createdBy: owner.uid
		});
	});

	it('refuses the customer, strangers and other operators', async () => {
		const sessionId = await openSession(alice, sol);
		const req = { sessionId, priceCents: 1000, description: 'Reading' };
		expect(expectRefused(await call('lockCreate', req, alice), 'PERMISSION_DENIED')).toBe(
			'Only the advisor can lock this chat or withdraw an offer.'
		);
		expect(expectRefused(await call('lockCreate', req, stranger), 'NOT_FOUND')).toBe(
			'We could not find this chat.'
		);
		expectRefused(await call('lockCreate', req, luna), 'NOT_FOUND');
		// The owner of another group is a stranger here too.
		const other = await group('moonlight', []);
		expectRefused(await call('lockCreate', req, other.owner), 'NOT_FOUND');
		expectRefused(await call('lockCreate', req), 'UNAUTHENTICATED');
		expect(await all('transfers')).toEqual([]);
	});

	it('keeps prices within the settings in force', async () => {
		const sessionId = await openSession(alice, sol);
		const bounds = 'Choose a price from $0.50 to $500.00.';
		for (const priceCents of [49, 50_001, 1_000_000]) {
			const r = await call('lockCreate', { sessionId, priceCents, description: 'x' }, sol);
			expect(expectRefused(r, 'INVALID_ARGUMENT')).toBe(bounds);
		}
		for (const priceCents of [0, -100, 12.5, '1000', null, 1e300]) {
			const r = await call('lockCreate', { sessionId, priceCents, description: 'x' }, sol);
			expect(expectRefused(r, 'INVALID_ARGUMENT')).toMatch(/^priceCents: /);
		}
		expect(await data(`sessions/${sessionId}`)).toMatchObject({ lockPending: false });
		await db()
			.doc('settings/platform')
			.set({ commissionBps: 1000, lockMinCents: 100, lockMaxCents: 2000, currency: 'USD' });
		const r = await call('lockCreate', { sessionId, priceCents: 50, description: 'x' }, sol);
		expect(expectRefused(r, 'INVALID_ARGUMENT')).toBe('Choose a price from $1.00 to $20.00.');
		const lockId = await offer(sol, sessionId, 2000);
		expect(await data(`sessions/${sessionId}/locks/${lockId}`)).toMatchObject({
			commissionBps: 1000,
			operatorShare: 1800,
			platformShare: 200
		});
	});

	it('allows one pending lock per session, even when offered at the same moment', async () => {
		const sessionId = await openSession(alice, luna, 'starlight');
		const results = await Promise.all(
			[luna, owner, luna, owner].map((who, i) =>
				call('lockCreate', { sessionId, priceCents: 100 * (i + 1), description: 'x' }, who)
			)
		);
		expect(results.filter((r) => r.result)).toHaveLength(1);
		for (const r of results.filter((r) => r.error)) {
			expect(expectRefused(r, 'FAILED_PRECONDITION')).toBe(
				'An offer is already waiting for an answer. Withdraw it first.'
			);
		}
		expect((await db().collection(`sessions/${sessionId}/locks`).get()).size).toBe(1);
	});

	it('refuses offers in an ended chat', async () => {
		const sessionId = await openSession(alice, sol);
		await db().doc(`sessions/${sessionId}`).update({ status: 'ended' });
		const r = await call('lockCreate', { sessionId, priceCents: 500, description: 'x' }, sol);
		expect(expectRefused(r, 'FAILED_PRECONDITION')).toBe('This chat has ended.');
	});
});

describe('lockWithdraw and lockDecline', () => {
	it('withdraws: the chat is open again, a line says so, twice is fine', async () => {
		const sessionId = await openSession(alice, sol);
		const lockId = await offer(sol, sessionId, 700, 'Career coaching');
		expectRefused(await call('lockWithdraw', { sessionId, lockId }, alice), 'PERMISSION_DENIED');
		expect(expectOk(await call('lockWithdraw', { sessionId, lockId }, sol))).toEqual({
			status: 'withdrawn'
		});
		expect(expectOk(await call('lockWithdraw', { sessionId, lockId }, sol))).toEqual({
			status: 'withdrawn'
		});
		expect(await data(`sessions/${sessionId}`)).toMatchObject({ lockPending: false });
		expect(await data(`sessions/${sessionId}/locks/${lockId}`)).toMatchObject({
			status: 'withdrawn'
		});
		expect(await lines(sessionId)).toMatchObject([
			{
				authorUid: null,
				authorRole: 'system',
				event: 'lockWithdrawn',
				lockId,
				text: 'Sol Amari withdrew the offer of $7.00 for: Career coaching'
			}
		]);
		// A new offer may follow; a withdrawn one cannot be paid or declined.
		await fund(alice, 5000);
		expect(expectRefused(await agree(alice, sessionId, lockId), 'FAILED_PRECONDITION')).toBe(
			'The advisor withdrew this offer.'
		);
		expectRefused(await call('lockDecline', { sessionId, lockId }, alice), 'FAILED_PRECONDITION');
		await offer(sol, sessionId, 800);
	});

	it('declines: only the customer, a line tells the operator, nothing is charged', async () => {
		const sessionId = await openSession(alice, luna, 'starlight');
		await fund(alice, 5000);
		const lockId = await offer(luna, sessionId, 1250);
		expect(
			expectRefused(await call('lockDecline', { sessionId, lockId }, owner), 'PERMISSION_DENIED')
		).toBe('Only the customer can answer this offer.');
		expect(expectOk(await call('lockDecline', { sessionId, lockId }, alice))).toEqual({
			status: 'declined'
		});
		expect(expectOk(await call('lockDecline', { sessionId, lockId }, alice))).toEqual({
			status: 'declined'
		});
		expect(await lines(sessionId)).toMatchObject([
			{
				event: 'lockDeclined',
				lockId,
				text: 'Alice declined the offer of $12.50 for: Tarot reading (three cards)'
			}
		]);
		expect(expectRefused(await agree(alice, sessionId, lockId), 'FAILED_PRECONDITION')).toBe(
			'This offer was declined.'
		);
		expectRefused(await call('lockWithdraw', { sessionId, lockId }, luna), 'FAILED_PRECONDITION');
		expect(await balanceOf(alice)).toBe(5000);
		expect(await data(`sessions/${sessionId}`)).toMatchObject({ lockPending: false });
	});

	it('answers an unknown lock with a sentence', async () => {
		const sessionId = await openSession(alice, sol);
		const r = await call('lockDecline', { sessionId, lockId: 'nope' }, alice);
		expect(expectRefused(r, 'NOT_FOUND')).toBe('We could not find this offer.');
	});
});

describe('lockAgree', () => {
	it('pays a group operator’s offer: wallet, group payee, platform, receipt, one transaction', async () => {
		const sessionId = await openSession(alice, luna, 'starlight');
		await fund(alice, 5000);
		const lockId = await offer(owner, sessionId, 1250);
		const r = expectOk(await agree(alice, sessionId, lockId));
		expect(r).toMatchObject({ balanceCents: 3750, alreadyPaid: false });
		expect(await balanceOf(alice)).toBe(3750);
		expect(await data(`sessions/${sessionId}/locks/${lockId}`)).toMatchObject({
			status: 'paid',
			transferId: r.transferId
		});
		expect(await data(`sessions/${sessionId}`)).toMatchObject({ lockPending: false });
		expect(await data(`transfers/${r.transferId}`)).toMatchObject({
			kind: 'lockPayment',
			amount: 1250,
			sessionId,
			lockId,
			readers: [alice.uid, luna.uid, owner.uid]
		});
		const entries = (await all('ledger')).filter((e) => e.transferId === r.transferId);
		expect(entries.map((e) => [e.account, e.amount, e.ownerUid, e.groupId, e.operatorUid])).toEqual(
			expect.arrayContaining([
				[`wallet:${alice.uid}`, -1250, alice.uid, null, luna.uid],
				['payee:group:starlight', 875, null, 'starlight', luna.uid],
				[expect.stringMatching(/^platform:\d$/), 375, null, null, luna.uid]
			])
		);
		expect(await lines(sessionId)).toMatchObject([
			{
				authorRole: 'system',
				event: 'lockPaid',
				lockId,
				text: 'Alice paid $12.50 for: Tarot reading (three cards)'
			}
		]);
	});

	it('pays an independent operator’s own payee account', async () => {
		const sessionId = await openSession(alice, sol);
		await fund(alice, 1000);
		const lockId = await offer(sol, sessionId, 1000);
		const r = expectOk(await agree(alice, sessionId, lockId));
		expect(r.balanceCents).toBe(0);
		const payee = (await all('ledger')).find((e) => e.account === `payee:operator:${sol.uid}`);
		expect(payee).toMatchObject({ amount: 700, ownerUid: sol.uid, groupId: null });
		expect(await data(`transfers/${r.transferId}`)).toMatchObject({
			readers: [alice.uid, sol.uid]
		});
	});

	it('charges once: another window gets alreadyPaid, the same key the same answer', async () => {
		const sessionId = await openSession(alice, sol);
		await fund(alice, 3000);
		const lockId = await offer(sol, sessionId, 1000);
		const key = newKey();
		const first = expectOk(await agree(alice, sessionId, lockId, key));
		expect(first).toMatchObject({ balanceCents: 2000, alreadyPaid: false });
		// A retry of the same click (its answer was lost): the very same answer.
		expect(expectOk(await agree(alice, sessionId, lockId, key))).toEqual(first);
		// Another click (another window): the same transfer, nothing charged.
		expect(expectOk(await agree(alice, sessionId, lockId))).toEqual({
			transferId: first.transferId,
			balanceCents: 2000,
			alreadyPaid: true
		});
		// The key of that payment cannot pay another offer.
		const next = await offer(sol, sessionId, 500);
		expect(expectRefused(await agree(alice, sessionId, next, key), 'INVALID_ARGUMENT')).toBe(
			'This payment key was already used for another offer.'
		);
		expect(await balanceOf(alice)).toBe(2000);
		expect((await all('transfers')).filter((t) => t.kind === 'lockPayment')).toHaveLength(1);
	});

	it('refuses the operator side and strangers', async () => {
		const sessionId = await openSession(alice, luna, 'starlight');
		await fund(alice, 3000);
		const lockId = await offer(luna, sessionId, 1000);
		for (const who of [luna, owner]) {
			expect(expectRefused(await agree(who, sessionId, lockId), 'PERMISSION_DENIED')).toBe(
				'Only the customer can answer this offer.'
			);
		}
		expectRefused(await agree(stranger, sessionId, lockId), 'NOT_FOUND');
		expectRefused(
			await call('lockAgree', { sessionId, lockId, key: 'short' }, alice),
			'INVALID_ARGUMENT'
		);
		expect(await balanceOf(alice)).toBe(3000);
	});

	it('without funds: a sentence, what is missing, and the offer waits for a top-up', async () => {
		const sessionId = await openSession(alice, sol);
		await fund(alice, 400);
		const lockId = await offer(sol, sessionId, 1250);
		const before = Date.now();
		const r = await agree(alice, sessionId, lockId);
		expect(expectRefused(r, 'FAILED_PRECONDITION')).toBe(
			'Your balance is $4.00; this costs $12.50. Top up to continue.'
		);
		const details = (r.error as unknown as { details: Record<string, number> }).details;
		expect(details).toMatchObject({
			reason: 'insufficientFunds',
			needCents: 850,
			balanceCents: 400,
			priceCents: 1250
		});
		expect(details.reservedUntil).toBeGreaterThanOrEqual(before + 119_000);
		expect(details.reservedUntil).toBeLessThanOrEqual(Date.now() + 121_000);
		const lock = await data(`sessions/${sessionId}/locks/${lockId}`);
		expect(lock).toMatchObject({ status: 'pending', transferId: null });
		expect((lock!.reservedUntil as { toMillis(): number }).toMillis()).toBe(details.reservedUntil);
		expect(await data(`sessions/${sessionId}`)).toMatchObject({ lockPending: true });
		// A second try keeps the first reservation (the operator waits at most 2 minutes).
		const again = await agree(alice, sessionId, lockId);
		expect(
			(again.error as unknown as { details: { reservedUntil: number } }).details.reservedUntil
		).toBe(details.reservedUntil);
		await fund(alice, 850);
		expect(expectOk(await agree(alice, sessionId, lockId))).toMatchObject({ balanceCents: 0 });
		expect(await balanceOf(alice)).toBe(0);
	});

	it('expires a reserved offer once its time has passed: by the sweep, or on a late payment', async () => {
		const s1 = await openSession(alice, sol);
		const s2 = await openSession(alice, sol);
		const l1 = await offer(sol, s1, 1000);
		const l2 = await offer(sol, s2, 1000);
		expectRefused(await agree(alice, s1, l1), 'FAILED_PRECONDITION');
		expectRefused(await agree(alice, s2, l2), 'FAILED_PRECONDITION');
		const past = new Date(Date.now() - 1000);
		await db().doc(`sessions/${s1}/locks/${l1}`).update({ reservedUntil: past });
		await db().doc(`sessions/${s2}/locks/${l2}`).update({ reservedUntil: past });

		await sweep();
		expect(await data(`sessions/${s1}/locks/${l1}`)).toMatchObject({ status: 'expired' });
		expect(await data(`sessions/${s1}`)).toMatchObject({ lockPending: false });
		expect(await lines(s1)).toMatchObject([
			{
				event: 'lockExpired',
				lockId: l1,
				text: 'The offer of $10.00 expired before it was paid: Tarot reading (three cards)'
			}
		]);
		// The sweep got s2 too (or the payment below does it): either way it is expired, unpaid.
		await fund(alice, 5000);
		expect(expectRefused(await agree(alice, s2, l2), 'FAILED_PRECONDITION')).toBe(
			'This offer has expired.'
		);
		expect(await data(`sessions/${s2}/locks/${l2}`)).toMatchObject({ status: 'expired' });
		expect(await balanceOf(alice)).toBe(5000);
		// A pending offer nobody tried to pay has no reservation: the sweep leaves it.
		const s3 = await openSession(alice, sol);
		const l3 = await offer(sol, s3, 1000);
		await sweep();
		expect(await data(`sessions/${s3}/locks/${l3}`)).toMatchObject({ status: 'pending' });
	});

	it('a chat that ends withdraws its pending offer, which can no longer be paid', async () => {
		const sessionId = await openSession(alice, sol);
		await fund(alice, 5000);
		const lockId = await offer(sol, sessionId, 1000);
		expectOk(await call('chatEnd', { sessionId }, alice));
		expect(await data(`sessions/${sessionId}`)).toMatchObject({
			status: 'ended',
			lockPending: false
		});
		expect(await data(`sessions/${sessionId}/locks/${lockId}`)).toMatchObject({
			status: 'withdrawn'
		});
		expectRefused(await agree(alice, sessionId, lockId), 'FAILED_PRECONDITION');
		expect(await balanceOf(alice)).toBe(5000);
	});

	it('keeps the price and split frozen when the admin changes the commission meanwhile', async () => {
		const sessionId = await openSession(alice, sol);
		await fund(alice, 5000);
		const lockId = await offer(sol, sessionId, 1000);
		await db()
			.doc('settings/platform')
			.set({ commissionBps: 9000, lockMinCents: 50, lockMaxCents: 500, currency: 'USD' });
		const r = expectOk(await agree(alice, sessionId, lockId));
		const entries = (await all('ledger')).filter((e) => e.transferId === r.transferId);
		expect(entries.find((e) => e.account === `payee:operator:${sol.uid}`)?.amount).toBe(700);
		expect(await balanceOf(alice)).toBe(4000);
	});
});
