import { onCall } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { openPanel } from './panels.js';
import { openPanelSchema } from './schemas.js';

/** Opens a control panel: records it and returns its id and the secret for its close beacon. */
export const presenceOpenPanel = onCall<
	Req<'presenceOpenPanel'>,
	Promise<Res<'presenceOpenPanel'>>
>(async (request) => {
	const caller = requireAuth(request);
	parsePayload(openPanelSchema, request.data ?? {});
	return openPanel(db(), caller);
});
