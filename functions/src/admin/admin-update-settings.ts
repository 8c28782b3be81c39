import { onCall } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth, requireRole } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { updateSettingsSchema } from '../money/schemas.js';
import { updateSettings } from '../money/settings.js';

/** Admin sets the commission and lock price bounds for offers made from now on. */
export const adminUpdateSettings = onCall<
	Req<'adminUpdateSettings'>,
	Promise<Res<'adminUpdateSettings'>>
>(async (request) => {
	const caller = requireAuth(request);
	const input = parsePayload(updateSettingsSchema, request.data);
	requireRole(caller, 'admin');
	return updateSettings(db(), input);
});
