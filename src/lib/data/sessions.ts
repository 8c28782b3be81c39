/** `sessions/{id}`: chat sessions. Server-written; both sides read them. */
import { collection, doc } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import { QUERIES } from '$shared/queries';
import type { SessionDoc } from '$shared/chat';
import { firebase } from '$lib/firebase/app';
import { converter, type WithId } from '$lib/firebase/convert';
import { shapedQuery } from '$lib/firebase/shaped-query';

export type ChatSession = WithId<SessionDoc>;

/** How many past chats the history page shows. */
export const HISTORY_PAGE = 50;

const sessions = () =>
	collection(firebase().db, COL.sessions).withConverter(converter<SessionDoc>());

export function sessionRef(id: string) {
	return doc(sessions(), id);
}

/**
 * Chat history, newest first: a customer's own chats, an operator's, or (for a group owner)
 * every chat of the group's operators.
 */
export function historyQuery(who: {
	field: 'customerUid' | 'operatorId' | 'groupId';
	value: string;
}) {
	const v = who.value;
	if (who.field === 'customerUid')
		return shapedQuery(
			sessions(),
			QUERIES.historyOfCustomer,
			{ eq: { customerUid: v } },
			HISTORY_PAGE
		);
	if (who.field === 'operatorId')
		return shapedQuery(
			sessions(),
			QUERIES.historyOfOperator,
			{ eq: { operatorId: v } },
			HISTORY_PAGE
		);
	return shapedQuery(sessions(), QUERIES.historyOfGroup, { eq: { groupId: v } }, HISTORY_PAGE);
}

/**
 * The chats going on now for a control panel: an operator's own, or every chat of a group's
 * operators, so a busy row can lead back to its chat window (one listener per panel).
 */
export function liveChatsQuery(who: { field: 'operatorId' | 'groupId'; value: string }) {
	const max = LIMITS.pageMax;
	return who.field === 'operatorId'
		? shapedQuery(
				sessions(),
				QUERIES.liveChatsOfOperator,
				{ eq: { operatorId: who.value, status: 'active' } },
				max
			)
		: shapedQuery(
				sessions(),
				QUERIES.liveChatsOfGroup,
				{ eq: { groupId: who.value, status: 'active' } },
				max
			);
}
