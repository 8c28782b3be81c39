import { describe, expect, it } from 'vitest';
import {
	checkoutSchema,
	demoTopUpSchema,
	lockAgreeSchema,
	lockCreateSchema,
	updateSettingsSchema
} from './schemas.js';

const HOSTILE = [
	0,
	-1,
	12.5,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	2 ** 53,
	'100',
	null,
	true,
	[100]
];

describe('money schemas', () => {
	it('accepts whole cents within bounds', () => {
		expect(
			lockCreateSchema.safeParse({ sessionId: 's1', priceCents: 1250, description: ' Tarot ' }).data
		).toEqual({
			sessionId: 's1',
			priceCents: 1250,
			description: 'Tarot'
		});
		expect(demoTopUpSchema.safeParse({ amountCents: 50_000, key: 'key-12345' }).success).toBe(true);
		expect(checkoutSchema.safeParse({ amountCents: 500, returnPath: '/chat/abc' }).success).toBe(
			true
		);
	});

	it.each(HOSTILE)('refuses the amount %s everywhere', (amount) => {
		expect(
			lockCreateSchema.safeParse({ sessionId: 's', priceCents: amount, description: 'x' }).success
		).toBe(false);
		expect(demoTopUpSchema.safeParse({ amountCents: amount, key: 'key-12345' }).success).toBe(
			false
		);
		expect(checkoutSchema.safeParse({ amountCents: amount }).success).toBe(false);
	});

	it('refuses top-ups over $500.00 and checkout under $5.00', () => {
		expect(demoTopUpSchema.safeParse({ amountCents: 50_001, key: 'key-12345' }).success).toBe(
			false
		);
		expect(checkoutSchema.safeParse({ amountCents: 499 }).success).toBe(false);
	});

	it('refuses return paths to other sites', () => {
		for (const returnPath of [
			'//evil.example',
			'https://evil.example/',
			'wallet',
			'/a?b=c',
			'/a b'
		]) {
			expect(checkoutSchema.safeParse({ amountCents: 500, returnPath }).success).toBe(false);
		}
	});

	it('refuses empty, blank or too long descriptions and unknown fields', () => {
		expect(
			lockCreateSchema.safeParse({ sessionId: 's', priceCents: 100, description: '   ' }).success
		).toBe(false);
		expect(
			lockCreateSchema.safeParse({ sessionId: 's', priceCents: 100, description: 'x'.repeat(501) })
				.success
		).toBe(false);
		expect(
			lockCreateSchema.safeParse({
				sessionId: 's',
				priceCents: 100,
				description: 'x',
				status: 'paid'
			}).success
		).toBe(false);
	});

	it('wants a client key of 8 to 128 safe characters', () => {
		const ok = (key: unknown) =>
			lockAgreeSchema.safeParse({ sessionId: 's', lockId: 'l', key }).success;
		expect(ok('abcd-1234')).toBe(true);
		expect(ok('short')).toBe(false);
		expect(ok('x'.repeat(129))).toBe(false);
		expect(ok('has space!')).toBe(false);
		expect(ok(12345678)).toBe(false);
	});

	it('validates settings: commission 0..10000, 1 <= min <= max <= $10,000.00', () => {
		const ok = (s: object) => updateSettingsSchema.safeParse(s).success;
		expect(ok({ commissionBps: 0, lockMinCents: 1, lockMaxCents: 1 })).toBe(true);
		expect(ok({ commissionBps: 10_000, lockMinCents: 50, lockMaxCents: 1_000_000 })).toBe(true);
		expect(ok({ commissionBps: 10_001, lockMinCents: 50, lockMaxCents: 100 })).toBe(false);
		expect(ok({ commissionBps: -1, lockMinCents: 50, lockMaxCents: 100 })).toBe(false);
		expect(ok({ commissionBps: 30.5, lockMinCents: 50, lockMaxCents: 100 })).toBe(false);
		expect(ok({ commissionBps: 3000, lockMinCents: 0, lockMaxCents: 100 })).toBe(false);
		expect(ok({ commissionBps: 3000, lockMinCents: 200, lockMaxCents: 100 })).toBe(false);
		expect(ok({ commissionBps: 3000, lockMinCents: 50, lockMaxCents: 1_000_001 })).toBe(false);
		expect(ok({ commissionBps: 3000, lockMinCents: 50 })).toBe(false);
	});
});
