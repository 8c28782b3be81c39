import { onCall } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { endSession } from './sessions.js';
import { chatEndSchema } from './schemas.js';

/** Either side leaves the chat (End, Leave): the other side is told, the operator is free again. */
export const chatEnd = onCall<Req<'chatEnd'>, Promise<Res<'chatEnd'>>>(async (request) => {
	const caller = requireAuth(request);
	const input = parsePayload(chatEndSchema, request.data);
	return endSession(db(), caller, input.sessionId);
});
