/**
 * Shared by the money tests: people, chat sessions and funds made directly (the chat callables
 * are tested in chat.test.ts), calls as those people, and the money invariants checked over
 * everything in the emulator after each scenario.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { topUp } from '../../functions/lib/money/ledger.js';
import { startedSession } from '../../functions/lib/shared/chat.js';
import {
	FUNCTIONS_ORIGIN,
	PROJECT_ID,
	callFunction,
	createAccount,
	type TestAccount
} from '../emulator';
import { all, db, expectLedgerConsistent, type Data } from './admin-sdk';
import { expectOk } from './expect-call';

export type Person = TestAccount & { name: string };

let made = 0;

/** A new account: a customer without claims, or an operator / group owner / admin. */
export async function person(
	name: string,
	claims?: { role: 'operator' | 'groupOwner' | 'admin'; groupId?: string }
): Promise<Person> {
	made += 1;
	const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${made}-${randomUUID().slice(0, 8)}@money.test`;
	const account = await createAccount(email, { displayName: name, claims });
	return { ...account, name };
}

/** A group with its owner (claims set) and its operators. */
export async function group(groupId: string, operators: string[]) {
	const owner = await person(`Owner of ${groupId}`, { role: 'groupOwner', groupId });
	await db()
		.doc(`groups/${groupId}`)
		.set({ name: `Group ${groupId}`, ownerUid: owner.uid, createdAt: new Date() });
	const ops = await Promise.all(operators.map((n) => person(n, { role: 'operator', groupId })));
	return { owner, operators: ops };
}

/**
 * An active chat session between a customer and an operator (as chatAnswer would open it).
 * `windowTimeoutSeconds`: how long its windows may be silent before the sweep ends it (a fixture
 * that must outlive the product's 30 s, with nobody's window beating, asks for more).
 */
export async function openSession(
	customer: Person,
	operator: Person,
	groupId: string | null = null,
	{ windowTimeoutSeconds = 30 }: { windowTimeoutSeconds?: number } = {}
): Promise<string> {
	const ref = db().collection('sessions').doc();
	await ref.set(
		startedSession({
			requestId: ref.id,
			customer,
			operator: { id: operator.uid, name: operator.name },
			groupId,
			startedAt: new Date(),
			heartbeatSeconds: 10,
			windowTimeoutSeconds
		})
	);
	return ref.id;
}

type Cents = Parameters<typeof topUp>[1]['amount'];

/** Credits a wallet through the ledger (a demo top-up), so balances stay derivable. */
export async function fund(who: Person, amount: number): Promise<void> {
	await topUp(db(), { uid: who.uid, amount: amount as Cents, provider: 'demo', key: randomUUID() });
}

export function call<T = unknown>(name: string, data: unknown, who?: Person) {
	return callFunction<T>(name, data, who?.idToken);
}

/**
 * Starts `workers` worker processes of a callable before a race. The Functions emulator runs one
 * request per worker process and starts a new process (loading every function) for each request
 * that finds none idle; many starting at once on two cores overrun its start-up timeout ("Failed
 * to load function"). Starting them a few at a time first leaves them idle for the race.
 */
export async function warmWorkers(name: string, workers: number, step = 2): Promise<void> {
	for (let n = Math.min(step, workers); ; n = Math.min(n + step, workers)) {
		await Promise.all(Array.from({ length: n }, () => call(name, null)));
		if (n === workers) return;
	}
}

/** A fresh client key, as the app makes one per Pay click. */
export function newKey(): string {
	return randomUUID();
}

export async function offer(
	operator: Person,
	sessionId: string,
	priceCents: number,
	description = 'Tarot reading (three cards)'
): Promise<string> {
	return expectOk(
		await call<{ lockId: string }>('lockCreate', { sessionId, priceCents, description }, operator)
	).lockId;
}

export function agree(customer: Person, sessionId: string, lockId: string, key = newKey()) {
	return call<{ transferId: string; balanceCents: number; alreadyPaid: boolean }>(
		'lockAgree',
		{ sessionId, lockId, key },
		customer
	);
}

export async function data(path: string): Promise<Record<string, unknown> | undefined> {
	return (await db().doc(path).get()).data();
}

export async function balanceOf(who: Person): Promise<number> {
	return ((await data(`wallets/${who.uid}`))?.balance as number | undefined) ?? 0;
}

/** The lines of a transcript, oldest first. */
export async function lines(sessionId: string) {
	const snap = await db().collection(`sessions/${sessionId}/messages`).orderBy('createdAt').get();
	return snap.docs.map((d) => ({ id: d.id, ...d.data() }) as Data);
}

/** Runs the local sweep once (the runner's timer runs it too: assertions hold either way). */
export async function sweep(): Promise<Record<string, number>> {
	const r = await fetch(`${FUNCTIONS_ORIGIN}/${PROJECT_ID}/us-central1/presenceSweepLocal`, {
		method: 'POST'
	});
	expect(r.ok).toBe(true);
	return (await r.json()) as Record<string, number>;
}

async function allLocks(): Promise<(Data & { sessionId: string })[]> {
	const snap = await db().collectionGroup('locks').get();
	return snap.docs.map((d) => ({ ...d.data(), id: d.id, sessionId: d.ref.parent.parent!.id }));
}

/**
 * The money invariants over everything in the emulator:
 * I1 entries of every transfer sum to 0, I2 every wallet equals the sum of its entries, I3 no
 * wallet below 0 (expectLedgerConsistent); I5 every lock's shares add up to its price; I4/I7 a
 * lock is paid exactly when its one transfer exists, with the lock's amounts on the right
 * accounts, and no lock payment exists without its paid lock; refunds reverse their payment,
 * once; one pending lock per session at most, and `lockPending` says whether there is one.
 */
export async function expectMoneyInvariants(): Promise<void> {
	await expectLedgerConsistent();
	const [locks, transfers, entries, sessions] = await Promise.all([
		allLocks(),
		all('transfers'),
		all('ledger'),
		all('sessions')
	]);
	const transferById = new Map(transfers.map((t) => [t.id, t]));
	const entriesOf = (id: string) =>
		entries
			.filter((e) => e.transferId === id)
			.map((e) => [e.account as string, e.amount as number] as const)
			.sort();
	const pendingPerSession = new Map<string, number>();
	for (const lock of locks) {
		const where = `lock ${lock.sessionId}/${lock.id}`;
		const price = lock.price as number;
		expect(Number.isSafeInteger(price) && price > 0, `${where} price is positive cents`).toBe(true);
		expect((lock.operatorShare as number) + (lock.platformShare as number), `${where} I5`).toBe(
			price
		);
		if (lock.status === 'pending') {
			pendingPerSession.set(lock.sessionId, (pendingPerSession.get(lock.sessionId) ?? 0) + 1);
		}
		if (lock.status !== 'paid') {
			expect(lock.transferId, `${where} unpaid has no transfer`).toBeNull();
			expect(lock.refundedTransferId, `${where} unpaid has no refund`).toBeNull();
			continue;
		}
		const payment = transferById.get(lock.transferId as string);
		expect(payment, `${where} paid has its transfer`).toBeDefined();
		expect(payment).toMatchObject({
			kind: 'lockPayment',
			amount: price,
			sessionId: lock.sessionId,
			lockId: lock.id
		});
		const paid = entriesOf(payment!.id);
		expect(paid).toHaveLength(3);
		const session = sessions.find((s) => s.id === lock.sessionId)!;
		const payee = session.groupId
			? `payee:group:${session.groupId as string}`
			: `payee:operator:${session.operatorId as string}`;
		expect(paid.find(([a]) => a === `wallet:${session.customerUid as string}`)?.[1]).toBe(-price);
		expect(paid.find(([a]) => a === payee)?.[1]).toBe(lock.operatorShare);
		expect(paid.find(([a]) => a.startsWith('platform:'))?.[1]).toBe(lock.platformShare);
		if (lock.refundedTransferId) {
			const refund = transferById.get(lock.refundedTransferId as string);
			expect(refund).toMatchObject({ kind: 'refund', refundOf: payment!.id, lockId: lock.id });
			expect(entriesOf(refund!.id)).toEqual(paid.map(([a, n]) => [a, -n] as const).sort());
		}
	}
	// No money moved for a lock that is not paid (I7), and no second payment or refund (I4).
	const paidLocks = new Set(locks.filter((l) => l.status === 'paid').map((l) => l.transferId));
	const refunded = new Set(locks.map((l) => l.refundedTransferId).filter(Boolean));
	for (const t of transfers) {
		if (t.kind === 'lockPayment')
			expect(paidLocks.has(t.id), `payment ${t.id} has a paid lock`).toBe(true);
		if (t.kind === 'refund') expect(refunded.has(t.id), `refund ${t.id} is its lock's`).toBe(true);
	}
	for (const s of sessions) {
		const pending = pendingPerSession.get(s.id) ?? 0;
		expect(pending, `session ${s.id} has at most one pending lock`).toBeLessThanOrEqual(1);
		expect(s.lockPending, `session ${s.id} lockPending`).toBe(pending === 1);
	}
}
