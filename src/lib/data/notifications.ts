/** `notifications/{id}`: messages to one person, written by the server; the recipient marks them read. */
import { collection, doc, updateDoc } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { QUERIES } from '$shared/queries';
import type { NotificationDoc } from '$shared/types';
import { firebase } from '$lib/firebase/app';
import { converter, type WithId } from '$lib/firebase/convert';
import { shapedQuery } from '$lib/firebase/shaped-query';

export type Notification = WithId<NotificationDoc>;

/** How many unread notifications a page shows at once; older ones wait their turn. */
const UNREAD_PAGE = 20;

export function unreadNotificationsQuery(uid: string) {
	return shapedQuery(
		collection(firebase().db, COL.notifications).withConverter(converter<NotificationDoc>()),
		QUERIES.unreadNotifications,
		{ eq: { toUid: uid, read: false } },
		UNREAD_PAGE
	);
}

export async function markNotificationRead(id: string) {
	await updateDoc(doc(firebase().db, COL.notifications, id), { read: true });
}
