/**
 * Races on money: many windows paying one lock, one wallet paying many locks at once, and many
 * customers paying one operator (and the platform) at once.
 *
 * The large races call the module the lockAgree callable runs (functions/lib/money/lock-pay.js)
 * in-process against the Firestore emulator: the Functions emulator serves each concurrent request
 * from its own worker process and starts one per request, which two cores cannot do fifty times
 * at once (its start-up timeout fails the calls). Smaller races go through the callable itself.
 * In-process, the transaction attempts are counted (every re-run after an aborted commit).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLock } from '../../functions/lib/money/lock-open.js';
import { agreeLock } from '../../functions/lib/money/lock-pay.js';
import {
	resetTransactionStats,
	transactionStats
} from '../../functions/lib/lib/contended-transaction.js';
import { resetEmulators } from '../emulator';
import { all, db } from './admin-sdk';
import { expectRefused } from './expect-call';
import {
	agree,
	balanceOf,
	data,
	expectMoneyInvariants,
	fund,
	newKey,
	offer,
	openSession,
	person,
	warmWorkers,
	type Person
} from './money-kit';

type AgreeCall = Awaited<ReturnType<typeof agree>>;
type Caller = Parameters<typeof agreeLock>[1];

/** Runs the calls at once; those answered ABORTED go again (same arguments, same key). */
async function race(calls: (() => Promise<AgreeCall>)[]): Promise<AgreeCall[]> {
	const results: AgreeCall[] = new Array(calls.length);
	let pending = calls.map((_, i) => i);
	for (let round = 0; round < 6 && pending.length > 0; round++) {
		const settled = await Promise.all(pending.map((i) => calls[i]!()));
		const again: number[] = [];
		settled.forEach((r, j) => {
			if (r.error?.status === 'ABORTED') again.push(pending[j]!);
			else results[pending[j]!] = r;
		});
		pending = again;
	}
	expect(pending, 'calls still aborted after 6 rounds').toEqual([]);
	return results;
}

const asCaller = (p: { uid: string }): Caller => ({
	uid: p.uid,
	role: 'customer',
	groupId: null,
	email: null
});

/** A customer who exists only as a uid (in-process calls need no Auth account). */
const customerUid = (uid: string): Person => ({ ...alice, uid, name: uid });

function stats(label: string, ms: number) {
	const { transactions, attempts, gaveUp } = transactionStats;
	console.log(
		`${label}: ${ms} ms, ${transactions} transactions, ${attempts} attempts ` +
			`(${attempts - transactions} re-runs), ${gaveUp} gave up`
	);
	return transactionStats;
}

let alice: Person;
let sol: Person;

beforeAll(async () => {
	await warmWorkers('lockAgree', 6);
}, 120_000);

beforeEach(async () => {
	await resetEmulators();
	[alice, sol] = await Promise.all([person('Alice'), person('Sol Amari', { role: 'operator' })]);
});

afterEach(async () => {
	await expectMoneyInvariants();
});

// The generous timeouts below bound nothing about speed: under contention the SDK retries a
// transaction with exponential backoff, and on a loaded 2-core machine one race has taken over
// two minutes to settle. The figures printed by each race are what matters.
describe('races through the module the callable runs', () => {
	it(
		'50 windows paying one lock at once: charged once, one transfer for all',
		{ timeout: 300_000 },
		async () => {
			const sessionId = await openSession(alice, sol);
			await fund(alice, 10_000);
			const lockId = await offer(sol, sessionId, 1250);
			const keys = Array.from({ length: 50 }, () => newKey());
			resetTransactionStats();
			const started = Date.now();
			const answers = await Promise.all(
				keys.map((key) => agreeLock(db(), asCaller(alice), { sessionId, lockId, key }))
			);
			expect(stats('50 agrees on one lock', Date.now() - started).gaveUp).toBe(0);
			expect(new Set(answers.map((a) => a.transferId)).size).toBe(1);
			expect(answers.filter((a) => !a.alreadyPaid)).toHaveLength(1);
			expect(await balanceOf(alice)).toBe(8750);
			expect(await all('transfers')).toHaveLength(2); // the funding top-up and the one payment
			// Every key answers its own first answer again.
			expect(await agreeLock(db(), asCaller(alice), { sessionId, lockId, key: keys[7]! })).toEqual(
				answers[7]
			);
		}
	);

	it(
		'a wallet with funds for exactly 7 locks, 20 locks paid at once: 7 paid, 13 told to top up',
		{ timeout: 300_000 },
		async () => {
			const k = 7;
			const price = 1000;
			await fund(alice, k * price);
			const sessions = await Promise.all(Array.from({ length: 20 }, () => openSession(alice, sol)));
			const locks = await Promise.all(sessions.map((s) => offer(sol, s, price)));
			resetTransactionStats();
			const started = Date.now();
			const settled = await Promise.allSettled(
				sessions.map((sessionId, i) =>
					agreeLock(db(), asCaller(alice), { sessionId, lockId: locks[i]!, key: newKey() })
				)
			);
			stats('20 agrees, one wallet', Date.now() - started);
			const paid = settled.filter((s) => s.status === 'fulfilled');
			expect(paid).toHaveLength(k);
			for (const s of settled.filter((s) => s.status === 'rejected')) {
				const error = (s as PromiseRejectedResult).reason as { code: string; message: string };
				expect(error.code).toBe('failed-precondition');
				expect(error.message).toMatch(
					/^Your balance is \$[0-9]\.00; this costs \$10\.00\. Top up to continue\.$/
				);
			}
			expect(await balanceOf(alice)).toBe(0);
			const statuses = await Promise.all(
				sessions.map(async (s, i) => (await data(`sessions/${s}/locks/${locks[i]}`))!.status)
			);
			expect(statuses.filter((s) => s === 'paid')).toHaveLength(k);
			expect(statuses.filter((s) => s === 'pending')).toHaveLength(20 - k);
		}
	);

	it(
		'200 unlocks by 50 customers crediting one operator and the platform',
		{ timeout: 300_000 },
		async () => {
			const operator = { uid: sol.uid, role: 'operator' as const, groupId: null, email: null };
			const price = 1250;
			const perCustomer = 4;
			const customers = Array.from({ length: 50 }, (_, i) => customerUid(`cust${i}`));
			await Promise.all(customers.map((c) => fund(c, price * perCustomer)));
			const jobs: { customer: Person; sessionId: string; lockId: string }[] = [];
			for (const customer of customers) {
				for (let j = 0; j < perCustomer; j++) {
					const sessionId = await openSession(customer, sol);
					const input = { sessionId, priceCents: price, description: 'Reading' };
					const { lockId } = await createLock(db(), operator, input);
					jobs.push({ customer, sessionId, lockId });
				}
			}
			resetTransactionStats();
			const started = Date.now();
			const settled = await Promise.allSettled(
				jobs.map((j) =>
					agreeLock(db(), asCaller(j.customer), {
						sessionId: j.sessionId,
						lockId: j.lockId,
						key: newKey()
					})
				)
			);
			const counted = stats('200 unlocks (50 customers × 4, one operator)', Date.now() - started);
			expect(
				settled
					.filter((s) => s.status === 'rejected')
					.map((f) => String((f as PromiseRejectedResult).reason))
			).toEqual([]);
			expect(counted.transactions).toBe(200);
			expect(counted.gaveUp).toBe(0);
			for (const c of customers) expect(await balanceOf(c)).toBe(0);
			const entries = await all('ledger');
			const sum = (prefix: string) =>
				entries
					.filter((e) => (e.account as string).startsWith(prefix))
					.reduce((s, e) => s + (e.amount as number), 0);
			expect(sum(`payee:operator:${sol.uid}`)).toBe(200 * 875);
			expect(sum('platform:')).toBe(200 * 375);
			// Spread over several platform account ids (no single index range takes every unlock).
			const shards = new Set(
				entries.filter((e) => (e.account as string).startsWith('platform:')).map((e) => e.account)
			);
			expect(shards.size).toBeGreaterThan(1);
		}
	);
});

describe('races through the callable', () => {
	it(
		'6 windows paying one lock at once: charged once, one transfer for all',
		{ timeout: 300_000 },
		async () => {
			const sessionId = await openSession(alice, sol);
			await fund(alice, 5000);
			const lockId = await offer(sol, sessionId, 1250);
			const results = await race(
				Array.from({ length: 6 }, () => () => agree(alice, sessionId, lockId))
			);
			for (const r of results) expect(r.error, JSON.stringify(r.error)).toBeUndefined();
			expect(new Set(results.map((r) => r.result!.transferId)).size).toBe(1);
			expect(results.filter((r) => !r.result!.alreadyPaid)).toHaveLength(1);
			expect(await balanceOf(alice)).toBe(3750);
		}
	);

	it(
		'funds for 2 of 6 locks paid at once: 2 paid, 4 told to top up',
		{ timeout: 300_000 },
		async () => {
			await fund(alice, 2000);
			const sessions = await Promise.all(Array.from({ length: 6 }, () => openSession(alice, sol)));
			const locks = await Promise.all(sessions.map((s) => offer(sol, s, 1000)));
			const results = await race(sessions.map((s, i) => () => agree(alice, s, locks[i]!)));
			expect(results.filter((r) => r.result)).toHaveLength(2);
			for (const r of results.filter((r) => r.error)) {
				expect(expectRefused(r, 'FAILED_PRECONDITION')).toMatch(
					/^Your balance is \$0\.00; this costs \$10\.00\./
				);
			}
			expect(await balanceOf(alice)).toBe(0);
		}
	);
});
