import { HttpsError, onCall } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { closePanel } from './panels.js';
import { closePanelSchema } from './schemas.js';

/** Closes a control panel explicitly (e.g. a "Close panel" button, or sign-out). */
export const presenceClosePanel = onCall<
	Req<'presenceClosePanel'>,
	Promise<Res<'presenceClosePanel'>>
>(async (request) => {
	const caller = requireAuth(request);
	const input = parsePayload(closePanelSchema, request.data);
	const wentOffline = await closePanel(db(), input.panelId, 'closed', (panel) => {
		if (panel.ownerUid !== caller.uid) {
			throw new HttpsError('not-found', 'This control panel does not exist.');
		}
	});
	return { wentOffline };
});
