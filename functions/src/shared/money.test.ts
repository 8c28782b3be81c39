import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from './config.js';
import { cents, formatMoney, isCents, parseAmount, splitPrice, type Cents } from './money.js';

const c = (n: number) => n as Cents;

describe('splitPrice', () => {
	// The pinned rounding rule: the platform share is rounded half up to the cent, the payee gets
	// the exact remainder. A change to any row is a change to what operators are paid.
	it.each([
		// price, bps, platform, payee
		[0, 3000, 0, 0],
		[1, 3000, 0, 1], // 0.3 → 0
		[2, 3000, 1, 1], // 0.6 → 1
		[5, 3000, 2, 3], // 1.5 → 2 (half up)
		[15, 3000, 5, 10], // 4.5 → 5 (half up)
		[25, 3000, 8, 17], // 7.5 → 8 (half up, not half to even)
		[50, 3000, 15, 35], // the lowest lock price
		[99, 3000, 30, 69], // 29.7 → 30
		[333, 3000, 100, 233], // 99.9 → 100
		[1001, 3000, 300, 701], // 300.3 → 300
		[50_000, 3000, 15_000, 35_000], // the highest lock price
		[1, 5000, 1, 0], // 0.5 → 1: a tie goes to the platform
		[3, 5000, 2, 1], // 1.5 → 2
		[1234, 0, 0, 1234], // no commission
		[1234, 10_000, 1234, 0], // everything to the platform
		[1, 1, 0, 1], // 0.0001 → 0
		[5000, 1, 1, 4999] // 0.5 → 1
	])('price %i at %i bps → platform %i, payee %i', (price, bps, platform, payee) => {
		expect(splitPrice(c(price), bps)).toEqual({ platform, payee });
	});

	it('uses a 30% default commission', () => {
		expect(DEFAULTS.commissionBps).toBe(3000);
	});

	it('sums to the price, never goes negative and rounds the exact share half up', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 1_000_000_000 }),
				fc.integer({ min: 0, max: 10_000 }),
				(price, bps) => {
					const { platform, payee } = splitPrice(c(price), bps);
					expect(Number.isSafeInteger(platform)).toBe(true);
					expect(Number.isSafeInteger(payee)).toBe(true);
					expect(platform + payee).toBe(price);
					expect(platform).toBeGreaterThanOrEqual(0);
					expect(payee).toBeGreaterThanOrEqual(0);
					// In units of 1/10 000 cent (exact integers here): the platform share is within half
					// a cent of price × bps / 10 000, and an exact half rounds up.
					const error = platform * 10_000 - price * bps;
					expect(error).toBeGreaterThan(-5_000);
					expect(error).toBeLessThanOrEqual(5_000);
				}
			),
			{ numRuns: 2_000 }
		);
	});

	it('gives the platform no more as the commission falls, and the payee no less', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 1_000_000 }),
				fc.integer({ min: 0, max: 9_999 }),
				(price, bps) => {
					const lower = splitPrice(c(price), bps);
					const higher = splitPrice(c(price), bps + 1);
					expect(lower.platform).toBeLessThanOrEqual(higher.platform);
					expect(lower.payee).toBeGreaterThanOrEqual(higher.payee);
				}
			)
		);
	});

	it.each([
		['a fractional price', 1.5, 3000],
		['a negative price', -1, 3000],
		['NaN as the price', Number.NaN, 3000],
		['an infinite price', Number.POSITIVE_INFINITY, 3000],
		['a price beyond safe integers', Number.MAX_SAFE_INTEGER + 2, 3000],
		['a negative commission', 100, -1],
		['a commission above 100%', 100, 10_001],
		['a fractional commission', 100, 2999.5],
		['NaN as the commission', 100, Number.NaN]
	])('refuses %s', (_what, price, bps) => {
		expect(() => splitPrice(c(price), bps)).toThrow(RangeError);
	});

	it('refuses every non-integer price and every out-of-range commission', () => {
		fc.assert(
			fc.property(
				fc.double({ noNaN: false }).filter((x) => !Number.isSafeInteger(x) || x < 0),
				(price) => {
					expect(() => splitPrice(c(price), 3000)).toThrow(RangeError);
				}
			)
		);
		fc.assert(
			fc.property(
				fc.oneof(
					fc.integer({ max: -1 }),
					fc.integer({ min: 10_001 }),
					fc.double().filter((x) => !Number.isInteger(x))
				),
				(bps) => {
					expect(() => splitPrice(c(100), bps)).toThrow(RangeError);
				}
			)
		);
	});
});

describe('parseAmount', () => {
	it.each([
		['12', 1200],
		['12.5', 1250],
		['12.50', 1250],
		['12,50', 1250],
		['12,5', 1250],
		['0.01', 1],
		['0', 0],
		['0.5', 50],
		['  7.25 ', 725],
		['9999999.99', 999_999_999],
		['007', 700]
	])('reads %j as %i cents', (text, expected) => {
		expect(parseAmount(text)).toBe(expected);
	});

	it.each([
		'-1',
		'1.234',
		'abc',
		'',
		' ',
		'1e3',
		'1.',
		'.5',
		'1,000.00',
		'1 000',
		'+1',
		'12.5.0',
		'10000000',
		'Infinity',
		'NaN',
		'0x10',
		'１２' // full-width digits
	])('refuses %j', (text) => {
		expect(parseAmount(text)).toBeNull();
	});

	it('reads back what formatting cents as a plain decimal writes', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 999_999_999 }), (amount) => {
				const text = `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}`;
				expect(parseAmount(text)).toBe(amount);
				expect(parseAmount(text.replace('.', ','))).toBe(amount);
			})
		);
	});

	it('returns whole cents or null for any text', () => {
		fc.assert(
			fc.property(fc.string(), (text) => {
				const amount = parseAmount(text);
				if (amount !== null) {
					expect(isCents(amount)).toBe(true);
					expect(amount).toBeGreaterThanOrEqual(0);
				}
			})
		);
	});
});

describe('cents and isCents', () => {
	it('accept safe integers only', () => {
		expect(isCents(0)).toBe(true);
		expect(isCents(-5)).toBe(true);
		expect(isCents(Number.MAX_SAFE_INTEGER)).toBe(true);
		for (const bad of [0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '5', null, undefined]) {
			expect(isCents(bad)).toBe(false);
		}
		expect(cents(42)).toBe(42);
		expect(() => cents(4.2)).toThrow(RangeError);
	});
});

describe('formatMoney', () => {
	it.each([
		[1234, '$12.34'],
		[0, '$0.00'],
		[5, '$0.05'],
		[50_000, '$500.00'],
		[123_456_789, '$1,234,567.89'],
		[-250, '-$2.50']
	])('formats %i cents in USD as %s', (amount, text) => {
		expect(formatMoney(amount, 'USD')).toBe(text);
	});

	it('follows the currency and the locale', () => {
		expect(formatMoney(1234, 'EUR', 'en-US')).toBe('€12.34');
		expect(formatMoney(1234, 'EUR', 'de-DE')).toBe('12,34\u00a0€');
	});
});
