import { onCall } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { closeLock } from './lock-open.js';
import { lockRefSchema } from './schemas.js';

/** The operator side takes back a pending offer; the chat is open again. */
export const lockWithdraw = onCall<Req<'lockWithdraw'>, Promise<Res<'lockWithdraw'>>>(
	async (request) => {
		const caller = requireAuth(request);
		const input = parsePayload(lockRefSchema, request.data);
		return closeLock(db(), caller, input, 'withdrawn');
	}
);
