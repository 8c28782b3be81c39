import { onCall } from 'firebase-functions/https';
import { z } from 'zod';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import { livekitConfig, livekitSecrets } from '../config.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { joinLiveKit, roomApi } from './enforce.js';
import { camSideOf } from './token.js';
import { docId } from '../lib/doc-id.js';

const camJoinSchema = z.strictObject({
	sessionId: docId
});

/**
 * A session window asks how to carry the webcam: a LiveKit room token when a LiveKit server is
 * configured, else peer to peer (signalled through sessions/{id}/signals). The same checks apply
 * either way, so the app's answer to a refusal does not depend on the deployment.
 */
export const camJoin = onCall<Req<'camJoin'>, Promise<Res<'camJoin'>>>(
	{ secrets: livekitSecrets() },
	async (request) => {
		const caller = requireAuth(request);
		const input = parsePayload(camJoinSchema, request.data);
		const config = livekitConfig();
		if (!config) {
			await camSideOf(db(), caller, input.sessionId);
			return { transport: 'p2p' };
		}
		return joinLiveKit(db(), roomApi(config), config, caller, input.sessionId);
	}
);
