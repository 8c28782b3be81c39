/** `requests/{id}`: chat requests. Server-written; the app reads them (waiting screen, panels). */
import { collection, doc, limit, query, where } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import type { RequestDoc } from '$shared/chat';
import { firebase } from '$lib/firebase/app';
import { converter, type WithId } from '$lib/firebase/convert';

export type ChatRequest = WithId<RequestDoc>;

const requests = () =>
	collection(firebase().db, COL.requests).withConverter(converter<RequestDoc>());

export function requestRef(id: string) {
	return doc(requests(), id);
}

/** Requests ringing for one operator (its own control panel). */
export function ringingForOperatorQuery(operatorId: string) {
	return query(
		requests(),
		where('operatorId', '==', operatorId),
		where('status', '==', 'ringing'),
		limit(LIMITS.pageMax)
	);
}

/** Requests ringing for every operator of a group: one listener for the whole group console. */
export function ringingForGroupQuery(groupId: string) {
	return query(
		requests(),
		where('groupId', '==', groupId),
		where('status', '==', 'ringing'),
		limit(LIMITS.pageMax)
	);
}
