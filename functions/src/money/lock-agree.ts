import { onCall } from 'firebase-functions/https';
import { failAfterCommit } from '../dev/faults.js';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { agreeLock } from './lock-pay.js';
import { lockAgreeSchema } from './schemas.js';

/** The customer pays an offer from their wallet: one transaction, once per lock. */
export const lockAgree = onCall<Req<'lockAgree'>, Promise<Res<'lockAgree'>>>(async (request) => {
	const caller = requireAuth(request);
	const input = parsePayload(lockAgreeSchema, request.data);
	return agreeLock(db(), caller, input, Date.now, () =>
		failAfterCommit(request.rawRequest, 'lockAgree')
	);
});
