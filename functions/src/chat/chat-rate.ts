import { onCall } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { rateSession } from './sessions.js';
import { chatRateSchema } from './schemas.js';

/** The customer rates an ended chat, once. */
export const chatRate = onCall<Req<'chatRate'>, Promise<Res<'chatRate'>>>(async (request) => {
	const caller = requireAuth(request);
	const input = parsePayload(chatRateSchema, request.data);
	return rateSession(db(), caller, input);
});
