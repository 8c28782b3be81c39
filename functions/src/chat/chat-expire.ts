import { onCall } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { expireRequest } from './requests.js';
import { requestIdSchema } from './schemas.js';

/**
 * A participant's countdown ended: the request stops ringing now rather than at the next sweep.
 * Idempotent; answers the request's status by then.
 */
export const chatExpire = onCall<Req<'chatExpire'>, Promise<Res<'chatExpire'>>>(async (request) => {
	const caller = requireAuth(request);
	const input = parsePayload(requestIdSchema, request.data);
	const { status, sessionId } = await expireRequest(db(), caller, input.requestId);
	return { status, sessionId };
});
