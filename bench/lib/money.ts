/**
 * Money fixtures for the benchmarks and fault runs, through the same modules the callables run:
 * an active chat with a pending offer, ready for its customer to pay.
 */
import { topUp } from '../../functions/lib/money/ledger.js';
import { createLock } from '../../functions/lib/money/lock-open.js';
import { db } from '../../functions/lib/lib/admin.js';
import { startedSession } from '../../functions/lib/shared/chat.js';

export type Cents = Parameters<typeof topUp>[1]['amount'];
export type Caller = Parameters<typeof createLock>[1];

export const operatorCaller = (uid: string): Caller => ({
	uid,
	role: 'operator',
	groupId: null,
	email: null
});

export const customerCaller = (uid: string): Caller => ({
	uid,
	role: 'customer',
	groupId: null,
	email: null
});

/** Credits a wallet once per key, as a top-up would. */
export function fund(uid: string, amount: number, key = `bench-${uid}`) {
	return topUp(db(), { uid, amount: amount as Cents, provider: 'demo', key });
}

/** An active session between a customer and an operator with a pending offer of `price`. */
export async function readyLock(customerUid: string, operatorUid: string, price: number) {
	const ref = db().collection('sessions').doc();
	await ref.set(
		startedSession({
			requestId: ref.id,
			customer: { uid: customerUid, name: 'Bench customer' },
			operator: { id: operatorUid, name: 'Bench operator' },
			groupId: null,
			startedAt: new Date(),
			heartbeatSeconds: 10,
			windowTimeoutSeconds: 30
		})
	);
	const { lockId } = await createLock(db(), operatorCaller(operatorUid), {
		sessionId: ref.id,
		priceCents: price as Cents,
		description: 'Benchmark reading'
	});
	return { sessionId: ref.id, lockId };
}
