import { onCall } from 'firebase-functions/https';
import { failAfterCommit } from '../dev/faults.js';
import { auth, db } from '../lib/admin.js';
import { parsePayload, requireAdmin, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { refundLock } from '../money/refund.js';
import { refundLockSchema } from '../money/schemas.js';

/** Admin refunds a paid lock with a correcting transfer, once. */
export const adminRefundLock = onCall<Req<'adminRefundLock'>, Promise<Res<'adminRefundLock'>>>(
	async (request) => {
		const caller = requireAuth(request);
		const input = parsePayload(refundLockSchema, request.data);
		await requireAdmin(auth(), caller);
		const result = await refundLock(db(), { ...input, adminUid: caller.uid });
		failAfterCommit(request.rawRequest, 'adminRefundLock');
		return result;
	}
);
