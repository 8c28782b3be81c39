import { onCall } from 'firebase-functions/https';
import { auth, db } from '../lib/admin.js';
import { parsePayload, requireAdmin, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { reconcile } from '../money/reconcile.js';
import { emptySchema } from './schemas.js';

/** Admin checks the ledger: balances against entries, transfers against zero. Reads only. */
export const adminReconcile = onCall<Req<'adminReconcile'>, Promise<Res<'adminReconcile'>>>(
	{ timeoutSeconds: 540, memory: '1GiB' },
	async (request) => {
		const caller = requireAuth(request);
		parsePayload(emptySchema, request.data ?? {});
		await requireAdmin(auth(), caller);
		return reconcile(db());
	}
);
