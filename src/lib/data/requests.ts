/** `requests/{id}`: chat requests. Server-written; the app reads them (waiting screen, panels). */
import { collection, doc } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import { QUERIES } from '$shared/queries';
import type { RequestDoc } from '$shared/chat';
import { firebase } from '$lib/firebase/app';
import { converter, type WithId } from '$lib/firebase/convert';
import { shapedQuery } from '$lib/firebase/shaped-query';

export type ChatRequest = WithId<RequestDoc>;

const requests = () =>
	collection(firebase().db, COL.requests).withConverter(converter<RequestDoc>());

export function requestRef(id: string) {
	return doc(requests(), id);
}

/** Requests ringing for one operator (its own control panel). */
export function ringingForOperatorQuery(operatorId: string) {
	return shapedQuery(
		requests(),
		QUERIES.requestsOfOperator,
		{ eq: { operatorId, status: 'ringing' } },
		LIMITS.pageMax
	);
}

/** Requests ringing for every operator of a group: one listener for the whole group console. */
export function ringingForGroupQuery(groupId: string) {
	return shapedQuery(
		requests(),
		QUERIES.requestsOfGroup,
		{ eq: { groupId, status: 'ringing' } },
		LIMITS.pageMax
	);
}
