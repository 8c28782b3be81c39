import { z } from 'zod';
import { LIMITS } from '../shared/config.js';
import { docId } from '../lib/doc-id.js';
import { LEAVE_KEY_PATTERN } from '../shared/chat.js';

export const chatRequestSchema = z.strictObject({ operatorId: docId });

/** chatCancel and chatExpire. */
export const requestIdSchema = z.strictObject({ requestId: docId });

export const chatAnswerSchema = z.strictObject({
	requestId: docId,
	accept: z.boolean('Say whether to accept the request: true or false.')
});

export const chatEndSchema = z.strictObject({ sessionId: docId });

/** chatPeerLost. */
export const sessionIdSchema = chatEndSchema;

/** The leave beacon's body (sent as text by navigator.sendBeacon). */
export const leaveBeaconSchema = z.strictObject({
	sessionId: docId,
	uid: docId,
	leaveKey: z.string().regex(LEAVE_KEY_PATTERN)
});

const STARS = 'Give from 1 to 5 whole stars.';

export const chatRateSchema = z.strictObject({
	sessionId: docId,
	stars: z.int(STARS).min(1, STARS).max(5, STARS),
	comment: z
		.string()
		.trim()
		.max(LIMITS.ratingCommentMax, `Comments have at most ${LIMITS.ratingCommentMax} characters.`)
		.optional()
});
