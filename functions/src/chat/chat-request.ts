import { onCall } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { createRequest } from './requests.js';
import { chatRequestSchema } from './schemas.js';

/** A customer asks an online operator for a chat: the request rings on the operator's panels. */
export const chatRequest = onCall<Req<'chatRequest'>, Promise<Res<'chatRequest'>>>(
	async (request) => {
		const caller = requireAuth(request);
		const input = parsePayload(chatRequestSchema, request.data);
		return createRequest(db(), caller, input);
	}
);
