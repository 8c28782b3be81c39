import { onCall } from 'firebase-functions/https';
import { auth, db } from '../lib/admin.js';
import { parsePayload, requireAdmin, requireAuth } from '../lib/guard.js';
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
	await requireAdmin(auth(), caller);
	return updateSettings(db(), input);
});
