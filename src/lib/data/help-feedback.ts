/** `helpFeedback/{id}`: "Was this helpful?" answers under help articles. */
import { addDoc, collection, serverTimestamp } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import { QUERIES } from '$shared/queries';
import type { HelpFeedbackDoc } from '$shared/types';
import { firebase } from '$lib/firebase/app';
import { converter, type WithId } from '$lib/firebase/convert';
import { shapedQuery } from '$lib/firebase/shaped-query';

export type HelpFeedback = WithId<HelpFeedbackDoc>;

const feedback = () =>
	collection(firebase().db, COL.helpFeedback).withConverter(converter<HelpFeedbackDoc>());

export async function sendFeedback(input: {
	article: string;
	helpful: boolean;
	comment: string;
	uid: string | null;
}) {
	const comment = input.helpful ? '' : input.comment.trim().slice(0, LIMITS.feedbackCommentMax);
	await addDoc(collection(firebase().db, COL.helpFeedback), {
		article: input.article,
		helpful: input.helpful,
		comment,
		uid: input.uid,
		createdAt: serverTimestamp()
	});
}

/** Admin view: newest feedback first, optionally for one article. */
export function feedbackQuery(article?: string | null) {
	return article
		? shapedQuery(feedback(), QUERIES.articleFeedback, { eq: { article } }, LIMITS.pageMax)
		: shapedQuery(feedback(), QUERIES.feedback, {}, LIMITS.pageMax);
}
