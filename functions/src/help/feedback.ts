/**
 * "Was this helpful?" answers under help articles (helpFeedback/{id}). Anyone may answer, signed
 * in or not, so the answers are written here rather than by the browser: the server counts them
 * per person (uid) or, signed out, per network address (LIMITS.feedbackPerHour), which rules
 * cannot. No document holds the address: the counter's id is a hash of it.
 */
import { createHash } from 'node:crypto';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import { runContended } from '../lib/contended-transaction.js';
import { limitCheck, rateLimitRef } from '../lib/rate-limits.js';
import { LIMITS } from '../shared/config.js';
import { feedbackRefusal } from '../shared/meters.js';
import { newHelpFeedbackRef } from '../lib/refs.js';

export const FEEDBACK_LIMIT = {
	cooldownMs: 0,
	perWindow: LIMITS.feedbackPerHour,
	windowMs: 60 * 60_000
};

/** Who is answering, for the limit: a uid, or a hash of the address the request came from. */
export function feedbackKey(uid: string | null, address: string | null, projectId: string) {
	if (uid) return `uid-${uid}`;
	const hash = createHash('sha256')
		.update(`${projectId}:${address ?? 'unknown'}`)
		.digest('hex');
	return `ip-${hash.slice(0, 32)}`;
}

export async function saveFeedback(
	db: Firestore,
	input: { article: string; helpful: boolean; comment: string },
	who: { uid: string | null; key: string }
): Promise<{ saved: true }> {
	const limitRef = rateLimitRef(db, 'feedback', who.key);
	const ref = newHelpFeedbackRef(db);
	await runContended(db, async (tx) => {
		const check = limitCheck(tx, await tx.get(limitRef), FEEDBACK_LIMIT, Date.now());
		if (check.wait) throw new HttpsError('resource-exhausted', feedbackRefusal(check.wait));
		check.count();
		tx.create(ref, {
			article: input.article,
			helpful: input.helpful,
			comment: input.helpful ? '' : input.comment,
			uid: who.uid,
			createdAt: FieldValue.serverTimestamp()
		});
	});
	return { saved: true };
}
