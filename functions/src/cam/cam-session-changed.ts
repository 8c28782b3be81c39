import { onDocumentWritten } from 'firebase-functions/firestore';
import { logger } from 'firebase-functions';
import { MAX_INSTANCES, livekitConfig, livekitSecrets } from '../config.js';
import { COL } from '../shared/paths.js';
import { camEnforcementFor, enforceCam, roomApi } from './enforce.js';

/**
 * Enforces the webcam when a session ends or pauses (see enforce.ts). A no-op without a LiveKit
 * server. Idempotent: deleting a deleted room or removing a right twice changes nothing, so a
 * retried event is harmless.
 */
export const camSessionChanged = onDocumentWritten(
	{
		document: `${COL.sessions}/{sessionId}`,
		secrets: livekitSecrets(),
		maxInstances: MAX_INSTANCES.trigger
	},
	async (event) => {
		const config = livekitConfig();
		if (!config || !event.data) return;
		const before = event.data.before.data();
		const after = event.data.after.data();
		const action = camEnforcementFor(before, after);
		if (!action) return;
		const customerUid = String((after ?? before)?.customerUid ?? '');
		const result = await enforceCam(roomApi(config), event.params.sessionId, customerUid, action);
		logger.info('Webcam room enforced', { sessionId: event.params.sessionId, ...result });
	}
);
