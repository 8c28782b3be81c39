import { HttpsError, onCall } from 'firebase-functions/https';
import { devOnly } from '../dev/dev-only.js';
import { failAfterCommit } from '../dev/faults.js';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { MONEY_ERRORS } from '../shared/locks.js';
import type { Cents } from '../shared/money.js';
import { topUp } from './ledger.js';
import { demoTopUpSchema } from './schemas.js';

/**
 * The local demo's top-up: money from nowhere, so it exists only in the emulators of a demo-
 * project (devOnly, checked first, before anything else). Idempotent per (caller, key).
 */
export const walletDemoTopUp = onCall<Req<'walletDemoTopUp'>, Promise<Res<'walletDemoTopUp'>>>(
	async (request) => {
		if (!devOnly()) throw new HttpsError('failed-precondition', MONEY_ERRORS.demoOnly);
		const caller = requireAuth(request);
		const input = parsePayload(demoTopUpSchema, request.data);
		if (caller.role !== 'customer') {
			throw new HttpsError('permission-denied', MONEY_ERRORS.walletCustomersOnly);
		}
		const r = await topUp(db(), {
			uid: caller.uid,
			amount: input.amountCents as Cents,
			provider: 'demo',
			key: `${caller.uid}:${input.key}`
		});
		failAfterCommit(request.rawRequest, 'walletDemoTopUp');
		return { transferId: r.transferId, balanceCents: r.balance };
	}
);
