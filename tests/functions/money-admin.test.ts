/**
 * The admin's money tools and the demo top-up, through the callables: settings validation, refund
 * of a paid lock (once, as a correcting transfer), reconciliation of a clean ledger and of a
 * planted mismatch, and the demo top-up's bounds, idempotency and audience.
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
	type Person
} from './money-kit';

const CALLABLES = ['adminUpdateSettings', 'adminRefundLock', 'adminReconcile', 'walletDemoTopUp'];
let admin: Person;
let alice: Person;
let sol: Person;

beforeAll(async () => {
	await Promise.all(CALLABLES.map((name) => call(name, null)));
});

beforeEach(async () => {
	await resetEmulators();
	[admin, alice, sol] = await Promise.all([
		person('Ada Admin', { role: 'admin' }),
		person('Alice'),
		person('Sol Amari', { role: 'operator' })
	]);
});

let tampered = false;
afterEach(async () => {
	if (!tampered) await expectMoneyInvariants();
	tampered = false;
});

describe('adminUpdateSettings', () => {
	it('stores valid settings, keeping the currency', async () => {
		const r = expectOk(
			await call(
				'adminUpdateSettings',
				{ commissionBps: 2500, lockMinCents: 100, lockMaxCents: 20_000 },
				admin
			)
		);
		expect(r).toEqual({
			commissionBps: 2500,
			lockMinCents: 100,
			lockMaxCents: 20_000,
			currency: 'USD'
		});
		expect(await data('settings/platform')).toMatchObject(r as object);
		// Offers made from now on use them.
		const sessionId = await openSession(alice, sol);
		const lockId = await offer(sol, sessionId, 1000);
		expect(await data(`sessions/${sessionId}/locks/${lockId}`)).toMatchObject({
			commissionBps: 2500,
			platformShare: 250,
			operatorShare: 750
		});
	});

	it.each([
		[
			{ commissionBps: 10_001, lockMinCents: 50, lockMaxCents: 100 },
			/^commissionBps: The commission must be/
		],
		[{ commissionBps: -1, lockMinCents: 50, lockMaxCents: 100 }, /^commissionBps: /],
		[{ commissionBps: 12.5, lockMinCents: 50, lockMaxCents: 100 }, /^commissionBps: /],
		[{ commissionBps: '3000', lockMinCents: 50, lockMaxCents: 100 }, /^commissionBps: /],
		[
			{ commissionBps: 3000, lockMinCents: 0, lockMaxCents: 100 },
			/^lockMinCents: The minimum price/
		],
		[
			{ commissionBps: 3000, lockMinCents: 500, lockMaxCents: 100 },
			/^lockMinCents: The minimum price must not be above the maximum\.$/
		],
		[
			{ commissionBps: 3000, lockMinCents: 50, lockMaxCents: 1_000_001 },
			/^lockMaxCents: The maximum price .* at most \$10,000\.00\.$/
		],
		[{ commissionBps: 3000, lockMinCents: 50 }, /^lockMaxCents: The maximum price/],
		[
			{ commissionBps: 3000, lockMinCents: 50, lockMaxCents: 100, currency: 'EUR' },
			/^Remove the unexpected field "currency"\.$/
		]
	])('refuses %j', async (input, message) => {
		expect(
			expectRefused(await call('adminUpdateSettings', input, admin), 'INVALID_ARGUMENT')
		).toMatch(message);
		expect(await data('settings/platform')).toBeUndefined();
	});

	it('is for admins only', async () => {
		const input = { commissionBps: 0, lockMinCents: 1, lockMaxCents: 1 };
		expectRefused(await call('adminUpdateSettings', input, sol), 'PERMISSION_DENIED');
		expectRefused(await call('adminUpdateSettings', input, alice), 'PERMISSION_DENIED');
		expectRefused(await call('adminUpdateSettings', input), 'UNAUTHENTICATED');
		expect(await data('settings/platform')).toBeUndefined();
	});
});

describe('adminRefundLock', () => {
	it('reverses a group payment exactly, once, with a line in the transcript', async () => {
		const g = await group('starlight', ['Luna Vale']);
		const luna = g.operators[0]!;
		const sessionId = await openSession(alice, luna, 'starlight');
		await fund(alice, 2000);
		const lockId = await offer(luna, sessionId, 1250);
		const paid = expectOk(await agree(alice, sessionId, lockId));
		const refund = { sessionId, lockId, reason: 'The reading was cut short.' };
		expectRefused(await call('adminRefundLock', refund, g.owner), 'PERMISSION_DENIED');

		const results = await Promise.all(
			[1, 2, 3].map(() =>
				call<{ transferId: string; alreadyRefunded: boolean }>('adminRefundLock', refund, admin)
			)
		);
		const answers = results.map((r) => expectOk(r));
		expect(new Set(answers.map((a) => a.transferId)).size).toBe(1);
		expect(answers.filter((a) => !a.alreadyRefunded)).toHaveLength(1);
		expect(await balanceOf(alice)).toBe(2000);
		const t = await data(`transfers/${answers[0]!.transferId}`);
		expect(t).toMatchObject({
			kind: 'refund',
			amount: 1250,
			refundOf: paid.transferId,
			readers: [alice.uid, luna.uid, g.owner.uid]
		});
		// The readers read the transfer; the admin's reason is beside it, for admins only.
		expect(t).not.toHaveProperty('reason');
		expect(await data(`refundNotes/${answers[0]!.transferId}`)).toMatchObject({
			transferId: answers[0]!.transferId,
			sessionId,
			lockId,
			reason: 'The reading was cut short.',
			adminUid: admin.uid
		});
		expect(await data(`sessions/${sessionId}/locks/${lockId}`)).toMatchObject({
			status: 'paid',
			refundedTransferId: answers[0]!.transferId
		});
		const ledger = await all('ledger');
		const sumOf = (account: string) =>
			ledger.filter((e) => e.account === account).reduce((s, e) => s + (e.amount as number), 0);
		expect(sumOf('payee:group:starlight')).toBe(0);
		expect((await lines(sessionId)).map((l) => [l.event, l.text])).toEqual([
			['lockPaid', 'Alice paid $12.50 for: Tarot reading (three cards)'],
			['lockRefunded', '$12.50 was refunded to Alice for: Tarot reading (three cards)']
		]);
	});

	it('refuses unpaid locks and unknown ones', async () => {
		const sessionId = await openSession(alice, sol);
		const lockId = await offer(sol, sessionId, 1000);
		const r = await call('adminRefundLock', { sessionId, lockId, reason: 'Why not' }, admin);
		expect(expectRefused(r, 'FAILED_PRECONDITION')).toBe('Only a paid offer can be refunded.');
		expectRefused(
			await call('adminRefundLock', { sessionId, lockId: 'nope', reason: 'x' }, admin),
			'NOT_FOUND'
		);
		expectRefused(
			await call('adminRefundLock', { sessionId, lockId, reason: '  ' }, admin),
			'INVALID_ARGUMENT'
		);
		expect((await all('transfers')).filter((t) => t.kind === 'refund')).toEqual([]);
	});
});

describe('adminReconcile', () => {
	async function someActivity() {
		const bob = await person('Bob');
		await fund(alice, 5000);
		await fund(bob, 300);
		for (const price of [1250, 999, 50]) {
			const sessionId = await openSession(alice, sol);
			const lockId = await offer(sol, sessionId, price);
			expectOk(await agree(alice, sessionId, lockId));
		}
		const sessionId = await openSession(bob, sol);
		const lockId = await offer(sol, sessionId, 1000);
		expectRefused(await agree(bob, sessionId, lockId), 'FAILED_PRECONDITION');
		return bob;
	}

	it('reports a clean ledger as clean, with totals per account kind', async () => {
		await someActivity();
		const report = expectOk(await call<Record<string, unknown>>('adminReconcile', {}, admin));
		expect(report).toMatchObject({
			walletsChecked: 2,
			transfersChecked: 5,
			entriesChecked: 2 * 2 + 3 * 3,
			mismatches: [],
			unbalancedTransfers: [],
			orphanEntries: [],
			negativeWallets: [],
			clean: true,
			totals: {
				wallet: 5300 - 2299,
				payee: 2299 - (375 + 300 + 15),
				platform: 375 + 300 + 15,
				external: -5300,
				other: 0
			}
		});
	});

	it('finds a tampered wallet, an unbalanced transfer and a stray entry', async () => {
		const bob = await someActivity();
		tampered = true;
		await db().doc(`wallets/${alice.uid}`).update({ balance: 1_000_000 });
		await db().doc(`wallets/${bob.uid}`).update({ balance: -5 });
		const [entry] = (await all('ledger')).filter((e) => e.account === `payee:operator:${sol.uid}`);
		await db()
			.doc(`ledger/${entry!.id}`)
			.update({ amount: (entry!.amount as number) + 1 });
		await db().doc('ledger/stray_0').set({ transferId: 'stray', account: 'wallet:x', amount: 7 });
		const report = expectOk(await call<Record<string, unknown>>('adminReconcile', {}, admin));
		expect(report).toMatchObject({
			clean: false,
			mismatches: expect.arrayContaining([
				{ uid: alice.uid, stored: 1_000_000, computed: 5000 - 2299 },
				{ uid: bob.uid, stored: -5, computed: 300 },
				{ uid: 'x', stored: 0, computed: 7 }
			]),
			unbalancedTransfers: [{ transferId: entry!.transferId, sum: 1, entries: 3 }],
			orphanEntries: ['stray_0'],
			negativeWallets: [bob.uid]
		});
		expect(report.mismatches).toHaveLength(3);
		expectRefused(await call('adminReconcile', {}, sol), 'PERMISSION_DENIED');
	});
});

describe('walletDemoTopUp', () => {
	it('credits the caller once per key, within $0.01..$500.00', async () => {
		const key = newKey();
		const first = expectOk(
			await call<{ transferId: string; balanceCents: number }>(
				'walletDemoTopUp',
				{ amountCents: 2500, key },
				alice
			)
		);
		expect(first.balanceCents).toBe(2500);
		expect(expectOk(await call('walletDemoTopUp', { amountCents: 2500, key }, alice))).toEqual(
			first
		);
		expect(
			expectOk(
				await call<{ balanceCents: number }>(
					'walletDemoTopUp',
					{ amountCents: 1, key: newKey() },
					alice
				)
			).balanceCents
		).toBe(2501);
		expect(await balanceOf(alice)).toBe(2501);
		// Keys are the caller's: the same key from someone else is another top-up.
		const bob = await person('Bob');
		expectOk(await call('walletDemoTopUp', { amountCents: 100, key }, bob));
		expect(await balanceOf(bob)).toBe(100);
	});

	it.each([0, -100, 12.5, 50_001, '100', null, Number.MAX_SAFE_INTEGER + 2])(
		'refuses %s',
		async (amountCents) => {
			const r = await call('walletDemoTopUp', { amountCents, key: newKey() }, alice);
			expect(expectRefused(r, 'INVALID_ARGUMENT')).toBe(
				'amountCents: Choose an amount from $0.01 to $500.00.'
			);
			expect(await balanceOf(alice)).toBe(0);
		}
	);

	it('is for customers only', async () => {
		const r = await call('walletDemoTopUp', { amountCents: 100, key: newKey() }, sol);
		expect(expectRefused(r, 'PERMISSION_DENIED')).toBe('Only customer accounts have a wallet.');
		expectRefused(
			await call('walletDemoTopUp', { amountCents: 100, key: newKey() }),
			'UNAUTHENTICATED'
		);
		expect(await all('transfers')).toEqual([]);
	});
});

describe('walletCheckout on the emulators', () => {
	it('checks the amount, then says card payments are not set up (no Stripe key here)', async () => {
		const low = await call('walletCheckout', { amountCents: 499 }, alice);
		expect(expectRefused(low, 'INVALID_ARGUMENT')).toBe(
			'amountCents: Choose an amount from $5.00 to $500.00.'
		);
		const path = await call(
			'walletCheckout',
			{ amountCents: 500, returnPath: '//evil.example' },
			alice
		);
		expectRefused(path, 'INVALID_ARGUMENT');
		const r = await call('walletCheckout', { amountCents: 500, returnPath: '/wallet' }, alice);
		expect(expectRefused(r, 'FAILED_PRECONDITION')).toBe(
			'Card payments are not set up yet. Please try again later.'
		);
	});
});
