/** `groups/{groupId}`: agencies (server-written; owner, members and admins read). */
import { doc } from 'firebase/firestore';
import { COL } from '$shared/paths';
import type { GroupDoc } from '$shared/types';
import { firebase } from '$lib/firebase/app';
import { converter, type WithId } from '$lib/firebase/convert';

export type Group = WithId<GroupDoc>;

export function groupRef(groupId: string) {
	return doc(firebase().db, COL.groups, groupId).withConverter(converter<GroupDoc>());
}
