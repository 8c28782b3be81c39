/**
 * Property-based: random sequences of top-ups, offers, payments, declines, withdrawals and refunds,
 * with hostile amounts (zero, negative, fractional, huge, NaN, infinities, text, null), run against
 * the Firestore emulator through the same edge checks and modules the callables run (schema parse,
 * then the money module), in-process for speed. After every step: the outcome matches a simple
 * model (who may pay what, what each wallet holds) and every money invariant holds.
 */
// fast-check is a development dependency of the functions package (its unit tests use it too).
import fc from '../../functions/node_modules/fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePayload } from '../../functions/lib/lib/guard.js';
import { topUp } from '../../functions/lib/money/ledger.js';
import { closeLock, createLock } from '../../functions/lib/money/lock-open.js';
import { agreeLock } from '../../functions/lib/money/lock-pay.js';
import { refundLock } from '../../functions/lib/money/refund.js';
import {
	demoTopUpSchema,
	lockAgreeSchema,
	lockCreateSchema,
	refundLockSchema
} from '../../functions/lib/money/schemas.js';
import { resetEmulators } from '../emulator';
import { db } from './admin-sdk';
import { expectMoneyInvariants } from './money-kit';

type Caller = Parameters<typeof agreeLock>[1];

const HOSTILE: unknown[] = [
	0,
	-1,
	-500,
	0.5,
	12.34,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	Number.NEGATIVE_INFINITY,
	2 ** 53,
	1e300,
	'100',
	'12.50',
	null,
	undefined,
	true,
	[100]
];
const amount = fc.oneof(
	{ weight: 3, arbitrary: fc.integer({ min: 1, max: 6000 }) },
	{ weight: 1, arbitrary: fc.integer({ min: -1000, max: 60_000 }) },
	{ weight: 2, arbitrary: fc.constantFrom(...HOSTILE) }
);

type Op =
	| { op: 'topUp'; who: number; amount: unknown }
	| { op: 'offer'; session: number; price: unknown }
	| { op: 'agree'; session: number; byOperator: boolean; reuseKey: boolean }
	| { op: 'decline'; session: number }
	| { op: 'withdraw'; session: number }
	| { op: 'refund'; session: number };

const SESSIONS = 3;
const opArb: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ op: fc.constant('topUp' as const), who: fc.nat(1), amount }),
	fc.record({ op: fc.constant('offer' as const), session: fc.nat(SESSIONS - 1), price: amount }),
	fc.record({
		op: fc.constant('agree' as const),
		session: fc.nat(SESSIONS - 1),
		byOperator: fc.boolean(),
		reuseKey: fc.boolean()
	}),
	fc.record({ op: fc.constant('decline' as const), session: fc.nat(SESSIONS - 1) }),
	fc.record({ op: fc.constant('withdraw' as const), session: fc.nat(SESSIONS - 1) }),
	fc.record({ op: fc.constant('refund' as const), session: fc.nat(SESSIONS - 1) })
);

const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** What the code under test threw, as the callable would report it. */
async function outcome<T>(run: () => Promise<T>): Promise<{ ok: T } | { code: string }> {
	try {
		return { ok: await run() };
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		if (typeof code !== 'string') throw error;
		return { code };
	}
}

let runNo = 0;

async function runSequence(ops: Op[]) {
	runNo += 1;
	const tag = `p${runNo}-${Date.now().toString(36)}`;
	const customers: Caller[] = [0, 1].map((i) => ({
		uid: `${tag}-c${i}`,
		role: 'customer',
		groupId: null,
		email: null
	}));
	const operators: Caller[] = [
		{ uid: `${tag}-sol`, role: 'operator', groupId: null, email: null },
		{ uid: `${tag}-luna`, role: 'operator', groupId: 'g-prop', email: null }
	];
	// Session i: customer i % 2 with operator i % 2 (one independent, one in a group).
	const sessions = await Promise.all(
		Array.from({ length: SESSIONS }, async (_, i) => {
			const ref = db().collection('sessions').doc();
			const op = operators[i % 2]!;
			await ref.set({
				customerUid: customers[i % 2]!.uid,
				customerName: `Customer ${i % 2}`,
				operatorId: op.uid,
				operatorName: `Operator ${i % 2}`,
				groupId: op.groupId,
				status: 'active',
				lockPending: false,
				startedAt: new Date()
			});
			return ref.id;
		})
	);
	const model = {
		balance: [0, 0],
		pending: new Map<number, { lockId: string; price: number }>(),
		paid: new Map<number, { lockId: string; price: number; refunded: boolean }[]>(),
		lastKey: new Map<number, { key: string; lockId: string }>()
	};

	for (const step of ops) {
		const s = 'session' in step ? step.session : 0;
		const sessionId = sessions[s]!;
		const customer = customers[s % 2]!;
		const operator = operators[s % 2]!;
		switch (step.op) {
			case 'topUp': {
				const who = customers[step.who]!;
				const r = await outcome(async () => {
					const input = parsePayload(demoTopUpSchema, {
						amountCents: step.amount,
						key: `k-${Math.random().toString(36).slice(2)}`
					});
					return topUp(db(), {
						uid: who.uid,
						amount: input.amountCents,
						provider: 'demo',
						key: input.key
					});
				});
				const valid = isWhole(step.amount) && step.amount >= 1 && step.amount <= 50_000;
				expect('ok' in r, `top-up of ${String(step.amount)}`).toBe(valid);
				if (valid) model.balance[step.who]! += step.amount as number;
				break;
			}
			case 'offer': {
				const r = await outcome(() =>
					createLock(
						db(),
						operator,
						parsePayload(lockCreateSchema, {
							sessionId,
							priceCents: step.price,
							description: 'Reading'
						})
					)
				);
				const validPrice = isWhole(step.price) && step.price >= 50 && step.price <= 50_000;
				if (!validPrice) {
					expect(r, `offer of ${String(step.price)}`).toEqual({ code: 'invalid-argument' });
				} else if (model.pending.has(s)) {
					expect(r).toEqual({ code: 'failed-precondition' });
				} else {
					expect('ok' in r).toBe(true);
					model.pending.set(s, {
						lockId: (r as { ok: { lockId: string } }).ok.lockId,
						price: step.price as number
					});
				}
				break;
			}
			case 'agree': {
				const pending = model.pending.get(s);
				const last = model.lastKey.get(s);
				const lockId = pending?.lockId ?? last?.lockId ?? 'none';
				const key = step.reuseKey && last ? last.key : `key-${Math.random().toString(36).slice(2)}`;
				const who = step.byOperator ? operator : customer;
				const r = await outcome(() =>
					agreeLock(db(), who, parsePayload(lockAgreeSchema, { sessionId, lockId, key }))
				);
				if (step.byOperator) {
					expect(r).toEqual({ code: 'permission-denied' });
				} else if (step.reuseKey && last) {
					// The same key for the same lock answers the same result; for another lock it is refused.
					if (last.lockId === lockId) expect('ok' in r).toBe(true);
					else expect(r).toEqual({ code: 'invalid-argument' });
				} else if (!pending) {
					expect(r).toEqual(lockId === 'none' ? { code: 'not-found' } : expect.anything());
				} else if (model.balance[s % 2]! >= pending.price) {
					expect('ok' in r, 'a funded payment succeeds').toBe(true);
					model.balance[s % 2]! -= pending.price;
					model.pending.delete(s);
					model.paid.set(s, [...(model.paid.get(s) ?? []), { ...pending, refunded: false }]);
					model.lastKey.set(s, { key, lockId });
				} else {
					expect(r, 'an unfunded payment is refused').toEqual({ code: 'failed-precondition' });
				}
				break;
			}
			case 'decline':
			case 'withdraw': {
				const pending = model.pending.get(s);
				if (!pending) break;
				const r = await outcome(() =>
					closeLock(
						db(),
						step.op === 'decline' ? customer : operator,
						{ sessionId, lockId: pending.lockId },
						step.op === 'decline' ? 'declined' : 'withdrawn'
					)
				);
				expect('ok' in r).toBe(true);
				model.pending.delete(s);
				break;
			}
			case 'refund': {
				const paid = model.paid.get(s)?.[0];
				if (!paid) break;
				const r = await outcome(() =>
					refundLock(
						db(),
						parsePayload(refundLockSchema, {
							sessionId,
							lockId: paid.lockId,
							reason: 'Property test'
						})
					)
				);
				expect('ok' in r).toBe(true);
				expect((r as { ok: { alreadyRefunded: boolean } }).ok.alreadyRefunded).toBe(paid.refunded);
				if (!paid.refunded) model.balance[s % 2]! += paid.price;
				paid.refunded = true;
				break;
			}
		}
		for (const [i, c] of customers.entries()) {
			const stored = (await db().doc(`wallets/${c.uid}`).get()).get('balance') ?? 0;
			expect(stored, `wallet of customer ${i} after ${JSON.stringify(step)}`).toBe(
				model.balance[i]
			);
		}
		await expectMoneyInvariants();
	}
}

beforeAll(async () => {
	await resetEmulators();
});

describe('random money sequences', () => {
	it('keep the model and every invariant after every step', { timeout: 120_000 }, async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 14 }), runSequence),
			{
				numRuns: 60,
				// Bounded in time as well: a slow machine runs fewer sequences rather than time out.
				interruptAfterTimeLimit: 50_000,
				markInterruptAsFailure: false,
				endOnFailure: true
			}
		);
	});
});
