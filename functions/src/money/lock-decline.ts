import { onCall } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { closeLock } from './lock-open.js';
import { lockRefSchema } from './schemas.js';

/** The customer declines an offer; the operator then continues for free or ends the chat. */
export const lockDecline = onCall<Req<'lockDecline'>, Promise<Res<'lockDecline'>>>(
	async (request) => {
		const caller = requireAuth(request);
		const input = parsePayload(lockRefSchema, request.data);
		return closeLock(db(), caller, input, 'declined');
	}
);
