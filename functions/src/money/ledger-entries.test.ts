import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../shared/config.js';
import type { Cents } from '../shared/money.js';
import { frozenPrice } from '../shared/locks.js';
import {
	idempotencyId,
	lockPaymentEntries,
	lockPaymentId,
	lockRefundId,
	platformShardOf,
	reversedEntries
} from './ledger-entries.js';
import { assertBalanced } from './ledger.js';

const c = (n: number) => n as Cents;

describe('lock payment entries', () => {
	const lock = { price: c(1250), operatorShare: c(875), platformShare: c(375) };

	it('pays an independent operator’s own payee account', () => {
		const id = lockPaymentId('s1', 'l1');
		const entries = lockPaymentEntries(id, lock, {
			customerUid: 'alice',
			operatorUid: 'sol',
			groupId: null
		});
		expect(entries).toEqual([
			{ account: 'wallet:alice', amount: -1250, ownerUid: 'alice', operatorUid: 'sol' },
			{ account: 'payee:operator:sol', amount: 875, ownerUid: 'sol', operatorUid: 'sol' },
			{
				account: `platform:${platformShardOf(id)}`,
				amount: 375,
				ownerUid: null,
				operatorUid: 'sol'
			}
		]);
		assertBalanced(entries);
	});

	it('pays the group’s account when the operator has a group, readable by group only', () => {
		const entries = lockPaymentEntries('t', lock, {
			customerUid: 'alice',
			operatorUid: 'luna',
			groupId: 'starlight'
		});
		expect(entries[1]).toEqual({
			account: 'payee:group:starlight',
			amount: 875,
			ownerUid: null,
			groupId: 'starlight',
			operatorUid: 'luna'
		});
		// The customer's entry does not carry the group: the group owner cannot read it.
		expect(entries[0]).not.toHaveProperty('groupId');
	});

	it.each([
		['shares that miss a cent', { price: c(100), operatorShare: c(70), platformShare: c(29) }],
		['a negative share', { price: c(100), operatorShare: c(130), platformShare: c(-30) }],
		['a zero price', { price: c(0), operatorShare: c(0), platformShare: c(0) }],
		['a fractional price', { price: c(10.5), operatorShare: c(7.5), platformShare: c(3) }]
	])('refuses %s', (_what, bad) => {
		expect(() =>
			lockPaymentEntries('t', bad, { customerUid: 'a', operatorUid: 'o', groupId: null })
		).toThrow(RangeError);
	});

	it('balances and reverses exactly for any price and commission (I1, I5)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 1_000_000 }),
				fc.integer({ min: 0, max: 10_000 }),
				fc.option(fc.constantFrom('g1', 'g2')),
				(price, bps, groupId) => {
					const frozen = frozenPrice(c(price), {
						commissionBps: bps,
						lockMinCents: c(1),
						lockMaxCents: c(1_000_000),
						currency: 'USD'
					});
					expect(frozen.operatorShare + frozen.platformShare).toBe(price);
					const entries = lockPaymentEntries('t', frozen, {
						customerUid: 'a',
						operatorUid: 'o',
						groupId
					});
					assertBalanced(entries);
					const back = reversedEntries(entries);
					assertBalanced(back);
					expect(back.map((e) => e.account)).toEqual(entries.map((e) => e.account));
					back.forEach((e, i) => expect(e.amount + entries[i]!.amount).toBe(0));
				}
			)
		);
	});
});

describe('ids', () => {
	it('gives one payment id and one refund id per lock', () => {
		expect(lockPaymentId('s', 'l')).toBe(lockPaymentId('s', 'l'));
		expect(lockPaymentId('s', 'l')).not.toBe(lockPaymentId('s', 'l2'));
		expect(lockRefundId('s', 'l')).not.toBe(lockPaymentId('s', 'l'));
		expect(lockPaymentId('s', 'l')).toMatch(/^lockPayment_[0-9a-f]{32}$/);
	});

	it('spreads platform entries over the shards deterministically', () => {
		const shards = new Set<number>();
		for (let i = 0; i < 500; i++) {
			const s = platformShardOf(lockPaymentId('s', `l${i}`));
			expect(s).toBeGreaterThanOrEqual(0);
			expect(s).toBeLessThan(DEFAULTS.platformShards);
			shards.add(s);
		}
		expect(shards.size).toBe(DEFAULTS.platformShards);
		expect(platformShardOf('x')).toBe(platformShardOf('x'));
	});

	it('scopes idempotency keys by callable and caller', () => {
		expect(idempotencyId('lockAgree', 'a', 'k')).toBe(idempotencyId('lockAgree', 'a', 'k'));
		expect(idempotencyId('lockAgree', 'a', 'k')).not.toBe(idempotencyId('lockAgree', 'b', 'k'));
		// A separator that cannot appear in uids or keys keeps ("a", "bk") apart from ("ab", "k").
		expect(idempotencyId('lockAgree', 'a', 'bk')).not.toBe(idempotencyId('lockAgree', 'ab', 'k'));
	});
});
