/**
 * The ledger's top-up against the Firestore emulator, through the built module the functions
 * run: idempotency under concurrent retries (I4), balanced transfers (I1), balances derivable
 * from entries (I2), and refusal of amounts that are not positive whole cents.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { topUp } from '../../functions/lib/money/ledger.js';
import { resetEmulators } from '../emulator';
import { all, db, entrySum, expectLedgerConsistent } from './admin-sdk';

type Cents = Parameters<typeof topUp>[1]['amount'];
const cents = (n: number) => n as Cents;

async function balanceOf(uid: string): Promise<number | undefined> {
	return (await db().doc(`wallets/${uid}`).get()).get('balance') as number | undefined;
}

type TopUpResult = Awaited<ReturnType<typeof topUp>>;

/**
 * Runs racing calls the way their real callers behave: a call that fails because the emulator
 * gave up waiting for a lock (ABORTED, after the SDK's own retries) is sent again, as a payment
 * provider re-sends a webhook. Any other failure fails the test.
 */
async function race(calls: (() => Promise<TopUpResult>)[]): Promise<TopUpResult[]> {
	const results: TopUpResult[] = [];
	let pending = calls;
	for (let round = 0; round < 5 && pending.length > 0; round++) {
		const settled = await Promise.allSettled(pending.map((call) => call()));
		const again: typeof calls = [];
		settled.forEach((r, i) => {
			if (r.status === 'fulfilled') results.push(r.value);
			else if ((r.reason as { code?: number }).code === 10) again.push(pending[i]!);
			else throw r.reason;
		});
		pending = again;
	}
	expect(pending, 'calls still aborted after 5 rounds').toEqual([]);
	return results;
}

beforeEach(async () => {
	await resetEmulators();
});

describe('topUp', () => {
	it('credits a wallet with one balanced transfer', async () => {
		const r = await topUp(db(), { uid: 'u1', amount: cents(1250), provider: 'demo', key: 'k1' });
		expect(r).toMatchObject({ balance: 1250, duplicate: false });
		expect(r.transferId).toMatch(/^topUp_[0-9a-f]{32}$/);
		expect(await balanceOf('u1')).toBe(1250);

		const transfers = await all('transfers');
		expect(transfers).toHaveLength(1);
		expect(transfers[0]).toMatchObject({
			id: r.transferId,
			kind: 'topUp',
			amount: 1250,
			key: 'demo:k1',
			readers: ['u1'],
			sessionId: null,
			lockId: null
		});
		const entries = await all('ledger');
		expect(entries.map((e) => [e.account, e.amount, e.ownerUid, e.transferId]).sort()).toEqual(
			[
				['external:demo', -1250, null, r.transferId],
				['wallet:u1', 1250, 'u1', r.transferId]
			].sort()
		);
		await expectLedgerConsistent();
	});

	// Racing transactions wait on each other's locks: slow on a busy emulator.
	it('credits once when 20 calls with the same key race', { timeout: 120_000 }, async () => {
		const results = await race(
			Array.from(
				{ length: 20 },
				() => () =>
					topUp(db(), { uid: 'u2', amount: cents(700), provider: 'stripe', key: 'evt_same' })
			)
		);
		expect(results).toHaveLength(20);
		expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
		expect(new Set(results.map((r) => r.transferId)).size).toBe(1);

		expect(await balanceOf('u2')).toBe(700);
		expect(await all('transfers')).toHaveLength(1);
		expect(await all('ledger')).toHaveLength(2);
		expect(await entrySum('wallet:u2')).toBe(700);
		await expectLedgerConsistent();

		// A retry long after the fact is still a duplicate and reports the current balance.
		const later = await topUp(db(), {
			uid: 'u2',
			amount: cents(700),
			provider: 'stripe',
			key: 'evt_same'
		});
		expect(later).toMatchObject({ duplicate: true, balance: 700 });
		expect(await balanceOf('u2')).toBe(700);
	});

	it('credits every one of 20 racing calls with different keys', { timeout: 120_000 }, async () => {
		const amounts = Array.from({ length: 20 }, (_, i) => i + 1);
		const results = await race(
			amounts.map(
				(a) => () => topUp(db(), { uid: 'u3', amount: cents(a), provider: 'demo', key: `k-${a}` })
			)
		);
		expect(results.filter((r) => !r.duplicate)).toHaveLength(20);
		const total = amounts.reduce((s, a) => s + a, 0);
		expect(await balanceOf('u3')).toBe(total);
		expect(await all('transfers')).toHaveLength(20);
		expect(await all('ledger')).toHaveLength(40);
		expect(await entrySum('wallet:u3')).toBe(total);
		expect(await entrySum('external:demo')).toBe(-total);
		await expectLedgerConsistent();
	});

	it('keeps providers apart and wallets apart', async () => {
		await topUp(db(), { uid: 'a', amount: cents(100), provider: 'demo', key: 'same' });
		await topUp(db(), { uid: 'a', amount: cents(100), provider: 'stripe', key: 'same' });
		await topUp(db(), { uid: 'b', amount: cents(300), provider: 'demo', key: 'other' });
		expect(await balanceOf('a')).toBe(200);
		expect(await balanceOf('b')).toBe(300);
		expect(await all('transfers')).toHaveLength(3);
		await expectLedgerConsistent();
	});

	it.each([
		['zero', 0],
		['a negative amount', -500],
		['a fractional amount', 12.5],
		['NaN', Number.NaN],
		['infinity', Number.POSITIVE_INFINITY],
		['an amount beyond safe integers', 2 ** 53]
	])('refuses %s and writes nothing', async (_what, amount) => {
		await expect(
			topUp(db(), { uid: 'u4', amount: cents(amount), provider: 'demo', key: `bad-${amount}` })
		).rejects.toThrow(RangeError);
		expect(await db().doc('wallets/u4').get()).toHaveProperty('exists', false);
		expect(await all('transfers')).toEqual([]);
		expect(await all('ledger')).toEqual([]);
	});
});
