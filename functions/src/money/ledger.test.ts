import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cents } from '../shared/money.js';
import { assertBalanced, transferIdFor, type EntryInput } from './ledger.js';

const entry = (amount: number, account = 'acct'): EntryInput => ({
	account,
	amount: amount as Cents,
	ownerUid: null
});

describe('assertBalanced', () => {
	it('accepts entries that sum to zero', () => {
		expect(() =>
			assertBalanced([entry(-500, 'external:demo'), entry(500, 'wallet:u')])
		).not.toThrow();
		expect(() =>
			assertBalanced([entry(-1000), entry(300, 'platform:3'), entry(700, 'payee:group:g')])
		).not.toThrow();
		expect(() => assertBalanced([entry(0), entry(0)])).not.toThrow();
	});

	it.each([
		['one side only', [entry(500)]],
		['a cent missing', [entry(-1000), entry(300), entry(699)]],
		['a cent too many', [entry(-1000), entry(301), entry(700)]]
	])('refuses entries with %s', (_what, entries) => {
		expect(() => assertBalanced(entries)).toThrow(/sum to/);
	});

	it.each([
		['a fractional amount', [entry(-0.5), entry(0.5)]],
		['NaN', [entry(Number.NaN), entry(0)]],
		['an infinite amount', [entry(Number.POSITIVE_INFINITY), entry(Number.NEGATIVE_INFINITY)]],
		['an amount beyond safe integers', [entry(2 ** 53), entry(-(2 ** 53))]]
	])('refuses %s', (_what, entries) => {
		expect(() => assertBalanced(entries)).toThrow(/whole cents/);
	});

	it('is not fooled by floating-point sums of large amounts', () => {
		// 2^53 - 1 + 1 + 1 rounds to 2^53 in floating point, so a naive sum of these entries is 0
		// although they really sum to 1.
		const max = Number.MAX_SAFE_INTEGER;
		expect(() => assertBalanced([entry(max), entry(1), entry(1), entry(-max), entry(-1)])).toThrow(
			/sum to 1,/
		);
	});

	it('accepts a set of entries exactly when its true sum is zero', () => {
		const amount = fc.oneof(
			fc.integer({ min: -1_000_000, max: 1_000_000 }),
			fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1, -1)
		);
		fc.assert(
			fc.property(
				fc.array(amount, { minLength: 1, maxLength: 8 }),
				fc.boolean(),
				(amounts, fix) => {
					// Half the time, add an entry that balances the others when it can.
					const total = amounts.reduce((s, a) => s + BigInt(a), 0n);
					const all =
						fix && total !== 0n && Number.isSafeInteger(Number(-total))
							? [...amounts, Number(-total)]
							: amounts;
					const trueSum = all.reduce((s, a) => s + BigInt(a), 0n);
					const check = () => assertBalanced(all.map((a) => entry(a)));
					if (trueSum === 0n) expect(check).not.toThrow();
					else expect(check).toThrow(RangeError);
				}
			),
			{ numRuns: 1_000 }
		);
	});
});

describe('transferIdFor', () => {
	it('is a stable, readable Firestore document id', () => {
		const id = transferIdFor('topUp', 'demo:seed:abc');
		expect(id).toBe(transferIdFor('topUp', 'demo:seed:abc'));
		expect(id).toMatch(/^topUp_[0-9a-f]{32}$/);
		expect(transferIdFor('lockPayment', 'lock-1')).toMatch(/^lockPayment_[0-9a-f]{32}$/);
		expect(transferIdFor('refund', '')).toMatch(/^refund_[0-9a-f]{32}$/);
	});

	it('pins the derivation (changing it would let an old key be credited twice)', () => {
		// sha256('stripe:evt_1'), first 32 hex digits: transfers already written are found again by
		// a retried event only while this holds.
		expect(transferIdFor('topUp', 'stripe:evt_1')).toBe('topUp_086cb4b9c326916d9ad59cdb4bb87d10');
	});

	it('separates kinds and keys', () => {
		expect(transferIdFor('topUp', 'x')).not.toBe(transferIdFor('refund', 'x'));
		fc.assert(
			fc.property(fc.string(), fc.string(), (a, b) => {
				fc.pre(a !== b);
				expect(transferIdFor('lockPayment', a)).not.toBe(transferIdFor('lockPayment', b));
			})
		);
	});

	it('accepts any key, including slashes and very long keys, without leaking it', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 5000 }), (key) => {
				const id = transferIdFor('refund', key);
				expect(id).toMatch(/^refund_[0-9a-f]{32}$/);
				expect(id.length).toBeLessThan(1500);
			})
		);
		expect(transferIdFor('topUp', 'a/b/c')).not.toContain('/');
	});
});
