/**
 * `helpFeedback/{id}`: "Was this helpful?" answers under help articles. Answers go through the
 * helpFeedback callable (which limits how many one person or address sends); admins read them.
 */
import { collection } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import { QUERIES } from '$shared/queries';
import type { HelpFeedbackDoc } from '$shared/types';
import { firebase } from '$lib/firebase/app';
import { call } from '$lib/firebase/callables';
import { converter, type WithId } from '$lib/firebase/convert';
import { shapedQuery } from '$lib/firebase/shaped-query';

export type HelpFeedback = WithId<HelpFeedbackDoc>;

const feedback = () =>
	collection(firebase().db, COL.helpFeedback).withConverter(converter<HelpFeedbackDoc>());

/** Sends one answer, attributed to whoever is signed in (the server reads that from the call). */
export async function sendFeedback(input: { article: string; helpful: boolean; comment: string }) {
	const comment = input.helpful ? '' : input.comment.trim().slice(0, LIMITS.feedbackCommentMax);
	await call('helpFeedback', { article: input.article, helpful: input.helpful, comment });
}

/** Admin view: newest feedback first, optionally for one article. */
export function feedbackQuery(article?: string | null) {
	return article
		? shapedQuery(feedback(), QUERIES.articleFeedback, { eq: { article } }, LIMITS.pageMax)
		: shapedQuery(feedback(), QUERIES.feedback, {}, LIMITS.pageMax);
}
