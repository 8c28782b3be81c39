import { onCall } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { cancelRequest } from './requests.js';
import { requestIdSchema } from './schemas.js';

/** The customer withdraws its ringing request (the waiting screen's Cancel). */
export const chatCancel = onCall<Req<'chatCancel'>, Promise<Res<'chatCancel'>>>(async (request) => {
	const caller = requireAuth(request);
	const input = parsePayload(requestIdSchema, request.data);
	return cancelRequest(db(), caller, input.requestId);
});
