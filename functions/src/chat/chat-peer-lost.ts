import { onCall } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { endLostPeer } from './sessions.js';
import { sessionIdSchema } from './schemas.js';

/**
 * A window sees the other side silent past the window timeout (a crash, a lost network): the
 * server checks on its own clock and ends the chat, so the person still here is told within the
 * timeout instead of at the next sweep.
 */
export const chatPeerLost = onCall<Req<'chatPeerLost'>, Promise<Res<'chatPeerLost'>>>(
	async (request) => {
		const caller = requireAuth(request);
		const input = parsePayload(sessionIdSchema, request.data);
		return endLostPeer(db(), caller, input.sessionId);
	}
);
