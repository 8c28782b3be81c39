import { onCall } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth, requireRole } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { setStatus } from './panels.js';
import { setStatusSchema } from './schemas.js';

/** Sets operators online, away or offline from an open control panel. */
export const presenceSetStatus = onCall<
	Req<'presenceSetStatus'>,
	Promise<Res<'presenceSetStatus'>>
>(async (request) => {
	const caller = requireAuth(request);
	const input = parsePayload(setStatusSchema, request.data);
	requireRole(caller, 'operator', 'groupOwner', 'admin');
	return { changed: await setStatus(db(), caller, input) };
});
