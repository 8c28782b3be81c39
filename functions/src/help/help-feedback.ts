import { onCall } from 'firebase-functions/https';
import { MAX_INSTANCES } from '../config.js';
import { db } from '../lib/admin.js';
import { parsePayload } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { feedbackKey, saveFeedback } from './feedback.js';
import { helpFeedbackSchema } from './schemas.js';

/**
 * A "Was this helpful?" answer, signed in or not. Anyone may call it, so it has a beacon's small
 * instance cap: a flood of answers cannot take the instances the rest of the product needs.
 */
export const helpFeedback = onCall<Req<'helpFeedback'>, Promise<Res<'helpFeedback'>>>(
	{ maxInstances: MAX_INSTANCES.beacon },
	async (request) => {
		const input = parsePayload(helpFeedbackSchema, request.data);
		const uid = typeof request.auth?.uid === 'string' && request.auth.uid ? request.auth.uid : null;
		const projectId = process.env.GCLOUD_PROJECT ?? '';
		const key = feedbackKey(uid, request.rawRequest.ip ?? null, projectId);
		return saveFeedback(db(), input, { uid, key });
	}
);
