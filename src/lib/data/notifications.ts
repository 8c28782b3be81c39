/** `notifications/{id}`: messages to one person, written by the server; the recipient marks them read. */
import { collection, doc, limit, orderBy, query, updateDoc, where } from 'firebase/firestore';
import { COL } from '$shared/paths';
import type { NotificationDoc } from '$shared/types';
import { firebase } from '$lib/firebase/app';
import { converter, type WithId } from '$lib/firebase/convert';

export type Notification = WithId<NotificationDoc>;

/** How many unread notifications a page shows at once; older ones wait their turn. */
const UNREAD_PAGE = 20;

export function unreadNotificationsQuery(uid: string) {
	return query(
		collection(firebase().db, COL.notifications).withConverter(converter<NotificationDoc>()),
		where('toUid', '==', uid),
		where('read', '==', false),
		orderBy('createdAt', 'desc'),
		limit(UNREAD_PAGE)
	);
}

export async function markNotificationRead(id: string) {
	await updateDoc(doc(firebase().db, COL.notifications, id), { read: true });
}
