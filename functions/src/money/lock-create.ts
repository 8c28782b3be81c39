import { onCall } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { createLock } from './lock-open.js';
import { lockCreateSchema } from './schemas.js';

/** The operator side locks the chat with a price and a description; messages wait meanwhile. */
export const lockCreate = onCall<Req<'lockCreate'>, Promise<Res<'lockCreate'>>>(async (request) => {
	const caller = requireAuth(request);
	const input = parsePayload(lockCreateSchema, request.data);
	return createLock(db(), caller, input);
});
