import { onCall } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { answerRequest } from './answer.js';
import { chatAnswerSchema } from './schemas.js';

/** The operator, or its group owner, accepts or declines a ringing request; the first answer wins. */
export const chatAnswer = onCall<Req<'chatAnswer'>, Promise<Res<'chatAnswer'>>>(async (request) => {
	const caller = requireAuth(request);
	const input = parsePayload(chatAnswerSchema, request.data);
	return answerRequest(db(), caller, input);
});
